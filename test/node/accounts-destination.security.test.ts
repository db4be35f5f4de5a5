/**
 * Review finding HIGH-1: editing an account's base URL or user name sent the
 * stored password or API key to the new destination without asking, even
 * after Lock. A stored secret only ever goes to the (user name, base URL) it
 * was entered or verified for; moving the account needs it typed again in the
 * same request, and without it main refuses (`secret-required`) and contacts
 * nobody. Also LOW-5: a base URL read from accounts.json is checked again on
 * load and before every request. Real keychain, real WXM test servers, the
 * real dispatcher for the IPC path.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AccountView } from '../../electron/common/ipc-contract';
import { AccountService } from '../../electron/core/accounts/account-service';
import type { SecretStore } from '../../electron/core/keychain/secrets';
import { createLogger } from '../../electron/core/logger';
import { PassphraseVault } from '../../electron/core/passphrase/passphrase-vault';
import { Redactor } from '../../electron/core/redactor';
import { WxmClient } from '../../electron/core/wxm/client';
import { TEST_KDF } from './fixtures/test-kdf';
import { failure } from '../harness/failure';
import { createVaultHarness } from '../harness/vault-harness';
import { x11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';
import { accountFixture, type AccountFixture } from '../harness/account-fixture';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';

usePrivateDisplay();

let f: AccountFixture;
/** Where an edit tries to point the account. It would accept the same user and password, so any leak would "work". */
let other: WxmTestServer;
let canary: string;

const anyRequests = () => f.server.requests.length + other.requests.length;
const filePath = () => join(f.dataDir, 'accounts.json');

function assertNeverSent(): void {
  for (const form of other.loginForms) assert.ok(!Object.values(form).includes(canary), 'the other server never saw the password');
  assert.equal(other.loginAttempts(), 0);
  for (const line of f.logLines) assert.ok(!line.includes(canary), `canary in log: ${line.slice(0, 200)}`);
}

beforeEach(async () => {
  canary = `canary-pw-${randomUUID()}`;
  f = await accountFixture({
    server: {
      users: [
        { username: 'ops@acme', password: canary, apiKey: `ops-key-${randomUUID()}` },
        { username: 'eu@acme', password: canary },
      ],
    },
  });
  other = await startWxmServer({ now: f.clock.now, users: [{ username: 'ops@acme', password: canary }] });
});
afterEach(async () => {
  await other.close();
  await f.dispose();
});

const addOps = () => f.service.add({ label: 'Ops', username: 'ops@acme', secret: canary, authMode: 'password', baseUrl: f.server.baseUrl });

describe('a stored secret goes only where it was entered', () => {
  for (const [what, patch] of [
    ['base URL', () => ({ baseUrl: other.baseUrl })],
    ['user name', () => ({ username: 'eu@acme' })],
    ['base URL and user name', () => ({ baseUrl: other.baseUrl, username: 'eu@acme' })],
  ] as const) {
    it(`an edit of the ${what} without the secret is refused with secret-required, and nobody is contacted`, async () => {
      const { id } = await addOps();
      f.server.resetCounts();
      const err = await failure(f.service.update({ id, ...patch() }));
      assert.equal(err.code, 'secret-required');
      assert.match(
        err.message,
        /^Enter the password again to move "Ops" to .* WXM Vault sends a stored password only to the server and username it was entered for\.$/,
      );
      assert.equal(anyRequests(), 0, 'no request to either server');
      const [view] = await f.service.list();
      assert.equal(view?.baseUrl, f.server.baseUrl, 'the account stays where it was');
      assert.equal(view?.username, 'ops@acme');
      assert.equal(view?.problem, null, 'and is not marked as needing attention');
      assertNeverSent();
    });
  }

  it('after Lock, too: the edit is refused and the stored password is not sent', async () => {
    const { id } = await addOps();
    await f.service.forgetTokens();
    f.server.resetCounts();
    assert.equal((await failure(f.service.update({ id, baseUrl: other.baseUrl }))).code, 'secret-required');
    assert.equal((await failure(f.service.update({ id, baseUrl: other.baseUrl, authMode: 'password', label: 'x' }))).code, 'secret-required');
    assert.equal(anyRequests(), 0);
    assertNeverSent();
  });

  it('switching to a stored API key while moving is refused the same way', async () => {
    const { id } = await addOps();
    await f.service.fetchApiKey(id);
    f.server.resetCounts();
    assert.equal((await failure(f.service.update({ id, baseUrl: other.baseUrl, authMode: 'apiKey' }))).code, 'secret-required');
    assert.equal(anyRequests(), 0);
    assert.equal(other.requests.length, 0);
  });

  it('the same edit with the secret typed again moves the account, and the next login goes to the new server only', async () => {
    const { id } = await addOps();
    const moved = await f.service.update({ id, baseUrl: other.baseUrl, secret: canary });
    assert.equal(moved.baseUrl, other.baseUrl);
    f.server.resetCounts();
    other.resetCounts();
    assert.match(await f.restart().accessToken(id), /^tok-/);
    assert.equal(other.loginSuccesses('ops@acme'), 1);
    assert.equal(f.server.loginAttempts(), 0);
  });

  it('a move with the password typed does not take the stored API key along (one binding covers both), and the reverse', async () => {
    const apiKey = f.server.user('ops@acme')!.apiKey!;
    other.updateUser('ops@acme', { apiKey });
    const { id } = await addOps();
    await f.service.fetchApiKey(id);
    const moved = await f.service.update({ id, baseUrl: other.baseUrl, secret: canary });
    assert.equal(moved.hasApiKey, false, 'the API key was verified at the old server only');
    other.resetCounts();
    assert.equal((await failure(f.service.useApiKey(id, true))).code, 'not-found');
    for (const form of other.loginForms) assert.ok(!Object.values(form).includes(apiKey), 'the API key never went to the new server');
    assert.equal(await f.secrets.get(`account:${id}:apikey`), null);

    // The reverse: an API-key account moved with its key typed does not take the stored password along.
    const back = await f.service.update({ id, baseUrl: f.server.baseUrl, authMode: 'apiKey', secret: apiKey });
    assert.equal(back.authMode, 'apiKey');
    f.server.resetCounts();
    assert.equal((await failure(f.service.useApiKey(id, false))).code, 'invalid-credentials');
    for (const form of f.server.loginForms) assert.ok(!Object.values(form).includes(canary), 'the password stayed behind');
  });

  it('a lock landing in the middle of a move never leaves the new password bound to the old server (review M3)', async () => {
    const NEW = `${canary}-new`;
    other.updateUser('ops@acme', { password: NEW });
    // The real keychain, behind the passphrase layer, with the vault locking itself between the password and its binding.
    let passphrase: PassphraseVault | null = null;
    const raw: SecretStore = {
      get: (k) => f.secrets.get(k),
      delete: (k) => f.secrets.delete(k),
      keys: () => f.secrets.keys(),
      status: () => f.secrets.status(),
      set: async (k, v) => {
        await f.secrets.set(k, v);
        // Right after the new password is stored, before its binding: the idle lock fires.
        if (lockOnBind && k.endsWith(':password')) passphrase!.lock();
      },
    };
    let lockOnBind = false;
    passphrase = new PassphraseVault(raw, { logger: createLogger(new Redactor(), []), now: f.clock.now, kdf: TEST_KDF });
    const redactor = new Redactor();
    const service = new AccountService(
      { dataDir: f.dataDir, secrets: passphrase, logger: createLogger(redactor, []), redactor, now: f.clock.now, emit: () => {} },
      { timeoutMs: 5000 },
    );
    const { id } = await service.add({ label: 'Ops', username: 'ops@acme', secret: canary, authMode: 'password', baseUrl: f.server.baseUrl });
    await passphrase.setPassphrase(undefined, 'a long enough passphrase');
    lockOnBind = true;
    assert.equal((await failure(service.update({ id, baseUrl: other.baseUrl, secret: NEW }))).code, 'vault-locked');
    lockOnBind = false;
    await passphrase.unlock('a long enough passphrase');
    const stored = await passphrase.get(`account:${id}:password`);
    assert.notEqual(stored, NEW, 'the password verified for the new server is not left bound to the old one');
    f.server.resetCounts();
    await service.accessToken(id).catch(() => null);
    for (const form of f.server.loginForms) assert.ok(!Object.values(form).includes(NEW), 'the old server never gets it');
  });

  // Its harness clears the clipboard on lock, through xclip.
  it('the IPC path (accounts:update {id, baseUrl}) is refused in main, before any request', { skip: needsLinux(X11_CLIPBOARD) }, async () => {
    const h = createVaultHarness({ trustedOrigin: 'app://vault', clipboard: x11Clipboard });
    try {
      const top = { origin: 'app://vault', isMainFrame: true };
      const added = await h.dispatch(top, 'accounts:add', {
        label: 'Ops',
        username: 'ops@acme',
        secret: canary,
        authMode: 'password',
        baseUrl: f.server.baseUrl,
      });
      assert.ok(added.ok);
      const { id } = added.value as AccountView;
      await h.dispatch(top, 'vault:lock', undefined);
      f.server.resetCounts();
      const reply = await h.dispatch(top, 'accounts:update', { id, baseUrl: other.baseUrl });
      assert.equal(reply.ok, false);
      if (!reply.ok) assert.equal(reply.error.code, 'secret-required');
      assert.equal(anyRequests(), 0);
      assert.ok(!readFileSync(h.logPath, 'utf8').includes(canary));
    } finally {
      await h.dispose();
    }
  });
});

describe('a base URL from accounts.json is checked again', () => {
  for (const [name, bad] of [
    ['plain http to another host', 'http://wxm.example.test'],
    ['a path', 'https://api.getcloudcherry.com/evil'],
    ['credentials', 'https://user:pw@api.getcloudcherry.com'],
    ['a query', 'https://api.getcloudcherry.com?x=1'],
  ] as const) {
    it(`a record with ${name} is set aside on load, with the reason, and never contacted`, async () => {
      const { id } = await addOps();
      const file = JSON.parse(readFileSync(filePath(), 'utf8')) as { accounts: Array<Record<string, unknown>> };
      file.accounts[0]!['baseUrl'] = bad;
      writeFileSync(filePath(), JSON.stringify(file));
      const service = f.restart();
      f.server.resetCounts();
      const err = await failure(service.list());
      assert.equal(err.code, 'data-file');
      assert.match(err.message, /baseUrl: expected a WXM base URL/);
      assert.ok(
        readdirSync(f.dataDir).some((n) => n.startsWith('accounts.rejected-')),
        'kept aside, not lost',
      );
      assert.deepEqual(await service.list(), []);
      assert.equal((await failure(service.accessToken(id))).code, 'not-found');
      assert.equal(anyRequests(), 0);
    });
  }

  it('the client refuses a base URL it would not have stored, before any request', async () => {
    const client = new WxmClient({ timeoutMs: 2000 });
    for (const bad of [`${f.server.baseUrl}/x`, 'http://wxm.example.test', `${f.server.baseUrl}?q=1`]) {
      const err = await failure(client.login(bad, { username: 'ops@acme', secret: canary, mode: 'password' }, Date.now));
      assert.equal(err.code, 'data-file');
      const err2 = await failure(client.getApiKey(bad, 'tok', 'ops@acme'));
      assert.equal(err2.code, 'data-file');
    }
    assert.equal(f.server.requests.length, 0);
  });
});
