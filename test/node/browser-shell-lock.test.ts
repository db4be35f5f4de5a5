/**
 * The browser shell's automatic locks, on the shell users run (system
 * Chromium on a private Xvfb, real keychain, real X11 clipboard):
 *
 * - the idle lock fires from the idle source it is given, and the status bar names the source;
 * - with no OS idle time, input in the app window counts: real key presses
 *   hold the lock off, events a script dispatches do not;
 * - the OS's idle time and the screen lock come from D-Bus (a fake
 *   org.freedesktop.ScreenSaver on a private bus): the status bar names it,
 *   and ActiveChanged(true) locks the vault and clears our clipboard value.
 *
 * Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOsClipboard } from '../../electron/core/clipboard/os-clipboard';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { ACTIVITY_REPORT_MS } from '../../electron/browser/browser-policy';
import { DEFAULT_PAGE_BRIDGE, launchBrowserShell, type BrowserShell, type BrowserShellOptions } from '../../electron/browser/launch';
import { answers, startFakeService, type FakeService } from '../harness/fake-desktop-services';
import { startPrivateBus, type PrivateBus } from '../harness/private-dbus';
import { readX11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, PRIVATE_DBUS, SYSTEM_CHROMIUM } from '../harness/host-needs';

const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const POLL_MS = 50;

usePrivateDisplay();

const opened: Array<{ shell: BrowserShell; dataDir: string; service: string }> = [];

async function launch(options: Partial<BrowserShellOptions>): Promise<BrowserShell> {
  assert.ok(existsSync(DEFAULT_PAGE_BRIDGE), 'dist/browser/page-bridge.js is missing: run npm run build first');
  const dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-shell-lock-'));
  const service = `wxm-vault-test-${randomUUID()}`;
  const shell = await launchBrowserShell({
    browserPath: BROWSER,
    dataDir,
    keychainService: service,
    clipboard: createOsClipboard(),
    appVersion: '0.0.0-test',
    desktopLock: null,
    ...options,
  });
  opened.push({ shell, dataDir, service });
  // Idle lock after one minute.
  await shell.vault.settings.update({ idleLockMinutes: 1 });
  await recordLocks(shell.page);
  return shell;
}

after(async () => {
  for (const { shell, dataDir, service } of opened.splice(0)) {
    await shell.close();
    const secrets = new KeychainSecretStore(service);
    for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
});

/** The page keeps every vault:locked event main pushes to it, through the bridge. */
async function recordLocks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __locks: string[] };
    w.__locks = [];
    window.wxmVault!.onVaultLocked((event) => w.__locks.push(event.reason));
  });
}

function locks(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __locks: string[] }).__locks);
}

async function until(done: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** Long enough for several idle polls. */
const severalPolls = () => new Promise((r) => setTimeout(r, POLL_MS * 8));

async function statusBarIdleSource(page: Page): Promise<string> {
  const item = page.getByTestId('idle-source');
  await item.waitFor();
  return (await item.textContent()) ?? '';
}

describe('browser shell idle lock', { skip: needsLinux(SYSTEM_CHROMIUM) }, () => {
  it('locks once its idle source reports idleLockMinutes, clears our clipboard value, and the status bar names the source', async () => {
    let idle = 0;
    const shell = await launch({ idle: { idleSeconds: () => idle, description: 'idle time from a test', pollMs: POLL_MS } });
    assert.equal(await statusBarIdleSource(shell.page), 'Idle lock: idle time from a test');
    const canary = `idle-canary-${randomUUID()}`;
    await shell.vault.clipboard.copy(canary, 300);
    idle = 59;
    await severalPolls();
    assert.deepEqual(await locks(shell.page), [], 'not idle long enough yet');
    assert.equal(await readX11Clipboard(), canary);

    idle = 61;
    await until(async () => (await locks(shell.page)).length > 0);
    assert.deepEqual(await locks(shell.page), ['idle']);
    await until(async () => (await readX11Clipboard()) === '');
    assert.equal(await readX11Clipboard(), '');
    await shell.page
      .getByTestId('announcement')
      .getByText(/^Tokens forgotten/)
      .waitFor({ state: 'attached' });
  });

  it('without OS idle time, counts real input in the window, not events a script dispatches', async () => {
    let clock = Date.UTC(2030, 0, 1);
    const shell = await launch({
      now: () => clock,
      // No D-Bus and no X11 source: the window's input is all there is.
      idleSourceOptions: { sessionBus: null, xprintidle: null },
      idlePollMs: POLL_MS,
    });
    const { page } = shell;
    assert.equal(await statusBarIdleSource(page), 'Idle lock: idle time from activity in this window');
    assert.equal(
      await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).__wxmVaultActivity),
      'undefined',
      'the binding is not left on window',
    );

    clock += 50_000;
    await page.evaluate(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
      window.dispatchEvent(new PointerEvent('pointermove'));
    });
    await severalPolls();
    clock += 15_000;
    await until(async () => (await locks(page)).length > 0);
    assert.deepEqual(await locks(page), ['idle'], 'dispatched events did not count as the user being there');

    // A real key press (trusted input from the browser) makes the user active again ... once the page's
    // once-a-second report window has passed: a trusted event just before it (Chromium's own pointermove
    // when the window opens under the pointer) would otherwise fold the press into that earlier report.
    await new Promise((r) => setTimeout(r, ACTIVITY_REPORT_MS + 100));
    await page.keyboard.press('Shift');
    await severalPolls();
    clock += 50_000;
    await severalPolls();
    assert.deepEqual(await locks(page), ['idle'], 'fifty seconds after the key press is not a minute');
    // ... so a minute after it, the lock fires again.
    clock += 15_000;
    await until(async () => (await locks(page)).length > 1);
    assert.deepEqual(await locks(page), ['idle', 'idle']);
  });
});

describe('browser shell and the desktop (D-Bus)', { skip: needsLinux(`${SYSTEM_CHROMIUM} and ${PRIVATE_DBUS}`) }, () => {
  let bus: PrivateBus;
  let saver: FakeService;

  before(async () => {
    bus = await startPrivateBus('session');
    saver = await startFakeService(
      bus.address,
      'org.freedesktop.ScreenSaver',
      answers({ 'org.freedesktop.ScreenSaver.GetSessionIdleTime': () => ({ signature: 'u', body: [3] }) }),
    );
  });
  after(async () => {
    saver?.stop();
    await bus?.stop();
  });

  it('reads idle time from the screensaver service, and locks when the screen locker comes on', async () => {
    const shell = await launch({
      idleSourceOptions: { sessionBus: bus.address, display: null },
      desktopLock: { sessionBus: bus.address, systemBus: null },
    });
    assert.equal(await statusBarIdleSource(shell.page), 'Idle lock: idle time from the screensaver service');
    const canary = `screen-lock-canary-${randomUUID()}`;
    await shell.vault.clipboard.copy(canary, 300);

    // The watch subscribes in the background: repeat the signal until it is heard.
    await until(async () => {
      saver.emit({
        path: '/org/freedesktop/ScreenSaver',
        interface: 'org.freedesktop.ScreenSaver',
        member: 'ActiveChanged',
        signature: 'b',
        body: [true],
      });
      await new Promise((r) => setTimeout(r, 100));
      return (await locks(shell.page)).length > 0;
    });
    assert.equal((await locks(shell.page))[0], 'lock-screen');
    await until(async () => (await readX11Clipboard()) === '');
    assert.equal(await readX11Clipboard(), '');
  });
});
