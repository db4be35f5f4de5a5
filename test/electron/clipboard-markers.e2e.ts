/**
 * What only real Electron can prove about security review item 4: that
 * `clipboard.write()` keeps the raw platform formats WXM Vault writes next to a
 * copied token, so clipboard history, cloud clipboard and clipboard managers
 * can see them. Copies through the real app, then asks Electron's own
 * `clipboard.has('electron application/osclipboard;format="…"')` for each of
 * this platform's markers; then allows history and checks they are gone.
 *
 * Skipped, saying so, where no Electron binary exists (our CI): there
 * test/node/clipboard-concealed.security.test.ts checks what the core hands to
 * `clipboard.write()`, and the README says the markers are unverified.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clipboardMarkers } from '../../electron/core/clipboard/clipboard-markers';
import { osClipboardFormat } from '../../electron/main/clipboard/electron-clipboard';
import { addAccount, row } from '../e2e/ui-helpers';
import { installedElectronBinary as electronBinary } from '../../electron/browser/choose-shell';
import { startWxmServer, type WxmTestServer } from '../wxm-server/wxm-server';

const binary = electronBinary();

/** Which of these raw formats Electron says the system clipboard holds right now. */
async function held(app: ElectronApplication, formats: string[]): Promise<string[]> {
  const has = await app.evaluate(({ clipboard }, names) => Promise.all(names.map((name) => clipboard.has(name))), formats);
  return formats.filter((_, i) => has[i]);
}

test.describe('real Electron clipboard markers', () => {
  test.skip(!binary, 'SKIPPED: no Electron binary on this machine (its download is blocked here); node tests check what reaches clipboard.write(), and the README marks the markers unverified.');

  let server: WxmTestServer;
  let dataDir: string;
  test.beforeEach(async () => {
    server = await startWxmServer({ users: [{ username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' }] });
    dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-electron-'));
  });
  test.afterEach(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a copy carries this platform\'s concealment markers, and allowing history drops them', async () => {
    const concealed = clipboardMarkers(process.platform, false).map((m) => osClipboardFormat(m.format));
    const withHistory = clipboardMarkers(process.platform, true).map((m) => osClipboardFormat(m.format));
    const everyMarker = [...new Set([...concealed, ...withHistory])];
    expect(concealed.length).toBeGreaterThan(0);

    // A data folder of its own: the test's account never lands in a real user's list.
    const app = await electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${dataDir}`] });
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
      await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: server.baseUrl });

      await row(page, 'Ops US').getByRole('button', { name: 'Copy token for Ops US' }).click();
      await expect(page.getByTestId('copy-countdown')).toContainText('Token for Ops US copied');
      expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toMatch(/^tok-/);
      expect(await held(app, everyMarker)).toEqual(concealed);

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByTestId('settings-form').getByLabel('Let clipboard history and clipboard managers keep copies').check();
      await page.getByTestId('settings-form').getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByTestId('settings-status')).toHaveText('Settings saved.');
      await page.keyboard.press('Escape');

      await row(page, 'Ops US').locator('[data-action="copy-header"]').click();
      await expect(page.getByTestId('copy-countdown')).toContainText('Authorization header for Ops US copied');
      expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toMatch(/^Authorization: Bearer tok-/);
      expect(await held(app, everyMarker)).toEqual(withHistory);

      // Leave no password in the keychain of whoever ran this.
      await row(page, 'Ops US').locator('[data-action="remove"]').click();
      await page.getByTestId('remove-dialog').getByRole('button', { name: 'Remove' }).click();
      await expect(page.getByTestId('empty-state')).toBeVisible();
    } finally {
      await app.close();
    }
  });
});
