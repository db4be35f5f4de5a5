/**
 * Tokens shared with the command line through the keychain (shared-tokens.ts),
 * against the WXM test server and the real keychain: what an entry holds, who
 * takes it, where it may go, and everything that deletes it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { secretBinding } from '../../electron/core/accounts/account-record';
import { SharedTokens } from '../../electron/core/accounts/shared-tokens';
import { createLogger } from '../../electron/core/logger';
import { isSealed } from '../../electron/core/passphrase/envelope';
import { Redactor } from '../../electron/core/redactor';
import type { SecretStore } from '../../electron/core/keychain/secrets';
import { ipcCaller } from '../harness/ipc-call';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { accountFixture, type AccountFixture } from '../harness/account-fixture';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';

const LIFETIME_S = 3600;
const tokenKey = (id: string) => `account:${id}:token`;
const clipboard: ClipboardPort = { readText: async () => '', writeText: async () => {}, clear: async () => {} };

let f: AccountFixture;
let other: WxmTestServer | null = null;
let h: VaultHarness | null = null;
afterEach(async () => {
  await f?.dispose();
  await other?.close();
  await h?.dispose();
  other = null;
  h = null;
});

/** An account whose token came from a login of the token broker (an add keeps its token in memory only). */
async function sharedAccount(): Promise<{ id: string; token: string }> {
  f = await accountFixture({ server: { users: [{ username: 'ops@acme', password: 'ops-password' }], tokenLifetimeSeconds: LIFETIME_S } });
  const { id } = await f.service.add({ label: 'Ops', username: 'ops@acme', secret: 'ops-password', authMode: 'password', baseUrl: f.server.baseUrl });
  await f.service.forgetTokens();
  const token = await f.service.accessToken(id);
  f.server.resetCounts();
  return { id, token };
}

const entry = async (id: string) => JSON.parse((await f.secrets.get(tokenKey(id))) ?? 'null') as Record<string, unknown> | null;

function editAccountFile(id: string, patch: Record<string, unknown>): void {
  const path = join(f.dataDir, 'accounts.json');
  const file = JSON.parse(readFileSync(path, 'utf8')) as { accounts: Array<Record<string, unknown>> };
  file.accounts = file.accounts.map((a) => (a['id'] === id ? { ...a, ...patch } : a));
  writeFileSync(path, JSON.stringify(file));
}

describe('sharing a token', () => {
  it('a login keeps the token, its issue and expiry and its binding in account:<id>:token; a restart takes it instead of logging in', async () => {
    const { id, token } = await sharedAccount();
    const now = f.clock.now();
    assert.deepEqual(await entry(id), {
      token,
      issuedAt: now,
      expiresAt: now + LIFETIME_S * 1000,
      binding: secretBinding('ops@acme', f.server.baseUrl),
    });
    assert.equal(await f.restart().accessToken(id), token);
    assert.equal(f.server.loginAttempts(), 0);
    assert.ok(
      f.logLines.every((l) => !l.includes(token)),
      'never logged',
    );
    assert.ok(!readFileSync(join(f.dataDir, 'accounts.json'), 'utf8').includes(token));
  });

  it('is never sent to another base URL or for another user name, whatever accounts.json says', async () => {
    const { id, token } = await sharedAccount();
    other = await startWxmServer({ users: [{ username: 'ops@acme', password: 'ops-password' }] });
    editAccountFile(id, { baseUrl: other.baseUrl });
    const moved = f.restart();
    await assert.rejects(moved.checkToken(id), { code: 'data-file' });
    assert.equal(other.requests.length, 0, 'nothing reached the other server');
    editAccountFile(id, { baseUrl: f.server.baseUrl, username: 'eve@acme' });
    await assert.rejects(f.restart().accessToken(id), { code: 'data-file' });
    assert.equal(f.server.requests.length, 0);
    assert.equal((await entry(id))?.['token'], token, 'kept for the account it belongs to');
  });

  it('is not taken inside its early-refresh margin: one login, and the new token is shared', async () => {
    const { id, token } = await sharedAccount();
    f.clock.advance(LIFETIME_S * 1000 - 4 * 60_000);
    const fresh = await f.restart().accessToken(id);
    assert.notEqual(fresh, token);
    assert.equal(f.server.loginAttempts(), 1);
    assert.equal((await entry(id))?.['token'], fresh);
  });

  it('a shared token WXM rejects (401) is dropped: one login, one retry, and the new token shared', async () => {
    const { id, token } = await sharedAccount();
    f.server.revokeTokens();
    const restarted = f.restart();
    assert.deepEqual(await restarted.checkToken(id), { user: 'ops@acme' });
    assert.equal(f.server.loginAttempts(), 1);
    const now = (await entry(id))?.['token'];
    assert.notEqual(now, token);
    assert.equal(now, await restarted.accessToken(id));
  });
});

describe('deleting shared tokens', () => {
  it('forgetTokens (the lock) deletes every one; removing an account deletes its own', async () => {
    const { id } = await sharedAccount();
    const stray = `account:${randomUUID()}:token`;
    await f.secrets.set(stray, '{}');
    await f.service.forgetTokens();
    assert.deepEqual(
      (await f.secrets.keys()).filter((k) => k.endsWith(':token')),
      [],
    );
    await f.service.accessToken(id);
    assert.ok(await entry(id));
    await f.service.remove(id);
    assert.deepEqual(await f.secrets.keys(), []);
  });

  it('the orphan sweep deletes the shared token of an account no longer listed', async () => {
    const { id } = await sharedAccount();
    const orphan = tokenKey(randomUUID());
    await f.secrets.set(orphan, '{"token":"left-behind"}');
    const restarted = f.restart();
    await restarted.list();
    assert.equal(await restarted.sweepOrphans(), 1);
    assert.ok(!(await f.secrets.keys()).includes(orphan));
    assert.ok(await entry(id), 'the listed account keeps its own');
  });

  it('a write still under way when the vault locks is undone once it lands', async () => {
    f = await accountFixture();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The real keychain, with each write held back until the lock has run.
    const slowSets: SecretStore = {
      keys: () => f.secrets.keys(),
      get: (k) => f.secrets.get(k),
      delete: (k) => f.secrets.delete(k),
      status: () => f.secrets.status(),
      set: async (k, v) => {
        await gate;
        return f.secrets.set(k, v);
      },
    };
    const shared = new SharedTokens(slowSets, { logger: createLogger(new Redactor(), []), now: f.clock.now, enabled: () => true });
    const id = randomUUID();
    const now = f.clock.now();
    const saving = shared.save(
      { id, username: 'ops@acme', baseUrl: 'https://wxm.example' },
      { accessToken: 'tok-in-flight', issuedAt: now, expiresAt: now + 60_000, station: null, email: null, role: null },
    );
    await shared.forgetAll();
    release();
    await saving;
    assert.deepEqual(await f.secrets.keys(), []);
  });
});

describe('through the vault: the setting, the lock and the passphrase', () => {
  const ORIGIN = 'app://vault';
  const setup = async () => {
    f = await accountFixture({ server: { users: [{ username: 'ops@acme', password: 'ops-password' }] } });
    h = createVaultHarness({ trustedOrigin: ORIGIN, clipboard });
    const call = ipcCaller((channel, payload) => h!.dispatch({ origin: ORIGIN, isMainFrame: true }, channel, payload));
    const { id } = await call('accounts:add', {
      label: 'Ops',
      username: 'ops@acme',
      secret: 'ops-password',
      authMode: 'password',
      baseUrl: f.server.baseUrl,
    });
    await h.vault.accounts.forgetTokens();
    const token = await h.vault.accounts.accessToken(id);
    return { id, token, call };
  };
  const tokenEntries = async () => (await h!.secrets.keys()).filter((k) => k.endsWith(':token'));

  it('the lock deletes the shared tokens before it reports locked', async () => {
    const { id, call } = await setup();
    assert.deepEqual(await tokenEntries(), [tokenKey(id)]);
    await call('vault:lock');
    assert.deepEqual(await tokenEntries(), []);
  });

  it('turning shareTokens off deletes them and shares no more; on by default', async () => {
    const { id, call } = await setup();
    assert.equal((await call('settings:get')).shareTokens, true);
    assert.equal((await call('settings:update', { shareTokens: false })).shareTokens, false);
    assert.deepEqual(await tokenEntries(), []);
    h!.vault.accounts.dropTokens();
    await h!.vault.accounts.accessToken(id);
    assert.deepEqual(await tokenEntries(), [], 'a login while off shares nothing');
  });

  it('with a vault passphrase, the entry is sealed under the vault key: the token is not in the keychain as text', async () => {
    const { id } = await setup();
    await h!.vault.passphrase.setPassphrase(undefined, 'correct horse battery staple');
    h!.vault.accounts.dropTokens();
    await h!.vault.accounts.forgetTokens();
    const token = await h!.vault.accounts.accessToken(id);
    const raw = await h!.secrets.get(tokenKey(id));
    assert.ok(raw && isSealed(raw), 'sealed');
    assert.ok(!raw.includes(token));
    assert.equal(JSON.parse((await h!.vault.passphrase.get(tokenKey(id)))!).token, token);
  });
});
