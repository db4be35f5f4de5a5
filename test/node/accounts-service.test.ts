/**
 * AccountService against the WXM test server and the real keychain: add
 * (verified), edit, remove (nothing left behind), and the guardrails that keep
 * WXM from locking an account: stop after an auth failure, one re-login on
 * 401, no retry storms on 429/5xx.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { VaultError } from '../../electron/core/errors';
import { errorCode, failure } from '../harness/failure';
import { accountFixture, fakeClock, type AccountFixture } from '../harness/account-fixture';

let f: AccountFixture;
const add = (over: Partial<Parameters<AccountFixture['service']['add']>[0]> = {}) =>
  f.service.add({ label: 'Ops', username: 'ops@acme', secret: 'ops-password', authMode: 'password', baseUrl: f.server.baseUrl, ...over });

const fileText = () => readFileSync(join(f.dataDir, 'accounts.json'), 'utf8');

beforeEach(async () => {
  f = await accountFixture({
    server: {
      users: [
        { username: 'ops@acme', password: 'ops-password', apiKey: 'ops-api-key-1', station: 'uswest', role: 'Admin' },
        { username: 'eu@acme', password: 'eu-password', station: 'eu' },
        { username: 'twofa@acme', password: 'twofa-password', otp: '135790' },
      ],
    },
  });
});
afterEach(() => f.dispose());

describe('adding an account', () => {
  it('verifies by logging in, then stores the password in the keychain and metadata (with station) in the file', async () => {
    const view = await add();
    assert.equal(f.server.loginSuccesses('ops@acme'), 1);
    assert.equal(view.station, 'uswest');
    assert.equal(view.role, 'Admin');
    assert.equal(view.email, 'ops@acme');
    assert.equal(view.tokenState, 'valid');
    assert.equal(view.lastLoginAt, f.clock.now());
    assert.deepEqual((await f.secrets.keys()).sort(), [`account:${view.id}:binding`, `account:${view.id}:password`]);
    assert.equal(await f.secrets.get(`account:${view.id}:password`), 'ops-password');
    const file = JSON.parse(fileText());
    assert.equal(file.schemaVersion, 1);
    assert.equal(file.accounts[0].station, 'uswest');
    assert.ok(!fileText().includes('ops-password'));
    assert.deepEqual(
      (await f.service.list()).map((a) => a.id),
      [view.id],
    );
  });

  it('stores nothing at all when WXM refuses the password', async () => {
    assert.equal(await errorCode(add({ secret: 'wrong-password' })), 'invalid-credentials');
    assert.deepEqual(await f.secrets.keys(), []);
    assert.deepEqual(await f.service.list(), []);
  });

  it('stores nothing when WXM cannot be reached', async () => {
    f.server.failNext(503);
    assert.equal(await errorCode(add()), 'server-error');
    assert.deepEqual(await f.secrets.keys(), []);
    assert.deepEqual(await f.service.list(), []);
  });

  it('refuses a second entry for the same user and base URL', async () => {
    await add();
    assert.equal(await errorCode(add({ label: 'Again', username: 'OPS@acme' })), 'bad-request');
    assert.equal((await f.service.list()).length, 1);
  });

  it('keeps several accounts apart, each with its own station', async () => {
    const a = await add();
    const b = await add({ label: 'EU', username: 'eu@acme', secret: 'eu-password' });
    const list = await f.service.list();
    assert.deepEqual(
      list.map((v) => [v.id, v.station]),
      [
        [a.id, 'uswest'],
        [b.id, 'eu'],
      ],
    );
    assert.notEqual(await f.service.accessToken(a.id), await f.service.accessToken(b.id));
  });

  it('the log redactor lets go of tokens the vault dropped and of spent one-time codes', async () => {
    const view = await add({ username: 'twofa@acme', secret: 'twofa-password', otp: '135790' });
    const token = f.server.issuedTokens('twofa@acme').at(-1)!;
    assert.equal(f.redactor.redact(`x ${token} x`), 'x [REDACTED] x', 'a live token is redacted wherever it shows up');
    assert.equal(f.redactor.redact('id 1357901'), 'id 1357901', 'the spent code no longer blots out matching digits');
    await f.service.forgetTokens(); // as on lock
    assert.equal(f.redactor.redact(`x ${token} x`), `x ${token} x`, 'a dropped token is not held in memory by the redactor');
    assert.equal(f.redactor.redact('p twofa-password p'), 'p twofa-password p', 'nor is the password: a locked vault holds no secret (review L7)');
    void view;
  });

  it('adds a two-factor account with its code, and then asks for a new code (one login without a code, so WXM sends one)', async () => {
    const view = await add({ username: 'twofa@acme', secret: 'twofa-password', otp: '135790' });
    assert.equal(f.server.loginForms.at(-1)?.username, 'twofa@acme#135790');
    f.clock.advance(13 * 3600_000);
    f.server.resetCounts();
    assert.equal(await errorCode(f.service.accessToken(view.id)), 'two-factor-required');
    assert.equal(f.server.loginAttempts(), 1);
    assert.equal(f.server.loginForms.at(-1)?.username, 'twofa@acme', 'without a code');
    const again = await f.service.login(view.id, '135790');
    assert.equal(again.tokenState, 'valid');
  });

  it('turns a 2FA challenge into needs-attention asking for the code', async () => {
    assert.equal(await errorCode(add({ username: 'twofa@acme', secret: 'twofa-password' })), 'two-factor-required');
    assert.deepEqual(await f.secrets.keys(), []);
  });
});

describe('two-factor flag', () => {
  const expireToken = () => {
    f.clock.advance(13 * 3600_000);
    f.server.resetCounts();
  };

  it('is cleared by a Log in that works without a code, so the account logs in silently again', async () => {
    const { id } = await add({ username: 'twofa@acme', secret: 'twofa-password', otp: '135790' });
    f.server.updateUser('twofa@acme', { otp: undefined }); // two-factor turned off in WXM
    await f.service.login(id);
    expireToken();
    assert.match(await f.service.accessToken(id), /^tok-/);
    assert.equal(f.server.loginSuccesses('twofa@acme'), 1);
    assert.equal(JSON.parse(fileText()).accounts[0].twoFactor, false);
  });

  it('is cleared by an edit verified without a code', async () => {
    const { id } = await add({ username: 'twofa@acme', secret: 'twofa-password', otp: '135790' });
    f.server.updateUser('twofa@acme', { otp: undefined, password: 'new-twofa-password' });
    await f.service.update({ id, secret: 'new-twofa-password' });
    expireToken();
    assert.match(await f.service.accessToken(id), /^tok-/);
  });

  it('stays set while WXM still asks for a code', async () => {
    const { id } = await add({ username: 'twofa@acme', secret: 'twofa-password', otp: '135790' });
    assert.equal(await errorCode(f.service.login(id)), 'two-factor-required');
    await f.service.login(id, '135790');
    expireToken();
    assert.equal(await errorCode(f.service.accessToken(id)), 'two-factor-required');
    assert.equal(f.server.loginAttempts(), 1, 'one login without a code, which makes WXM send one');
    assert.equal(JSON.parse(fileText()).accounts[0].twoFactor, true);
  });
});

describe('clock skew', () => {
  it("caches the token even when our clock is days ahead of WXM (lifetime from WXM's own .issued/.expires)", async () => {
    await f.dispose();
    const clock = fakeClock();
    const twoDays = 2 * 86400_000;
    f = await accountFixture({ clock, server: { now: () => clock.now() - twoDays, users: [{ username: 'ops@acme', password: 'ops-password' }] } });
    const view = await add();
    assert.equal(view.tokenState, 'valid');
    assert.equal(view.tokenExpiresAt, clock.now() + 43199_000);
    const token = await f.service.accessToken(view.id);
    for (let i = 0; i < 3; i++) assert.equal(await f.service.accessToken(view.id), token);
    assert.deepEqual(await f.service.checkToken(view.id), { user: 'ops@acme' });
    assert.equal(f.server.loginAttempts(), 1, 'the login from adding, and no other');
  });
});

describe('guardrails after an auth failure', () => {
  for (const [name, provoke, expected] of [
    ['a changed password', () => f.server.updateUser('ops@acme', { password: 'rotated' }), 'invalid-credentials'],
    ['a locked account', () => f.server.updateUser('ops@acme', { locked: true }), 'account-locked'],
  ] as const) {
    it(`after ${name}, marks the account needs-attention and never logs in again on its own`, async () => {
      const { id } = await add();
      provoke();
      f.clock.advance(13 * 3600_000);
      f.server.resetCounts();
      assert.equal(await errorCode(f.service.accessToken(id)), expected);
      for (let i = 0; i < 5; i++) assert.equal(await errorCode(f.service.accessToken(id)), expected);
      assert.equal(f.server.loginAttempts(), 1, 'one attempt, then no more');
      const [view] = await f.service.list();
      assert.equal(view?.tokenState, 'needs-attention');
      assert.equal(view?.problem?.code, expected);
      assert.ok(
        f.events.some((e) => e.ids.includes(id)),
        'the UI heard about it',
      );
      // Still true after a restart: the problem is kept in the file.
      const restarted = f.restart();
      assert.equal(await errorCode(restarted.accessToken(id)), expected);
      assert.equal(f.server.loginAttempts(), 1);
    });
  }

  it('concurrent requests during a failing login make one attempt, not one each', async () => {
    const { id } = await add();
    f.server.updateUser('ops@acme', { password: 'rotated' });
    f.server.options.delayMs = 30;
    f.clock.advance(13 * 3600_000);
    f.server.resetCounts();
    const codes = await Promise.all(Array.from({ length: 20 }, () => errorCode(f.service.accessToken(id))));
    assert.deepEqual(new Set(codes), new Set(['invalid-credentials']));
    assert.equal(f.server.loginAttempts(), 1);
  });

  it('an explicit Log in tries again and clears the problem when it works', async () => {
    const { id } = await add();
    f.server.updateUser('ops@acme', { locked: true });
    f.clock.advance(13 * 3600_000);
    await errorCode(f.service.accessToken(id));
    f.server.updateUser('ops@acme', { locked: false });
    const view = await f.service.login(id);
    assert.equal(view.tokenState, 'valid');
    assert.equal(view.problem, null);
    assert.match(await f.service.accessToken(id), /^tok-/);
  });

  it('editing the password clears the problem', async () => {
    const { id } = await add();
    f.server.updateUser('ops@acme', { password: 'rotated-password' });
    f.clock.advance(13 * 3600_000);
    await errorCode(f.service.accessToken(id));
    const view = await f.service.update({ id, secret: 'rotated-password' });
    assert.equal(view.tokenState, 'valid');
    assert.equal(await f.secrets.get(`account:${id}:password`), 'rotated-password');
  });

  it('with a server that locks after 3 failures, the vault never gets it locked', async () => {
    f.server.options.lockAfterFailures = 3;
    const { id } = await add();
    f.server.updateUser('ops@acme', { password: 'rotated' });
    for (let hour = 0; hour < 48; hour++) {
      f.clock.advance(3600_000);
      // The first hours still use the cached token; only the failures matter here.
      await f.service.accessToken(id).catch((e: unknown) => assert.ok(e instanceof VaultError, String(e)));
    }
    assert.notEqual(f.server.user('ops@acme')?.locked, true);
    assert.equal(f.server.logins.filter((l) => l.outcome === 'wrong-secret').length, 1);
  });
});

describe('transient failures', () => {
  for (const status of [429, 500, 503]) {
    it(`reports ${status} once, without retrying and without marking the account`, async () => {
      const { id } = await add();
      f.clock.advance(13 * 3600_000);
      f.server.resetCounts();
      f.server.failNext(status, { count: 100 });
      assert.equal(await errorCode(f.service.accessToken(id)), status === 429 ? 'rate-limited' : 'server-error');
      assert.equal(f.server.loginAttempts(), 1);
      const [view] = await f.service.list();
      assert.equal(view?.tokenState, 'none');
      assert.equal(view?.problem, null);
    });
  }

  it('maps a slow WXM to a network error', async () => {
    await f.dispose();
    f = await accountFixture({ server: { users: [{ username: 'ops@acme', password: 'ops-password' }] }, timeoutMs: 150 });
    const { id } = await add();
    f.clock.advance(13 * 3600_000);
    f.server.options.delayMs = 1000;
    assert.equal(await errorCode(f.service.accessToken(id)), 'network');
    assert.equal((await f.service.list())[0]?.problem, null);
  });
});

describe('401 on a cached token', () => {
  it('drops the token, logs in once more and retries once', async () => {
    const { id } = await add();
    const old = await f.service.accessToken(id);
    f.server.revokeTokens('ops@acme');
    f.server.resetCounts();
    assert.deepEqual(await f.service.checkToken(id), { user: 'ops@acme' });
    assert.equal(f.server.loginAttempts(), 1);
    assert.notEqual(await f.service.accessToken(id), old);
  });

  it('many concurrent calls hitting 401 share one re-login', async () => {
    const { id } = await add();
    await f.service.accessToken(id);
    f.server.revokeTokens('ops@acme');
    f.server.resetCounts();
    await Promise.all(Array.from({ length: 10 }, () => f.service.checkToken(id)));
    assert.equal(f.server.loginAttempts(), 1);
  });

  it('a 401 on a token just issued (not from the cache) is not retried: one login, a clear token-rejected error', async () => {
    const { id } = await add();
    f.clock.advance(13 * 3600_000); // the cached token has expired: the next call logs in afresh
    f.server.resetCounts();
    f.server.failNext(401, { endpoint: 'Settings', count: 1 });
    const err = await failure(f.service.checkToken(id));
    assert.equal(err.code, 'token-rejected');
    assert.match(err.message, /brand-new token.*will not retry/);
    assert.equal(f.server.loginAttempts(), 1);
    assert.equal(f.server.requests.filter((r) => r.endpoint === 'Settings').length, 1);
  });

  it('a second 401 with a brand-new token ends in a clear token-rejected error, no third login', async () => {
    const { id } = await add();
    f.server.resetCounts();
    f.server.failNext(401, { endpoint: 'Settings', count: 2 });
    const err = await failure(f.service.checkToken(id));
    assert.equal(err.code, 'token-rejected');
    assert.match(err.message, /brand-new token.*will not retry/);
    assert.equal(f.server.loginAttempts(), 1);
  });
});

describe('editing an account', () => {
  it('changes the label without logging in', async () => {
    const { id } = await add();
    f.server.resetCounts();
    const view = await f.service.update({ id, label: 'Production' });
    assert.equal(view.label, 'Production');
    assert.equal(f.server.loginAttempts(), 0);
    assert.equal(JSON.parse(fileText()).accounts[0].label, 'Production');
  });

  it('re-verifies new credentials and keeps the old ones when WXM refuses them', async () => {
    const { id } = await add();
    const token = await f.service.accessToken(id);
    assert.equal(await errorCode(f.service.update({ id, secret: 'not-the-password' })), 'invalid-credentials');
    assert.equal(await f.secrets.get(`account:${id}:password`), 'ops-password');
    const [view] = await f.service.list();
    assert.equal(view?.tokenState, 'valid');
    assert.equal(await f.service.accessToken(id), token);
  });

  it('moves the account to another user and base URL after verifying them', async () => {
    const { id } = await add();
    const view = await f.service.update({ id, username: 'eu@acme', secret: 'eu-password', baseUrl: `${f.server.baseUrl}/` });
    assert.equal(view.username, 'eu@acme');
    assert.equal(view.station, 'eu');
    assert.equal(view.baseUrl, f.server.baseUrl);
    assert.equal(await f.secrets.get(`account:${id}:password`), 'eu-password');
  });

  it('refuses the second of two concurrent edits that move different accounts to the same user, keeping its old password', async () => {
    const a = await add();
    const b = await add({ label: 'EU', username: 'eu@acme', secret: 'eu-password' });
    f.server.addUser({ username: 'new@acme', password: 'new-password' });
    f.server.options.delayMs = 20;
    const results = await Promise.allSettled([
      f.service.update({ id: a.id, username: 'new@acme', secret: 'new-password' }),
      f.service.update({ id: b.id, username: 'new@acme', secret: 'new-password' }),
    ]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(refused.length, 1, 'exactly one edit wins');
    assert.equal((refused[0]!.reason as VaultError).code, 'bad-request');
    assert.match((refused[0]!.reason as VaultError).message, /already in the vault/);
    const onDisk = JSON.parse(fileText()).accounts as Array<{ id: string; username: string }>;
    assert.equal(onDisk.filter((r) => r.username === 'new@acme').length, 1);
    const loser = onDisk.find((r) => r.username !== 'new@acme')!;
    const oldPassword = loser.id === a.id ? 'ops-password' : 'eu-password';
    assert.equal(await f.secrets.get(`account:${loser.id}:password`), oldPassword);
  });

  it('refuses a non-loopback http base URL before sending anything', async () => {
    const { id } = await add();
    f.server.resetCounts();
    assert.equal(await errorCode(f.service.update({ id, baseUrl: 'http://wxm.example.com' })), 'bad-request');
    assert.equal(f.server.loginAttempts(), 0);
  });
});

describe('removing an account', () => {
  it('deletes its password and API key from the keychain and its entry from the file', async () => {
    const { id } = await add();
    const other = await add({ label: 'EU', username: 'eu@acme', secret: 'eu-password' });
    await f.service.fetchApiKey(id);
    assert.equal((await f.secrets.keys()).length, 5, 'two passwords, one API key, two bindings');
    assert.deepEqual(await f.service.remove(id), { removed: true });
    assert.deepEqual((await f.secrets.keys()).sort(), [`account:${other.id}:binding`, `account:${other.id}:password`]);
    assert.deepEqual(
      (await f.service.list()).map((a) => a.id),
      [other.id],
    );
    assert.ok(!fileText().includes(id));
    assert.equal(await errorCode(f.service.accessToken(id)), 'not-found');
    assert.equal(await errorCode(f.service.remove(id)), 'not-found');
  });
});

describe('secrets never leak', () => {
  it('a canary password appears in no log line, no reply and not in accounts.json', async () => {
    const canary = `canary-pw-${crypto.randomUUID()}`;
    f.server.addUser({ username: 'canary@acme', password: canary });
    const replies: unknown[] = [];
    const view = await add({ username: 'canary@acme', secret: canary });
    replies.push(view, await f.service.list(), await f.service.exportJson());
    // Failures too: the wrong-password path and an edit echo nothing secret.
    replies.push(await f.service.update({ id: view.id, secret: `${canary}-wrong` }).catch((e: VaultError) => e.toWire()));
    f.server.updateUser('canary@acme', { locked: true });
    f.clock.advance(13 * 3600_000);
    replies.push(await f.service.accessToken(view.id).catch((e: VaultError) => e.toWire()));
    replies.push(await f.service.list());
    assert.ok(f.server.loginAttempts('canary@acme') >= 3, 'the failure paths really ran');
    const haystacks = [...f.logLines, JSON.stringify(replies), fileText()];
    for (const text of haystacks) assert.ok(!text.includes(canary), `canary leaked into: ${text.slice(0, 200)}`);
  });
});

describe('orphan keychain entries', () => {
  it('removes entries of accounts not in the list after a clean load, once per start, leaving listed accounts alone', async () => {
    const { id } = await add();
    const orphan = randomUUID();
    await f.secrets.set(`account:${orphan}:password`, 'left-behind-password');
    await f.secrets.set(`account:${orphan}:apikey`, 'left-behind-key');
    await f.secrets.set('unrelated-entry', 'keep-me');
    const restarted = f.restart();
    await restarted.list();
    assert.equal(await restarted.sweepOrphans(), 2);
    assert.deepEqual((await f.secrets.keys()).sort(), [`account:${id}:binding`, `account:${id}:password`, 'unrelated-entry'].sort());
    assert.ok(f.logLines.some((l) => l.includes('orphan secrets removed') && l.includes('"count":2')));
    for (const line of f.logLines) assert.ok(!line.includes(orphan) && !line.includes('left-behind'), 'counts only');
    // Once per start: a later orphan waits for the next start.
    await f.secrets.set(`account:${randomUUID()}:password`, 'later');
    await restarted.list();
    assert.equal(await restarted.sweepOrphans(), 2);
    assert.equal((await f.secrets.keys()).length, 4);
  });

  it('keeps them when there is no account file (moved away, restored later, a roaming profile not yet synced)', async () => {
    const entry = `account:${randomUUID()}:password`;
    await f.secrets.set(entry, 'password-of-an-account-in-a-file-not-here-yet');
    assert.deepEqual(await f.service.list(), []);
    assert.equal(await f.service.sweepOrphans(), 0);
    assert.deepEqual(await f.secrets.keys(), [entry]);
  });

  it('a list moved away and put back keeps every account able to log in', async () => {
    const { id } = await add();
    const moved = join(f.dataDir, 'accounts.json.away');
    renameSync(join(f.dataDir, 'accounts.json'), moved);
    const whileAway = f.restart();
    assert.deepEqual(await whileAway.list(), []);
    await whileAway.sweepOrphans();
    renameSync(moved, join(f.dataDir, 'accounts.json'));
    assert.match(await f.restart().accessToken(id), /^tok-/);
  });

  for (const [name, content] of [
    ['the account file was set aside', 'not json at all'],
    ['an account in the file was unreadable', JSON.stringify({ schemaVersion: 1, accounts: [{ id: 'x' }] })],
    ['the account file is from a newer WXM Vault', JSON.stringify({ schemaVersion: 2, accounts: [] })],
  ] as const) {
    it(`keeps them when ${name} (restoring it would need its secrets)`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'wxm-orphans-'));
      writeFileSync(join(dataDir, 'accounts.json'), content);
      await f.dispose();
      f = await accountFixture({ dataDir });
      const entry = `account:${randomUUID()}:password`;
      await f.secrets.set(entry, 'password-of-a-set-aside-account');
      await f.service.list().catch(() => []);
      await f.service.list().catch(() => []);
      assert.equal(await f.service.sweepOrphans(), 0);
      assert.deepEqual(await f.secrets.keys(), [entry]);
    });
  }
});

describe('secrets of accounts set aside', () => {
  const passwordOf = (id: string) => f.secrets.get(`account:${id}:password`);

  it('survive later starts while a rejected-accounts file holds them (the list itself loads cleanly again)', async () => {
    const kept = await add();
    const { id: eu } = await add({ label: 'EU', username: 'eu@acme', secret: 'eu-password' });
    const file = JSON.parse(fileText());
    file.accounts.find((r: { id: string }) => r.id === kept.id).baseUrl = 'http://wxm.example.test';
    writeFileSync(join(f.dataDir, 'accounts.json'), JSON.stringify(file));
    const first = f.restart();
    await first.list().catch(() => []);
    assert.equal(await first.sweepOrphans(), 0);
    const second = f.restart();
    assert.deepEqual(
      (await second.list()).map((a) => a.id),
      [eu],
    );
    assert.equal(await second.sweepOrphans(), 0);
    assert.equal(await passwordOf(kept.id), 'ops-password', 'put back from the rejected file, it must still log in');
    assert.equal(await passwordOf(eu), 'eu-password');
  });

  it('survive later starts while the damaged list they were in is kept aside, and a real orphan still goes', async () => {
    const { id: lost } = await add();
    writeFileSync(join(f.dataDir, 'accounts.json'), fileText().slice(0, -40)); // cut off mid-write
    const first = f.restart();
    await first.list().catch(() => []);
    const orphan = randomUUID();
    await f.secrets.set(`account:${orphan}:password`, 'left-behind');
    const added = await first.add({ label: 'EU', username: 'eu@acme', secret: 'eu-password', authMode: 'password', baseUrl: f.server.baseUrl });
    const second = f.restart();
    await second.list();
    assert.equal(await second.sweepOrphans(), 1);
    assert.equal(await passwordOf(lost), 'ops-password');
    assert.equal(await passwordOf(added.id), 'eu-password');
    assert.equal(await passwordOf(orphan), null);
  });
});

describe('an account list from a newer WXM Vault', () => {
  it('is listed, but every change is refused before WXM or the keychain is touched, and the file is never renamed', async () => {
    const { id } = await add();
    await f.service.fetchApiKey(id);
    const file = JSON.parse(fileText());
    const newer = `${JSON.stringify({ ...file, schemaVersion: 2 }, null, 2)}\n`;
    writeFileSync(join(f.dataDir, 'accounts.json'), newer);
    const old = f.restart();
    assert.deepEqual(
      (await old.list()).map((a) => a.id),
      [id],
    );
    f.server.resetCounts();
    const attempts: Array<Promise<unknown>> = [
      old.add({ label: 'EU', username: 'eu@acme', secret: 'eu-password', authMode: 'password', baseUrl: f.server.baseUrl }),
      old.update({ id, label: 'Renamed' }),
      old.update({ id, secret: 'ops-password' }),
      old.remove(id),
      old.login(id),
      old.accessToken(id),
      old.fetchApiKey(id),
      old.useApiKey(id, true),
      old.importJson(
        JSON.stringify({ format: 'wxm-vault-accounts', schemaVersion: 1, accounts: [{ label: 'x', username: 'y@acme', authMode: 'password' }] }),
      ),
    ];
    for (const attempt of attempts) {
      const err = await failure(attempt);
      assert.equal(err.code, 'data-file');
      assert.match(err.message, /made by a newer WXM Vault.*Update WXM Vault/);
    }
    assert.equal(f.server.loginAttempts(), 0);
    assert.equal(f.server.requests.length, 0);
    assert.equal((await f.secrets.keys()).length, 3, 'password, API key and binding all kept');
    assert.equal(readFileSync(join(f.dataDir, 'accounts.json'), 'utf8'), newer);
    assert.deepEqual(readdirSync(f.dataDir), ['accounts.json']);
  });
});
