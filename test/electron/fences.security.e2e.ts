/**
 * The fences only real Electron can prove: new windows denied, navigation
 * blocked, permissions refused by our handlers, no Node in the page. Skipped,
 * saying so, where no Electron binary exists (our CI): there the node tests
 * drive the same fence code (electron/main/window/fences.ts) with fakes, and the
 * Chromium tests (test/e2e/renderer.security.e2e.ts) prove the CSP.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectronBinary as electronBinary } from '../../electron/browser/choose-shell';

const binary = electronBinary();

test.describe('real Electron fences', () => {
  test.skip(!binary, 'SKIPPED: no Electron binary on this machine (its download is blocked here); node tests drive electron/main/window/fences.ts instead.');

  test('window.open is denied, navigation does not leave app://vault, permissions are refused, no Node in the page', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['.'] });
    const page = await app.firstWindow();
    await expect(page.getByTestId('keychain-status')).toBeVisible();
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);

    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/vault\//);

    const powers = await page.evaluate(async () => ({
      clipboard: await navigator.clipboard.readText().then(
        () => 'read',
        (e: Error) => e.name,
      ),
      notification: await Notification.requestPermission(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(powers).toEqual({ clipboard: 'NotAllowedError', notification: 'denied', require: 'undefined', process: 'undefined' });
    await app.close();
  });
});
