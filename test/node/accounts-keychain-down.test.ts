/**
 * With no keychain reachable (a session bus that does not exist), adding an
 * account fails with keychain-unavailable and leaves nothing behind: no
 * account file entry, and certainly no plain-text password anywhere.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('accounts without a keychain', () => {
  it('refuses to add an account, says what to do, and writes nothing', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-nokeychain-'));
    try {
      const code = `
        import { AccountService } from './electron/core/accounts/account-service.ts';
        import { KeychainSecretStore } from './electron/core/keychain/secrets.ts';
        import { Redactor } from './electron/core/redactor.ts';
        import { createLogger } from './electron/core/logger.ts';
        import { startWxmServer } from './electron/sandbox/wxm-sandbox.ts';
        const server = await startWxmServer({ users: [{ username: 'ops@acme', password: 'ops-password' }] });
        const redactor = new Redactor();
        const svc = new AccountService({ dataDir: ${JSON.stringify(dataDir)}, secrets: new KeychainSecretStore('wxm-vault-nobus'),
          logger: createLogger(redactor, []), redactor, now: Date.now, emit: () => {} });
        let err = null;
        try { await svc.add({ label: 'Ops', username: 'ops@acme', secret: 'ops-password', authMode: 'password', baseUrl: server.baseUrl }); }
        catch (e) { err = { code: e.code, message: e.message }; }
        const list = await svc.list();
        await server.close();
        console.log(JSON.stringify({ err, list }));`;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        encoding: 'utf8',
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      });
      const { err, list } = JSON.parse(out.trim().split('\n').pop()!);
      assert.equal(err.code, 'keychain-unavailable');
      assert.match(err.message, /GNOME Keyring or KWallet/);
      assert.deepEqual(list, []);
      assert.deepEqual(readdirSync(dataDir), []);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
