/**
 * The update wiring in the real app (electron/main/updates). These specs run the app
 * unpackaged (`electron .`), where it must never look for an update: main says why in
 * its log and never creates electron-updater's updater, and electron-updater itself
 * refuses to check an unpacked app. The policy behind it (when to check, what to ask,
 * the off switch) is covered under Node by test/node/update-policy.test.ts.
 *
 * Skipped, saying so, where no Electron binary exists; CI runs it on Linux, macOS and Windows.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, electronSkipReason } from '../harness/electron-binary';
import { launchVault, type LaunchedVault } from './launch-vault';

const binary = electronBinary();

interface LogLine {
  scope: string;
  message: string;
}

const parsed = (vault: LaunchedVault): LogLine[] => vault.logLines().map((line) => JSON.parse(line) as LogLine);

test.describe('real Electron app: updates', () => {
  test.skip(!!electronSkipReason(binary), electronSkipReason(binary) || '');
  test.skip(process.platform === 'linux' && !process.env.DISPLAY, 'needs an X display: run under xvfb-run (npm test does)');

  let vault: LaunchedVault;
  test.beforeEach(async () => {
    vault = await launchVault(binary);
  });
  test.afterEach(async () => {
    await vault?.close();
  });

  test('an unpackaged run never checks: main says why, electron-updater is never started', async () => {
    const { app, page } = vault;
    await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
    expect(await app.evaluate(({ app: electronApp }) => electronApp.isPackaged)).toBe(false);
    await expect
      .poll(() =>
        parsed(vault)
          .filter((l) => l.scope === 'updates')
          .map((l) => l.message),
      )
      .toEqual(['Not checking for updates: this is an unpackaged run (development or tests).']);
    // Had main created the updater, it would have been handed our logger (electron/main/updates/updates.ts).
    expect(parsed(vault).filter((l) => l.scope === 'electron-updater')).toEqual([]);

    // The setting is there and on; turning it off is saved, and still nothing checks.
    await page.keyboard.press('Control+,');
    const box = page.getByTestId('settings-form').getByLabel('Check for updates');
    await expect(box).toBeChecked();
    await box.uncheck();
    await page.getByTestId('settings-form').getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByTestId('settings-status')).toHaveText('Settings saved.');
    const onDisk = JSON.parse(readFileSync(join(vault.dataDir, 'settings.json'), 'utf8')) as { checkForUpdates: boolean };
    expect(onDisk.checkForUpdates).toBe(false);
    expect(parsed(vault).filter((l) => l.scope === 'electron-updater')).toEqual([]);
  });

  test('electron-updater itself refuses to check an unpackaged app, without touching the network', async () => {
    const { app, page } = vault;
    await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
    const outcome = await app.evaluate(async () => {
      // Playwright evaluates in main's global scope, which has no require of its own.
      const load = process.mainModule?.require.bind(process.mainModule);
      if (!load) return { loaded: false, result: 'unknown', said: [] as string[] };
      const { autoUpdater } = load('electron-updater') as typeof import('electron-updater');
      const said: string[] = [];
      autoUpdater.logger = {
        info: (m?: unknown) => said.push(String(m)),
        warn: (m?: unknown) => said.push(String(m)),
        error: (m?: unknown) => said.push(String(m)),
      };
      autoUpdater.autoDownload = false;
      autoUpdater.autoInstallOnAppQuit = false;
      const result = await autoUpdater.checkForUpdates();
      return { loaded: true, result: result === null ? 'null' : 'a result', said };
    });
    expect(outcome.loaded).toBe(true);
    expect(outcome.result).toBe('null');
    expect(outcome.said.join('\n')).toContain('Skip checkForUpdates because application is not packed');
  });
});
