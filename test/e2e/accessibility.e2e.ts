/**
 * Zero axe-core violations (WCAG 2.2 A/AA and best practices) on every screen,
 * light and dark, at 800×600 and 1440×900.
 */
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { expect, test } from '../harness/fixtures';
import { expectAccessible } from './axe';
import { security, setPassphrase, unlock } from './passphrase-helpers';
import { addAccount, fillAccountForm, row, rowAction } from './ui-helpers';

let server: WxmTestServer;
test.beforeEach(async () => {
  test.setTimeout(120_000);
  server = await startWxmServer({
    users: [
      { username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' },
      { username: 'eu@acme.test', password: 'eu-pass-2', apiKey: 'eu-api-key-2', station: 'euwest' },
      { username: 'nokey@acme.test', password: 'nokey-pass-3', station: 'euwest' },
      { username: 'mfa@acme.test', password: 'mfa-pass-4', otp: '246810', station: 'uswest' },
    ],
  });
});
test.afterEach(async () => server?.close());

test('empty vault, the add form (plain, invalid, rejected by WXM), help and settings', async ({ app }) => {
  const { page } = app;
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  await expectAccessible(page, 'empty vault');

  await page.keyboard.press('n');
  const form = page.getByTestId('account-form');
  await expect(form).toBeVisible();
  await expectAccessible(page, 'add account');
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(form.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'add account with errors');
  await fillAccountForm(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'wrong', baseUrl: server.baseUrl });
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(form.locator('.field-error')).toContainText('WXM rejected');
  await expectAccessible(page, 'add account rejected by WXM');
  await page.keyboard.press('Escape');

  await page.keyboard.press('?');
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  await expectAccessible(page, 'keyboard shortcuts');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+,');
  await expect(page.getByTestId('settings-form')).toBeVisible();
  await expectAccessible(page, 'settings');
});

test('the list, search results, the palette, row menus, edit, remove and every API key dialog state', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: server.baseUrl });
  await addAccount(page, { label: 'EU key', username: 'eu@acme.test', secret: 'eu-api-key-2', baseUrl: server.baseUrl, apiKey: true });
  await addAccount(page, { label: 'No key EU', username: 'nokey@acme.test', secret: 'nokey-pass-3', baseUrl: server.baseUrl });
  await expectAccessible(page, 'account list');

  // A copy: the toast with its countdown.
  await row(page, 'Ops US').locator('[data-action="copy-token"]').click();
  await expect(page.getByTestId('copy-countdown')).toBeVisible();
  await expectAccessible(page, 'account list with the copy toast');

  await page.keyboard.press('Control+k');
  await page.keyboard.type('eu');
  await expect(page.getByTestId('search-count')).toContainText('Enter copies the token for');
  await expectAccessible(page, 'search results and the palette hint');
  await page.getByTestId('search').fill('nothing-like-it');
  await expect(page.getByTestId('no-match')).toBeVisible();
  await expectAccessible(page, 'no search results');
  await page.keyboard.press('Escape');

  await row(page, 'EU key').locator('[data-action="copy-menu"]').click();
  await expect(row(page, 'EU key').getByRole('menu')).toBeVisible();
  await expectAccessible(page, 'copy menu');
  await page.keyboard.press('Escape');
  await row(page, 'EU key').locator('[data-action="more"]').click();
  await expect(row(page, 'EU key').getByRole('menu')).toBeVisible();
  await expectAccessible(page, 'more actions menu');
  await page.keyboard.press('Escape');

  await rowAction(page, 'Ops US', 'edit');
  await expect(page.getByTestId('edit-dialog')).toBeVisible();
  await expectAccessible(page, 'edit account');
  await page.keyboard.press('Escape');

  await rowAction(page, 'Ops US', 'remove');
  await expect(page.getByTestId('remove-dialog')).toBeVisible();
  await expectAccessible(page, 'remove confirmation');
  await page.keyboard.press('Escape');

  // API key dialog: fresh, fetched, the generate question, an error with its next step.
  await rowAction(page, 'Ops US', 'apikey');
  const dialog = page.getByTestId('apikey-dialog');
  await expect(dialog.getByTestId('apikey-stored')).toHaveText('No API key stored yet');
  await expectAccessible(page, 'API key dialog');
  await dialog.getByRole('button', { name: 'Fetch API key' }).click();
  await expect(dialog.getByTestId('apikey-error')).toBeVisible();
  await expectAccessible(page, 'API key dialog with an error');
  await dialog.getByRole('button', { name: 'Generate new API key…' }).first().click();
  await expect(dialog.getByTestId('generate-confirm')).toBeVisible();
  await expectAccessible(page, 'API key generate question');
  await dialog.getByTestId('generate-confirm').getByRole('button', { name: 'Generate new key' }).click();
  await expect(dialog.getByTestId('apikey-stored')).toHaveText('An API key is stored in the keychain');
  await expectAccessible(page, 'API key dialog after generating');
  await dialog.getByRole('button', { name: 'Log in with API key' }).click();
  await expect(dialog.getByTestId('apikey-mode')).toHaveText('API key');
  await expectAccessible(page, 'API key dialog, logging in with the key');
});

test('the two-factor prompt, with and without an error', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Add account', exact: true }).first().click();
  await fillAccountForm(page, { label: 'MFA US', username: 'mfa@acme.test', secret: 'mfa-pass-4', baseUrl: server.baseUrl });
  const form = page.getByTestId('account-form');
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await form.getByLabel('Two-factor code').fill('246810');
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(row(page, 'MFA US')).toContainText('Valid');

  await rowAction(page, 'MFA US', 'login');
  const dialog = page.getByTestId('otp-dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'two-factor prompt');
  await dialog.getByLabel('Two-factor code').fill('135791');
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(dialog.getByLabel('Two-factor code')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'two-factor prompt with an error');
});

test('Settings with a passphrase set, the lock screen (plain, wrong passphrase) and the reset question', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: server.baseUrl });
  await setPassphrase(page, 'a11y passphrase for the lock screen');
  await security(page);
  await expect(page.getByTestId('passphrase-state')).toHaveText('A vault passphrase is set.');
  await expectAccessible(page, 'settings with a passphrase set');
  await page.keyboard.press('Escape');

  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expectAccessible(page, 'lock screen');
  await unlock(page, 'not the passphrase');
  await expect(page.getByTestId('unlock-error')).toHaveText(/That is not the vault passphrase/);
  await expectAccessible(page, 'lock screen after a wrong passphrase');

  await page.getByRole('button', { name: 'Forgot passphrase…' }).click();
  await expect(page.getByTestId('reset-dialog')).toBeVisible();
  await expectAccessible(page, 'reset question');
  await page.getByTestId('reset-confirm').fill('reset');
  await page.getByTestId('reset-dialog').getByRole('button', { name: 'Reset the vault' }).click();
  await expect(page.getByTestId('reset-dialog')).toContainText('Type RESET exactly');
  await expectAccessible(page, 'reset question, refused');
});

test.describe('damaged data', () => {
  test.use({ seedFiles: { 'accounts.json': '{"schemaVersion": 1, "accounts": [ {"label": "half' } });
  test('the damaged-data banner', async ({ app }) => {
    const { page } = app;
    await expect(page.getByRole('alert').filter({ hasText: 'accounts.corrupt-' })).toBeVisible();
    await expectAccessible(page, 'damaged-data banner');
  });
});
