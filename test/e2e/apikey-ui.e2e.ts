/**
 * The API key dialog, driven like a user against the test WXM server: fetch the
 * key WXM has, generate a new one, switch the login between API key and
 * password, and copy the key onto the real X11 clipboard. The page only ever
 * sees account views; the keys go server -> main -> keychain -> clipboard.
 */
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { addAccount, row, rowAction, screenshots, waitForClipboard } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const OPS_KEY = 'ops-server-api-key-1';

const wxm = wxmSandboxPerTest([
  { username: 'ops@acme.test', password: 'ops-pass-1', apiKey: OPS_KEY, station: 'uswest' },
  { username: 'nokey@acme.test', password: 'nokey-pass-2', apiKey: null, station: 'euwest' },
]);

/** Nothing the page saw (DOM or any reply) holds a key, password or token. */
async function expectNoSecrets(app: { page: import('@playwright/test').Page; harness: { replies: unknown } }, secrets: string[]) {
  const everything = JSON.stringify(app.harness.replies) + (await app.page.content());
  for (const secret of secrets) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(/tok-[A-Za-z0-9_-]{16,}/);
  expect(everything).not.toMatch(/key-[0-9a-f]{36}/);
}

test('fetch, generate and switch to API-key login from the API key dialog; copies hold the server keys', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  const opsRow = row(page, 'Ops US');
  await opsRow.locator('[data-action="copy-menu"]').click();
  await expect(opsRow.getByRole('menuitem')).toHaveText(['Copy header']);
  await page.keyboard.press('Escape');

  // K on a row opens the dialog; it starts on "Fetch API key" and tells the current state.
  await opsRow.locator('[data-action="copy-token"]').focus();
  await page.keyboard.press('k');
  const dialog = page.getByTestId('apikey-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'API key for Ops US' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Fetch API key' })).toBeFocused();
  await expect(dialog.getByTestId('apikey-stored')).toHaveText('No API key stored yet');
  await expect(dialog.getByTestId('apikey-mode')).toHaveText('password');
  await expect(dialog.getByRole('button', { name: 'Log in with API key' })).toBeDisabled();
  await expect(dialog).toContainText('Fetch or generate a key first.');
  await screenshots(page, 'apikey-dialog');

  // Fetch: the state updates in place, the row gains "Copy API key".
  await dialog.getByRole('button', { name: 'Fetch API key' }).click();
  await expect(dialog.getByTestId('apikey-status')).toHaveText('Fetched the API key for Ops US from WXM and stored it in the keychain.');
  await expect(dialog.getByTestId('apikey-stored')).toHaveText('An API key is stored in the keychain');
  await expect(dialog.getByRole('button', { name: 'Log in with API key' })).toBeEnabled();
  await expect(dialog.getByRole('button', { name: 'Fetch API key' })).toBeFocused();
  await expect(page.getByTestId('announcement')).toHaveText('Fetched the API key for Ops US from WXM and stored it in the keychain.');
  await screenshots(page, 'apikey-dialog-fetched');
  await dialog.getByTestId('apikey-panel').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  // Focus goes back to the row.
  await expect(opsRow.locator('[data-action="copy-token"]')).toBeFocused();

  await writeX11Clipboard('before');
  await rowAction(page, 'Ops US', 'copy-apikey');
  await expect(page.getByTestId('copy-countdown')).toContainText('API key for Ops US copied');
  expect(await waitForClipboard(readX11Clipboard, OPS_KEY)).toBe(OPS_KEY);

  // Generate: asks first, says the old key *may* stop working; Escape backs out of the question only.
  await rowAction(page, 'Ops US', 'apikey');
  await dialog.getByRole('button', { name: 'Generate new API key…' }).click();
  const confirm = dialog.getByTestId('generate-confirm');
  await expect(confirm).toContainText('Generate a new API key for Ops US?');
  await expect(confirm).toContainText('WXM may stop accepting the old key');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await screenshots(page, 'apikey-generate-confirm');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Generate new API key…' })).toBeFocused();
  expect(wxm.server.user('ops@acme.test')?.apiKey).toBe(OPS_KEY);

  await dialog.getByRole('button', { name: 'Generate new API key…' }).click();
  await confirm.getByRole('button', { name: 'Generate new key' }).click();
  await expect(dialog.getByTestId('apikey-status')).toContainText('Generated a new API key for Ops US');
  const newKey = wxm.server.user('ops@acme.test')?.apiKey ?? '';
  expect(newKey).toMatch(/^key-[0-9a-f]{36}$/);
  await dialog.getByTestId('apikey-panel').getByRole('button', { name: 'Close', exact: true }).click();
  await rowAction(page, 'Ops US', 'copy-apikey');
  expect(await waitForClipboard(readX11Clipboard, newKey)).toBe(newKey);

  // Switch to API-key login: main logs in with the key first; the server saw the key, the row shows the badge.
  await expect(opsRow.locator('.tag')).toHaveCount(0);
  await rowAction(page, 'Ops US', 'apikey');
  wxm.server.resetCounts();
  await dialog.getByRole('button', { name: 'Log in with API key' }).click();
  await expect(dialog.getByTestId('apikey-status')).toHaveText('WXM accepted the API key: Ops US now logs in with it.');
  await expect(dialog.getByTestId('apikey-mode')).toHaveText('API key');
  expect(wxm.server.logins).toEqual([{ username: 'ops@acme.test', outcome: 'ok', usedApiKey: true }]);
  await expect(dialog.getByRole('button', { name: 'Log in with password' })).toBeFocused();
  await screenshots(page, 'apikey-dialog-apikey-login');
  await dialog.getByTestId('apikey-panel').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(opsRow.locator('.tag')).toHaveText('API key login');
  await expect(opsRow).toContainText('Valid');

  // Later logins use the key too.
  wxm.server.resetCounts();
  await rowAction(page, 'Ops US', 'login');
  await expect(page.getByTestId('announcement')).toHaveText('Ops US: logged in.');
  expect(wxm.server.logins).toEqual([{ username: 'ops@acme.test', outcome: 'ok', usedApiKey: true }]);

  // And back to the password.
  await rowAction(page, 'Ops US', 'apikey');
  wxm.server.resetCounts();
  await dialog.getByRole('button', { name: 'Log in with password' }).click();
  await expect(dialog.getByTestId('apikey-mode')).toHaveText('password');
  expect(wxm.server.logins).toEqual([{ username: 'ops@acme.test', outcome: 'ok', usedApiKey: false }]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opsRow.locator('.tag')).toHaveCount(0);

  await expectNoSecrets(app, [OPS_KEY, newKey, 'ops-pass-1']);
});

test('API key errors show the next step inline: no key at WXM -> generate (never focused); server trouble -> try again', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'No key EU', username: 'nokey@acme.test', secret: 'nokey-pass-2', baseUrl: wxm.server.baseUrl });
  await rowAction(page, 'No key EU', 'apikey');
  const dialog = page.getByTestId('apikey-dialog');

  // WXM has no key for this user: the error says so, and its button leads to "generate", but focus stays on Fetch.
  await dialog.getByRole('button', { name: 'Fetch API key' }).click();
  const error = dialog.getByTestId('apikey-error');
  await expect(error).toContainText('WXM has no API key for nokey@acme.test');
  const next = error.getByRole('button', { name: 'Generate new API key…' });
  await expect(next).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Fetch API key' })).toBeFocused();
  await expect(dialog.getByTestId('apikey-stored')).toHaveText('No API key stored yet');
  await screenshots(page, 'apikey-dialog-error');
  await next.click();
  await expect(error).toHaveCount(0);
  await dialog.getByTestId('generate-confirm').getByRole('button', { name: 'Generate new key' }).click();
  await expect(dialog.getByTestId('apikey-stored')).toHaveText('An API key is stored in the keychain');
  // After generating, focus goes to Fetch: not to Generate, where one more Enter would start replacing the key again.
  await expect(dialog.getByRole('button', { name: 'Fetch API key' })).toBeFocused();
  const key = wxm.server.user('nokey@acme.test')?.apiKey ?? '';
  expect(key).toMatch(/^key-/);

  // A server error: "Try again" runs the same action again.
  wxm.server.failNext(500, { endpoint: 'GetAPIKey', count: 1 });
  await dialog.getByRole('button', { name: 'Fetch API key' }).click();
  await expect(error).toBeVisible();
  await expect(dialog.getByTestId('apikey-status')).toHaveText('');
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(error).toHaveCount(0);
  await expect(dialog.getByTestId('apikey-status')).toHaveText('Fetched the API key for No key EU from WXM and stored it in the keychain.');

  // The key is the one WXM generated.
  await page.keyboard.press('Escape');
  await writeX11Clipboard('before');
  await rowAction(page, 'No key EU', 'copy-apikey');
  expect(await waitForClipboard(readX11Clipboard, key)).toBe(key);

  await expectNoSecrets(app, [key, 'nokey-pass-2']);
});

test('a proxy page answering GetAPIKey is named as not WXM, with the host; focus never lands on Generate', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await rowAction(page, 'Ops US', 'apikey');
  const dialog = page.getByTestId('apikey-dialog');
  const generate = dialog.getByRole('button', { name: 'Generate new API key…' });
  await expect(dialog.getByRole('button', { name: 'Fetch API key' })).toBeFocused();

  // The page echoes the password and the Bearer token, as some proxies do: none of it may show.
  wxm.server.answerNotLikeWxm('html', { endpoint: 'GetAPIKey' });
  await dialog.getByRole('button', { name: 'Fetch API key' }).click();
  const error = dialog.getByTestId('apikey-error');
  await expect(error).toContainText('HTML page, not WXM');
  await expect(error).toContainText(`${new URL(wxm.server.baseUrl).host} did not answer like WXM`);
  await expect(error).toContainText("Check the account's base URL, or your proxy");
  await expect(error).not.toContainText('no API key');
  await expect(error.getByRole('button', { name: 'Generate new API key…' })).toHaveCount(0);
  await expect(error.getByRole('button', { name: 'Edit account' })).toBeFocused();
  await expect(generate).not.toBeFocused();
  await expect(dialog.getByTestId('apikey-stored')).toHaveText('No API key stored yet');
  await screenshots(page, 'apikey-dialog-not-wxm');

  // Also when the page stands in for a GenerateAPIKey answer: the next step is Fetch, never another Generate.
  wxm.server.answerNotLikeWxm('html', { endpoint: 'GenerateAPIKey' });
  await generate.click();
  await dialog.getByTestId('generate-confirm').getByRole('button', { name: 'Generate new key' }).click();
  await expect(error).toContainText('HTML page, not WXM');
  await expect(error.getByRole('button', { name: 'Fetch API key' })).toBeFocused();
  await expect(generate).not.toBeFocused();

  await expectNoSecrets(app, ['ops-pass-1', OPS_KEY]);
  expect(await page.content()).not.toContain('Sign in to the proxy');
});

test('the shortcut list names the API key shortcut', async ({ app }) => {
  const { page } = app;
  // The app mounts once main has said the vault is open; a key pressed before that has no handler yet.
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  await page.keyboard.press('?');
  const help = page.getByTestId('help-dialog');
  await expect(help).toContainText('API key: fetch, generate, log in with it');
  await expect(help.locator('dt', { hasText: /^K$/ })).toHaveCount(1);
});
