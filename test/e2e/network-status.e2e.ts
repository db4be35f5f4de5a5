import { expect, test } from '../harness/fixtures';

const PROXY_PASSWORD = 'CANARY-proxy-pw-e2e-93b1';

test.describe('behind a proxy from HTTPS_PROXY', () => {
  test.use({ proxyEnv: { HTTPS_PROXY: `http://corp:${PROXY_PASSWORD}@proxy.corp.example:3128` } });

  test("Settings names the proxy in use, and never the proxy's password", async ({ app }) => {
    const { page } = app;
    await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
    await page.keyboard.press('Control+,');
    await expect(page.getByTestId('network-status')).toHaveText(
      'Requests to api.getcloudcherry.com go through the proxy http://proxy.corp.example:3128 (from HTTPS_PROXY).',
    );
    expect(await page.content()).not.toContain(PROXY_PASSWORD);
  });
});

test.describe('without a proxy', () => {
  test.use({ proxyEnv: { NO_PROXY: '*' } });

  test('Settings says requests go direct, and that this copy reads proxies only from HTTPS_PROXY', async ({ app }) => {
    const { page } = app;
    // The app mounts once main has said the vault is open; a key pressed before that has no handler yet.
    await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
    await page.keyboard.press('Control+,');
    await expect(page.getByTestId('network-status')).toContainText('Requests to api.getcloudcherry.com go direct.');
    await expect(page.getByTestId('network-status')).toContainText('reads a proxy only from HTTPS_PROXY and NO_PROXY');
  });
});
