/**
 * Runs against the real OS keychain (gnome-keyring in a private D-Bus session
 * under `npm test`). Each run uses a service name of its own.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { VaultError } from '../../electron/core/errors';
import { loadNative, nativeBinaryCandidates } from '../../electron/core/keychain/native-loader';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { needsLinux, SECRET_SERVICE } from '../harness/host-needs';

const service = `wxm-vault-test-${randomUUID()}`;
const store = new KeychainSecretStore(service);

after(async () => {
  for (const key of await store.keys()) await store.delete(key);
});

describe('keychain secret store (real Secret Service)', () => {
  it('stores, reads back, lists and deletes an entry', async () => {
    await store.set('account:one:secret', 'p@ss w0rd&=+ü');
    assert.equal(await store.get('account:one:secret'), 'p@ss w0rd&=+ü');
    assert.deepEqual(await store.keys(), ['account:one:secret']);
    assert.equal(await store.delete('account:one:secret'), true);
    assert.equal(await store.get('account:one:secret'), null);
    assert.equal(await store.delete('account:one:secret'), false);
  });

  it('writes a real Secret Service item other tools can see', { skip: needsLinux(SECRET_SERVICE) }, async () => {
    await store.set('account:two:secret', 'visible-to-secret-tool');
    const out = execFileSync('secret-tool', ['lookup', 'service', service, 'username', 'account:two:secret'], { encoding: 'utf8' });
    assert.equal(out, 'visible-to-secret-tool');
    await store.delete('account:two:secret');
  });

  it('reports itself available after a probe write and read-back that leaves nothing behind', async () => {
    const status = await store.status();
    assert.equal(status.available, true);
    assert.equal(status.message, null);
    assert.deepEqual(await store.keys(), []);
  });

  it('refuses malformed entry names and empty secrets', async () => {
    await assert.rejects(() => store.set('bad key with spaces', 'x'), VaultError);
    assert.throws(() => store.set('account:x:secret', ''), VaultError);
  });

  it('runs one keychain call at a time: a quick read waits for a slow enumeration started before it', async () => {
    // Concurrent Secret Service calls that race a delete against an enumeration fail spuriously
    // with gnome-keyring; the store queues every call, across instances, in the order issued.
    const other = new KeychainSecretStore(`${service}-other`);
    await other.set('quick', 'q');
    for (let i = 0; i < 40; i++) await store.set(`bulk:${i}`, `value-${i}`);
    const order: string[] = [];
    await Promise.all([
      store.keys().then(() => order.push('enumerate (slow, issued first)')),
      other.get('quick').then(() => order.push('read (quick, issued second)')),
      store.delete('bulk:0').then(() => order.push('delete (issued third)')),
    ]);
    assert.deepEqual(order, ['enumerate (slow, issued first)', 'read (quick, issued second)', 'delete (issued third)']);
    for (let i = 1; i < 40; i++) await store.delete(`bulk:${i}`);
    await other.delete('quick');
  });

  it(
    'rides through a Secret Service daemon that dies and comes back: the next call waits for it instead of failing',
    { skip: process.env.WXM_PRIVATE_KEYRING_STATE ? false : 'needs the private keyring of scripts/with-keyring.sh (npm test runs it)' },
    async () => {
      const state = process.env.WXM_PRIVATE_KEYRING_STATE!;
      await store.set('account:restart:secret', 'survives a daemon restart');
      // Said first, so the wrapper restarts it as planned rather than reporting a crash.
      writeFileSync(join(state, 'planned-kill'), '');
      process.kill(Number(readFileSync(join(state, 'daemon.pid'), 'utf8')), 'SIGKILL');
      assert.equal(await store.get('account:restart:secret'), 'survives a daemon restart');
      assert.equal(await store.delete('account:restart:secret'), true);
    },
  );

  it('says what to do when no keychain is reachable, and never falls back to a file', async () => {
    const code = `
      import { KeychainSecretStore } from './electron/core/keychain/secrets.ts';
      const s = new KeychainSecretStore('wxm-vault-nobus');
      const status = await s.status();
      let err = null;
      try { await s.set('k', 'v'); } catch (e) { err = { code: e.code, message: e.message }; }
      console.log(JSON.stringify({ status, err }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    const { status, err } = JSON.parse(out.trim().split('\n').pop()!);
    assert.equal(status.available, false);
    assert.match(status.message, /GNOME Keyring or KWallet/);
    assert.equal(err.code, 'keychain-unavailable');
    assert.match(err.message, /never falls back/);
  });
});

describe('keychain binary missing or unloadable (a build without its platform package)', () => {
  it('reports the keychain unavailable with what to do, and every call rejects with keychain-unavailable', async () => {
    const missing = mkdtempSync(join(tmpdir(), 'wxm-nobinary-'));
    const corrupt = mkdtempSync(join(tmpdir(), 'wxm-badbinary-'));
    const [binary] = nativeBinaryCandidates('keyring', { appRoot: corrupt });
    mkdirSync(dirname(binary!), { recursive: true });
    writeFileSync(binary!, 'not a shared library');
    try {
      for (const appRoot of [missing, corrupt]) {
        const broken = new KeychainSecretStore(service, () => loadNative('keyring', { appRoot }));
        const status = await broken.status();
        assert.equal(status.available, false, appRoot);
        assert.match(status.message ?? '', /could not load its keychain component.*Reinstall WXM Vault/s);
        const calls: Array<[string, () => Promise<unknown>]> = [
          ['get', () => broken.get('account:x:secret')],
          ['set', () => broken.set('account:x:secret', 'never-stored')],
          ['delete', () => broken.delete('account:x:secret')],
          ['keys', () => broken.keys()],
        ];
        for (const [name, call] of calls) {
          await assert.rejects(
            call,
            (e: unknown) => e instanceof VaultError && e.code === 'keychain-unavailable' && /Reinstall/.test(e.message),
            name,
          );
        }
      }
    } finally {
      rmSync(missing, { recursive: true, force: true });
      rmSync(corrupt, { recursive: true, force: true });
    }
  });

  it('loads the native binary on first use, not when the module is imported', () => {
    const code = `
      const loaded = () => process.report.getReport().sharedObjects.some((f) => /keyring[^/]*\\.node$/.test(f));
      const { KeychainSecretStore } = await import('./electron/core/keychain/secrets.ts');
      const atImport = loaded();
      await new KeychainSecretStore('wxm-vault-lazy-${randomUUID()}').keys();
      console.log(JSON.stringify({ atImport, afterUse: loaded() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), { atImport: false, afterUse: true });
  });
});
