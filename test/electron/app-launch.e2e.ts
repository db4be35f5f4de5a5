/**
 * Launches the real packaged-style app with Playwright's Electron driver.
 * The Electron binary cannot be downloaded on our CI machines; there this test
 * is skipped and says so. Everything it checks is also covered by the Chromium
 * harness tests, which always run.
 */
import { expect, test } from '@playwright/test';
import { electronBinary, electronSkipReason } from '../harness/electron-binary';
import { launchVault } from './launch-vault';

const binary = electronBinary();

test.describe('real Electron app', () => {
  test.skip(!!electronSkipReason(binary), electronSkipReason(binary) || '');

  test('starts with a sandboxed, isolated window that reaches the keychain', async () => {
    const vault = await launchVault(binary);
    const { page } = vault;
    await expect(page.getByTestId('keychain-status')).toBeVisible();
    const powers = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      bridge: typeof window.wxmVault,
    }));
    expect(powers).toEqual({ require: 'undefined', bridge: 'object' });
    expect(page.url()).toMatch(/^app:\/\/vault\//);
    await vault.close();
  });
});
