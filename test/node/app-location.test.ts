import assert from 'node:assert/strict';
import { join, resolve, win32 } from 'node:path';
import { describe, it } from 'node:test';
import { LocationError, resolveAppLocation } from '../../electron/core/data-folder/app-location';
import { DEFAULT_SERVICE } from '../../electron/core/keychain/secrets';

const home = '/home/ana';

describe('app location', () => {
  it("defaults to Electron's userData and logs folders for an app named WXM Vault", () => {
    assert.deepEqual(resolveAppLocation({ platform: 'linux', env: {}, home }), {
      dataDir: '/home/ana/.config/WXM Vault',
      logsDir: '/home/ana/.config/WXM Vault/logs',
      keychainService: DEFAULT_SERVICE,
    });
    assert.equal(resolveAppLocation({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home }).dataDir, '/xdg/WXM Vault');
    assert.equal(resolveAppLocation({ platform: 'linux', env: { XDG_CONFIG_HOME: 'relative' }, home }).dataDir, '/home/ana/.config/WXM Vault');
    const mac = resolveAppLocation({ platform: 'darwin', env: {}, home });
    assert.equal(mac.dataDir, join(home, 'Library', 'Application Support', 'WXM Vault'));
    assert.equal(mac.logsDir, join(home, 'Library', 'Logs', 'WXM Vault'));
    const win = resolveAppLocation({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, home });
    assert.equal(win.dataDir, join('C:\\Users\\ana\\AppData\\Roaming', 'WXM Vault'));
    assert.ok(win32.isAbsolute('C:\\Users\\ana\\AppData\\Roaming'));
  });

  it('moves data, logs and keychain service with WXM_VAULT_DATA_DIR and WXM_VAULT_KEYCHAIN_SERVICE', () => {
    const moved = resolveAppLocation({
      platform: 'darwin',
      env: { WXM_VAULT_DATA_DIR: 'portable/vault', WXM_VAULT_KEYCHAIN_SERVICE: 'wxm-vault-demo' },
      home,
      cwd: '/media/usb',
    });
    assert.deepEqual(moved, {
      dataDir: resolve('/media/usb', 'portable/vault'),
      logsDir: resolve('/media/usb', 'portable/vault', 'logs'),
      keychainService: 'wxm-vault-demo',
    });
    assert.equal(
      resolveAppLocation({ platform: 'linux', env: { WXM_VAULT_DATA_DIR: '  ', WXM_VAULT_KEYCHAIN_SERVICE: '' }, home }).dataDir,
      '/home/ana/.config/WXM Vault',
    );
  });

  it('refuses a keychain service name that is not a plain name, saying what to do', () => {
    for (const bad of ['a b', 'x/y', 'x'.repeat(101), 'naïve']) {
      assert.throws(
        () => resolveAppLocation({ platform: 'linux', env: { WXM_VAULT_KEYCHAIN_SERVICE: bad }, home }),
        (e: unknown) => e instanceof LocationError && /unset it/.test(e.message),
        bad,
      );
    }
  });
});
