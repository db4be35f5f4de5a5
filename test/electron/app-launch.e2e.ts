/**
 * Launches the real packaged-style app with Playwright's Electron driver.
 * The Electron binary cannot be downloaded on our CI machines; there this test
 * is skipped and says so. Everything it checks is also covered by the Chromium
 * harness tests, which always run.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectronBinary as electronBinary } from '../../electron/browser/choose-shell';

const binary = electronBinary();

test.describe('real Electron app', () => {
  test.skip(!binary, 'SKIPPED: no Electron binary on this machine (its download is blocked here); the Chromium harness tests cover the same flows.');

  test('starts with a sandboxed, isolated window that reaches the keychain', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['.'] });
    const page = await app.firstWindow();
    await expect(page.getByTestId('keychain-status')).toBeVisible();
    const powers = await page.evaluate(() => ({ require: typeof (window as unknown as { require?: unknown }).require, bridge: typeof window.wxmVault }));
    expect(powers).toEqual({ require: 'undefined', bridge: 'object' });
    expect(page.url()).toMatch(/^app:\/\/vault\//);
    await app.close();
  });
});
