/**
 * The browser shell where no Secret Service runs: the session bus exists (a
 * private dbus-daemon of this file's own) but nothing on it owns
 * org.freedesktop.secrets, and nothing can be activated to. The window must
 * still open and say that the keychain is unavailable and what to do; the app
 * never starts a keyring of its own.
 *
 * The bus is this process's (node:test runs each file in its own process), set
 * before anything here touches the keychain, so the native keychain binding
 * connects to it and not to the one scripts/with-keyring.sh provides.
 *
 * Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createOsClipboard } from '../../electron/core/clipboard/os-clipboard';
import { DEFAULT_PAGE_BRIDGE, launchBrowserShell, type BrowserShell } from '../../electron/browser/launch';
import { needsLinux, PRIVATE_DBUS, SYSTEM_CHROMIUM } from '../harness/host-needs';
import { startPrivateBus, type PrivateBus } from '../harness/private-dbus';
import { usePrivateDisplay } from '../harness/xvfb';

const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

usePrivateDisplay();

/** Who owns `name` on the bus at `address`, or null when nobody does. */
function ownerOf(address: string, name: string): string | null {
  const out = execFileSync(
    'dbus-send',
    [
      `--bus=${address}`,
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${name}`,
    ],
    { encoding: 'utf8' },
  );
  return /boolean true/.test(out) ? name : null;
}

describe('browser shell without a Secret Service', { skip: needsLinux(`${SYSTEM_CHROMIUM} and ${PRIVATE_DBUS}`) }, () => {
  let bus: PrivateBus;
  let savedBus: string | undefined;
  let dataDir: string;
  let shell: BrowserShell;

  before(async () => {
    assert.ok(existsSync(DEFAULT_PAGE_BRIDGE), 'dist/browser/page-bridge.js is missing: run npm run build first');
    bus = await startPrivateBus('session');
    savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-no-keychain-'));
    shell = await launchBrowserShell({
      browserPath: BROWSER,
      dataDir,
      keychainService: `wxm-vault-test-${randomUUID()}`,
      clipboard: createOsClipboard(),
      appVersion: '0.0.0-test',
      // This bus has no screen saver either; the idle lock falls back to input in the window, which is not what is tested.
      desktopLock: null,
    });
  });

  after(async () => {
    await shell?.close();
    if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
    await bus?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('opens the window saying the keychain is unavailable and what to do, with a way to try again', async () => {
    const { page } = shell;
    // Main cannot tell whether the vault is locked without the keychain, so the window shows this before anything else.
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /The system keychain is not available\./);
    assert.match(
      text,
      /Start and unlock GNOME Keyring or KWallet \(a Secret Service provider on the session D-Bus\), then try again\./,
      'the next step',
    );
    assert.match(text, /never falls back to storing secrets in a plain file/);
    assert.equal(await alert.getByRole('button', { name: 'Try again' }).isEnabled(), true);
    assert.equal(await page.getByTestId('lock-screen').count(), 0, 'no lock screen asking for a passphrase it cannot check');
  });

  it('starts no keyring of its own: nobody owns the Secret Service name on the bus', () => {
    assert.equal(ownerOf(bus.address, 'org.freedesktop.secrets'), null);
  });

  it('trying again while there is still none says so again, and the bridge reports the keychain as unavailable', async () => {
    const { page } = shell;
    await page.getByRole('alert').getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('alert').getByText('The system keychain is not available.').waitFor();
    const status = await page.evaluate(() => window.wxmVault!.keychainStatus(undefined as never));
    assert.ok(status.ok);
    assert.equal(status.value.available, false);
    assert.match(status.value.message ?? '', /GNOME Keyring or KWallet/);
  });
});
