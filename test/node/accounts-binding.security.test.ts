/**
 * Review finding L5: accounts.json is a plain file any process of the user can
 * edit, while the password / API key sits in the keychain. Each stored secret
 * is bound (account:<id>:binding) to the user name and base URL it was
 * verified with, so a base URL or user name changed in the file outside WXM
 * Vault never receives it: the account needs attention instead, and no server
 * is contacted, now or later. Real keychain, two real WXM test servers.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AccountService } from '../../electron/core/accounts/account-service';
import { failure } from '../harness/failure';
import { accountFixture, type AccountFixture } from '../harness/account-fixture';
import { importThenEnterPassword } from '../harness/account-import';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';

let f: AccountFixture;
/** A second WXM server: where an edited accounts.json points the account. It accepts the same user and password. */
let other: WxmTestServer;
let canary: string;

const filePath = () => join(f.dataDir, 'accounts.json');
const fileText = () => readFileSync(filePath(), 'utf8');

/** Edits one account's record in accounts.json directly, as another process of the user could. */
function editFileOutsideApp(id: string, patch: Record<string, unknown>): void {
  const file = JSON.parse(fileText()) as { accounts: Array<Record<string, unknown>> };
  const record = file.accounts.find((a) => a.id === id);
  assert.ok(record, 'the account is in the file');
  Object.assign(record, patch);
  writeFileSync(filePath(), `${JSON.stringify(file, null, 2)}\n`);
}

const anyRequests = () => f.server.requests.length + other.requests.length;
const MESSAGE =
  /^The server or username of "Ops" changed outside WXM Vault, so its stored password was not sent\. .*edit the account and enter the password again\.$/;

function resetCounts(): void {
  f.server.resetCounts();
  other.resetCounts();
}

function assertNoCanary(): void {
  for (const text of [...f.logLines, fileText()]) assert.ok(!text.includes(canary), `canary leaked into: ${text.slice(0, 200)}`);
}

async function addOps(service: AccountService = f.service) {
  return service.add({ label: 'Ops', username: 'ops@acme', secret: canary, authMode: 'password', baseUrl: f.server.baseUrl });
}

beforeEach(async () => {
  canary = `canary-pw-${randomUUID()}`;
  f = await accountFixture({
    server: {
      users: [
        { username: 'ops@acme', password: canary, apiKey: 'ops-api-key-1' },
        { username: 'eu@acme', password: 'eu-password' },
      ],
    },
  });
  other = await startWxmServer({ now: f.clock.now, users: [{ username: 'ops@acme', password: canary }] });
});
afterEach(async () => {
  await other.close();
  await f.dispose();
});

describe('stored secrets are bound to the user name and base URL they were verified with', () => {
  it('a base URL changed in accounts.json outside the app: no server gets the password, the account needs attention, and nothing retries', async () => {
    const { id } = await addOps();
    editFileOutsideApp(id, { baseUrl: other.baseUrl });
    const service = f.restart();
    resetCounts();

    const err = await failure(service.accessToken(id));
    assert.equal(err.code, 'data-file');
    assert.match(err.message, MESSAGE);
    assert.equal(other.loginAttempts(), 0, 'the other server got no login');
    assert.equal(f.server.loginAttempts(), 0, 'nor did the first');
    assert.equal(anyRequests(), 0);

    const [view] = await service.list();
    assert.equal(view?.tokenState, 'needs-attention');
    assert.equal(view?.problem?.code, 'data-file');
    assert.match(view!.problem!.message, MESSAGE);
    assert.ok(
      f.events.some((e) => e.ids.includes(id)),
      'the UI heard about it',
    );

    // Later calls, every other path that logs in with the stored secret, and another restart: still nothing sent.
    assert.equal((await failure(service.accessToken(id))).code, 'data-file');
    assert.equal((await failure(service.login(id))).code, 'data-file');
    assert.equal((await failure(service.checkToken(id))).code, 'data-file');
    assert.equal((await failure(service.fetchApiKey(id))).code, 'data-file');
    assert.equal((await failure(service.useApiKey(id, false))).code, 'data-file');
    assert.equal((await failure(f.restart().accessToken(id))).code, 'data-file');
    assert.equal(anyRequests(), 0);
    assert.equal(other.loginForms.length, 0);

    const mismatch = f.logLines.filter((l) => l.includes('binding mismatch'));
    assert.ok(mismatch.length >= 1 && mismatch.every((l) => l.includes(id)), 'logged with the account id');
    assertNoCanary();
  });

  it('a user name changed in accounts.json outside the app: the password is not sent for the other user', async () => {
    const { id } = await addOps();
    editFileOutsideApp(id, { username: 'eu@acme' });
    const service = f.restart();
    resetCounts();

    const err = await failure(service.accessToken(id));
    assert.equal(err.code, 'data-file');
    assert.match(err.message, MESSAGE);
    assert.equal(f.server.loginAttempts(), 0);
    assert.equal(other.loginAttempts(), 0);
    const [view] = await service.list();
    assert.equal(view?.tokenState, 'needs-attention');
    assert.equal(view?.problem?.code, 'data-file');
    assert.equal((await failure(service.accessToken(id))).code, 'data-file');
    assert.equal(anyRequests(), 0);
    assertNoCanary();
  });

  it('an edit in the app without re-entering the password does not send it from a record changed outside the app', async () => {
    const { id } = await addOps();
    await f.service.fetchApiKey(id);
    editFileOutsideApp(id, { baseUrl: other.baseUrl });
    const service = f.restart();
    resetCounts();
    // Switching the login mode, or a code-only edit, would log in with a stored secret at the file's base URL.
    assert.equal((await failure(service.update({ id, authMode: 'apiKey' }))).code, 'data-file');
    assert.equal((await failure(service.update({ id, label: 'Ops 2', username: 'ops@acme', otp: '123456' }))).code, 'data-file');
    assert.equal((await failure(service.useApiKey(id, true))).code, 'data-file');
    assert.equal(anyRequests(), 0);
    assertNoCanary();
  });

  it('an edit in the app to a new base URL with the password re-verifies, rebinds, and the next copy logs in to the new server', async () => {
    const { id } = await addOps();
    resetCounts();
    const view = await f.service.update({ id, baseUrl: other.baseUrl, secret: canary });
    assert.equal(view.baseUrl, other.baseUrl);
    assert.equal(other.loginSuccesses('ops@acme'), 1, 'verified there');
    const service = f.restart(); // no cached token: the next copy must log in with the stored password
    resetCounts();
    assert.match(await service.accessToken(id), /^tok-/);
    assert.equal(other.loginSuccesses('ops@acme'), 1);
    assert.equal(f.server.loginAttempts(), 0);
    assert.equal((await service.list())[0]?.tokenState, 'valid');
    assertNoCanary();
  });

  it('a refused edit to a new base URL keeps the old password bound to the old server', async () => {
    const { id } = await addOps();
    assert.equal((await failure(f.service.update({ id, baseUrl: other.baseUrl, secret: `${canary}-wrong` }))).code, 'invalid-credentials');
    const service = f.restart();
    resetCounts();
    assert.match(await service.accessToken(id), /^tok-/);
    assert.equal(f.server.loginSuccesses('ops@acme'), 1);
    assert.equal(other.loginAttempts(), 0);
    assertNoCanary();
  });

  it('after a refused login, entering the password again in an edit clears the problem and the account logs in again', async () => {
    const { id } = await addOps();
    editFileOutsideApp(id, { baseUrl: other.baseUrl });
    const service = f.restart();
    assert.equal((await failure(service.accessToken(id))).code, 'data-file');
    resetCounts();
    // The user sees the changed server, puts the right one back and enters the password.
    const view = await service.update({ id, baseUrl: f.server.baseUrl, secret: canary });
    assert.equal(view.tokenState, 'valid');
    assert.equal(view.problem, null);
    const again = f.restart();
    resetCounts();
    assert.match(await again.accessToken(id), /^tok-/);
    assert.equal(f.server.loginSuccesses('ops@acme'), 1);
    assert.equal(other.loginAttempts(), 0);
    assertNoCanary();
  });

  it('an account without a binding (none stored, or lost) is refused the same way', async () => {
    const { id } = await addOps();
    assert.equal(await f.secrets.delete(`account:${id}:binding`), true);
    const service = f.restart();
    resetCounts();
    const err = await failure(service.accessToken(id));
    assert.equal(err.code, 'data-file');
    assert.equal(anyRequests(), 0);
  });

  it('an imported account is bound once its password is entered in an edit', async () => {
    const imported = await importThenEnterPassword(f.service, { label: 'Ops', username: 'ops@acme', baseUrl: f.server.baseUrl }, canary);
    assert.equal((await f.secrets.get(`account:${imported.id}:binding`)) !== null, true);
    const service = f.restart();
    resetCounts();
    assert.match(await service.accessToken(imported.id), /^tok-/);
    assert.equal(f.server.loginSuccesses('ops@acme'), 1);
  });

  it('an API key fetched for an API-key account stays bound, and the account logs in with it after a restart', async () => {
    const { id } = await addOps();
    await f.service.fetchApiKey(id);
    await f.service.useApiKey(id, true);
    await f.service.generateApiKey(id);
    const service = f.restart();
    resetCounts();
    assert.match(await service.accessToken(id), /^tok-/);
    assert.equal(f.server.logins.at(-1)?.usedApiKey, true);
  });

  it('remove leaves no keychain entry behind, binding included, even for an account changed outside the app', async () => {
    const a = await addOps();
    await f.service.fetchApiKey(a.id);
    const b = await f.service.add({ label: 'EU', username: 'eu@acme', secret: 'eu-password', authMode: 'password', baseUrl: f.server.baseUrl });
    editFileOutsideApp(b.id, { baseUrl: other.baseUrl });
    const service = f.restart();
    await service.remove(a.id);
    await service.remove(b.id);
    assert.deepEqual(await f.secrets.keys(), []);
    assert.equal(other.requests.length, 0);
    assertNoCanary();
  });

  it('the orphan sweep removes a binding left by an account no longer listed', async () => {
    const { id } = await addOps();
    const orphan = randomUUID();
    await f.secrets.set(`account:${orphan}:binding`, 'a'.repeat(64));
    const service = f.restart();
    await service.list();
    assert.equal(await service.sweepOrphans(), 1);
    assert.deepEqual((await f.secrets.keys()).sort(), [`account:${id}:binding`, `account:${id}:password`]);
  });

  it('a canary password appears in no log line and not in accounts.json across these flows, and never reaches the other server', async () => {
    const { id } = await addOps();
    editFileOutsideApp(id, { baseUrl: other.baseUrl });
    let service = f.restart();
    await failure(service.accessToken(id));
    await failure(service.login(id));
    await failure(service.update({ id, authMode: 'password', otp: '000000' }));
    await service.update({ id, baseUrl: f.server.baseUrl, secret: canary });
    editFileOutsideApp(id, { username: 'eu@acme' });
    service = f.restart();
    await failure(service.accessToken(id));
    await service.remove(id);
    assert.ok(
      f.logLines.some((l) => l.includes('binding mismatch')),
      'the refusal paths really ran',
    );
    for (const form of other.loginForms) assert.ok(!Object.values(form).includes(canary), 'the other server never saw the password');
    assert.equal(other.loginAttempts(), 0);
    assertNoCanary();
  });
});
