/**
 * A smoke run of the real app, as a user meets it: the window opens sandboxed from
 * app://vault, an account is added against the WXM test server, a copied token
 * reaches the system clipboard (read by the OS's own tool) carrying this platform's
 * concealment markers, Lock clears it, and quitting clears the next copy too.
 *
 * Skipped, saying so, where no Electron binary exists (this repo's own machines);
 * CI installs it on Linux, macOS and Windows and sets WXM_REQUIRE_ELECTRON=1, so
 * there a missing binary fails instead. The same flows run in Chromium through
 * test/e2e on every machine.
 */
import { expect, test } from '@playwright/test';
import { readlinkSync } from 'node:fs';
import { clipboardMarkers } from '../../electron/core/clipboard/clipboard-markers';
import { osClipboardFormat } from '../../electron/main/clipboard/electron-clipboard';
import { addAccount, row } from '../e2e/ui-helpers';
import { electronBinary, electronSkipReason } from '../harness/electron-binary';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { launchVault, readSystemClipboard, waitForSystemClipboard, type LaunchedVault } from './launch-vault';

const binary = electronBinary();

test.describe('real Electron app: smoke', () => {
  test.skip(!!electronSkipReason(binary), electronSkipReason(binary) || '');
  test.skip(process.platform === 'linux' && !process.env.DISPLAY, 'needs an X display: run under xvfb-run (npm test does)');

  let server: WxmTestServer;
  let vault: LaunchedVault;
  test.beforeEach(async () => {
    server = await startWxmServer({ users: [{ username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' }] });
    vault = await launchVault(binary);
  });
  test.afterEach(async () => {
    await vault?.close();
    await server?.close();
  });

  test('sandboxed window from app://vault; add, copy with markers, lock, quit clears the clipboard', async () => {
    const { app, page } = vault;

    // The window: our origin, no Node in the page, the preload's bridge, an OS-sandboxed renderer.
    await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
    expect(page.url()).toMatch(/^app:\/\/vault\//);
    expect(
      await page.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        bridge: typeof window.wxmVault,
      })),
    ).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: 'object',
    });
    const renderer = await app.evaluate(({ app: electronApp, BrowserWindow }) => {
      const windows = BrowserWindow.getAllWindows();
      const pid = windows[0]!.webContents.getOSProcessId();
      const metric = electronApp.getAppMetrics().find((m) => m.pid === pid);
      return { windows: windows.length, pid, type: metric?.type ?? null, sandboxed: metric?.sandboxed ?? null };
    });
    expect(renderer.windows).toBe(1);
    expect(renderer.type).toBe('Tab');
    if (process.platform === 'linux') {
      // Chromium's Linux sandbox puts each renderer in a PID namespace of its own; Electron reports no `sandboxed` there.
      const mainPid = app.process().pid!;
      expect(readlinkSync(`/proc/${renderer.pid}/ns/pid`)).not.toBe(readlinkSync(`/proc/${mainPid}/ns/pid`));
    } else {
      expect(renderer.sandboxed).toBe(true);
    }

    // An account, verified against the WXM test server before it is saved.
    await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: server.baseUrl });
    const ops = row(page, 'Ops US');
    await expect(ops).toHaveAttribute('data-status', 'valid');

    // A copy reaches the system clipboard, with this platform's concealment markers beside it.
    await ops.getByRole('button', { name: 'Copy token for Ops US' }).click();
    await expect(page.getByTestId('copy-countdown')).toContainText('Token for Ops US copied');
    const token = await waitForSystemClipboard((text) => text.startsWith('tok-'));
    expect(server.issuedTokens('ops@acme.test')).toContain(token);
    const markers = clipboardMarkers(process.platform, false).map((m) => osClipboardFormat(m.format));
    expect(markers.length).toBeGreaterThan(0);
    const held = await app.evaluate(({ clipboard }, names) => names.filter((name) => clipboard.has(name)), markers);
    expect(held).toEqual(markers);

    // Lock: our value leaves the clipboard and the token is forgotten.
    await page.getByTestId('lock-now').click();
    expect(await waitForSystemClipboard((text) => text === '')).toBe('');
    await expect(ops).toHaveAttribute('data-status', 'none');

    // Quit with a fresh copy on the clipboard: before-quit clears it.
    await ops.getByRole('button', { name: 'Copy token for Ops US' }).click();
    const second = await waitForSystemClipboard((text) => text.startsWith('tok-') && text !== token);
    expect(second).not.toBe(token);
    await vault.quit();
    // On X11 the clipboard empties anyway when its owner exits, so main's own record is the proof there.
    const records = vault.logLines().map((line) => JSON.parse(line) as { scope?: string; message?: string; reason?: string });
    expect(records).toContainEqual(expect.objectContaining({ scope: 'clipboard', message: 'cleared', reason: 'quit' }));
    expect(await readSystemClipboard()).toBe('');
  });
});
