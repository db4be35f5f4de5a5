/**
 * Two-factor accounts: WXM wants a code (`username#otp`) at every login. When a
 * re-login, a copy or an API key action needs one, the UI asks for the code in
 * a small dialog, logs in with it, and carries on. The code is never kept in the
 * renderer, and neither it nor a token reaches the DOM or a reply.
 */
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { fillAccountForm, row, rowAction, screenshots, tokenOwner, waitForClipboardChange } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';
import type { Page } from '@playwright/test';

const OTP = '246810';
const WRONG = '135791';
const MFA_KEY = 'mfa-server-api-key-9';

const wxm = wxmSandboxPerTest([
  { username: 'mfa@acme.test', password: 'mfa-pass-1', otp: OTP, apiKey: MFA_KEY, station: 'uswest' },
  { username: 'mail@acme.test', password: 'mail-pass-1', sendsCodes: true, station: 'euwest' },
]);

/** Adds the two-factor account through the form: WXM asks for the code, the form shows the field. */
async function addMfaAccount(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add account', exact: true }).first().click();
  await fillAccountForm(page, { label: 'MFA US', username: 'mfa@acme.test', secret: 'mfa-pass-1', baseUrl: wxm.server.baseUrl });
  const form = page.getByTestId('account-form');
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await form.getByLabel('Two-factor code').fill(OTP);
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(page.getByTestId('add-dialog')).toHaveCount(0);
  await expect(row(page, 'MFA US')).toContainText('Valid');
}

async function expectNoSecrets(page: Page, replies: unknown): Promise<void> {
  const everything = JSON.stringify(replies) + (await page.content());
  for (const secret of [OTP, WRONG, 'mfa-pass-1', MFA_KEY]) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(/tok-[A-Za-z0-9_-]{16,}/);
}

test('re-login asks for the two-factor code; a wrong code shows an inline error, the right one logs in', async ({ app }) => {
  const { page, harness } = app;
  await addMfaAccount(page);
  const mfaRow = row(page, 'MFA US');
  wxm.server.resetCounts();

  // Re-login without a code: WXM asks for one, and the prompt opens with the field focused.
  await rowAction(page, 'MFA US', 'login');
  const dialog = page.getByTestId('otp-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Two-factor login for MFA US' })).toBeVisible();
  const field = dialog.getByLabel('Two-factor code');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('inputmode', 'numeric');
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  expect(wxm.server.logins).toEqual([{ username: 'mfa@acme.test', outcome: 'two-factor', usedApiKey: false }]);
  await screenshots(page, 'otp-dialog');

  // Too short: refused before asking WXM.
  await field.fill('12');
  await field.press('Enter');
  await expect(dialog.getByTestId('otp-error')).toContainText('Enter the 4–12 character code');
  expect(wxm.server.logins).toHaveLength(1);

  // Wrong code: WXM refuses it; the message is inline at the field, which is cleared and focused again.
  await field.fill(WRONG);
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(dialog.getByTestId('otp-error')).toContainText('WXM rejected the two-factor code for mfa@acme.test');
  await expect(field).toHaveValue('');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toBeVisible();
  expect(wxm.server.logins.at(-1)).toEqual({ username: 'mfa@acme.test', outcome: 'two-factor', usedApiKey: false });
  await screenshots(page, 'otp-dialog-error');

  // Right code: logged in, dialog closed, row valid again, focus back on the row's menu that holds Re-login.
  await field.fill(OTP);
  await field.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('announcement')).toHaveText('MFA US: logged in.');
  await expect(mfaRow.getByTestId('token-status')).toContainText('Valid');
  await expect(mfaRow.getByTestId('row-problem')).toHaveCount(0);
  await expect(mfaRow.locator('[data-action="more"]')).toBeFocused();
  expect(wxm.server.logins.at(-1)).toEqual({ username: 'mfa@acme.test', outcome: 'ok', usedApiKey: false });

  await expectNoSecrets(page, harness.replies);
});

test('cancelling the prompt leaves the account needing a login; copying after a lock asks for the code, then copies', async ({ app }) => {
  const { page, harness } = app;
  await addMfaAccount(page);
  const mfaRow = row(page, 'MFA US');

  // Lock: the token is forgotten, and a two-factor account cannot log in silently.
  await harness.vault.lock.lock('user');
  await expect(mfaRow.getByTestId('token-status')).not.toContainText('Valid');

  await writeX11Clipboard('before');
  await mfaRow.getByRole('button', { name: 'Copy token for MFA US' }).click();
  const dialog = page.getByTestId('otp-dialog');
  await expect(dialog).toBeVisible();
  // Escape cancels: the row tells what to do, and the menu that holds "Log in" has focus.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(mfaRow.getByTestId('row-problem')).toContainText('two-factor code');
  await expect(mfaRow.locator('[data-action="more"]')).toBeFocused();
  expect(await readX11Clipboard()).toBe('before');

  // Again, with the code this time: it logs in and then does the copy it was asked for.
  await mfaRow.getByRole('button', { name: 'Copy token for MFA US' }).click();
  await dialog.getByLabel('Two-factor code').fill(OTP);
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('copy-countdown')).toContainText('Token for MFA US copied');
  const token = await waitForClipboardChange(readX11Clipboard, 'before');
  expect(await tokenOwner(wxm.server, token)).toBe('mfa@acme.test');
  await expect(mfaRow.getByTestId('token-status')).toContainText('Valid');
  await expect(mfaRow.getByTestId('row-problem')).toHaveCount(0);

  await expectNoSecrets(page, harness.replies);
  expect(JSON.stringify(harness.replies) + (await page.content())).not.toContain(token);
});

test('an API key action that needs a two-factor login offers the code prompt, then returns to the API key dialog', async ({ app }) => {
  const { page, harness } = app;
  await addMfaAccount(page);
  const mfaRow = row(page, 'MFA US');
  await harness.vault.lock.lock('user');

  await rowAction(page, 'MFA US', 'apikey');
  const keys = page.getByTestId('apikey-dialog');
  await keys.getByRole('button', { name: 'Fetch API key' }).click();
  const error = keys.getByTestId('apikey-error');
  await expect(error).toContainText('two-factor code');
  await error.getByRole('button', { name: 'Enter two-factor code' }).click();

  const dialog = page.getByTestId('otp-dialog');
  await dialog.getByLabel('Two-factor code').fill(OTP);
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(keys).toBeVisible();
  await keys.getByRole('button', { name: 'Fetch API key' }).click();
  await expect(keys.getByTestId('apikey-stored')).toHaveText('An API key is stored in the keychain');

  // Switching the login cannot carry a code: the next step is the edit form, which asks for one.
  await keys.getByRole('button', { name: 'Log in with API key' }).click();
  await expect(error).toContainText('change “Sign in with” in Edit account');
  await expect(keys.getByTestId('apikey-mode')).toHaveText('password');
  await error.getByRole('button', { name: 'Edit account' }).click();
  await expect(page.getByTestId('edit-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('edit-dialog')).toHaveCount(0);
  await mfaRow.locator('[data-action="copy-menu"]').click();
  await expect(mfaRow.getByRole('menuitem', { name: 'Copy API key' })).toBeVisible();
  await page.keyboard.press('Escape');

  await expectNoSecrets(page, harness.replies);
});

test('e-mailed codes: a copy after a lock makes WXM send a code, "Send a new code" waits a minute, the newest code logs in and copies', async ({
  app,
}) => {
  const { page, harness } = app;
  await page.getByRole('button', { name: 'Add account', exact: true }).first().click();
  await fillAccountForm(page, { label: 'Mail EU', username: 'mail@acme.test', secret: 'mail-pass-1', baseUrl: wxm.server.baseUrl });
  const form = page.getByTestId('account-form');
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await form.getByLabel('Two-factor code').fill(wxm.server.sentCodes('mail@acme.test').at(-1)!);
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(page.getByTestId('add-dialog')).toHaveCount(0);
  const mailRow = row(page, 'Mail EU');

  await harness.vault.lock.lock('user');
  wxm.server.resetCounts();
  const sentBefore = wxm.server.sentCodes('mail@acme.test').length;
  await writeX11Clipboard('before');
  await mailRow.getByRole('button', { name: 'Copy token for Mail EU' }).click();
  const dialog = page.getByTestId('otp-dialog');
  await expect(dialog).toBeVisible();
  // Exactly one login without a code went out, and WXM sent a code in answer.
  expect(wxm.server.logins).toEqual([{ username: 'mail@acme.test', outcome: 'two-factor', usedApiKey: false }]);
  expect(wxm.server.sentCodes('mail@acme.test')).toHaveLength(sentBefore + 1);
  await expect(dialog).toContainText('Enter the code WXM just sent');

  // Asking for another within a minute: main refuses and says how long to wait; nothing is sent.
  await dialog.getByRole('button', { name: 'Send a new code' }).click();
  await expect(dialog.getByTestId('otp-form-error')).toContainText(/ask for another in \d+ s/);
  expect(wxm.server.logins).toHaveLength(1);
  await expect(dialog.getByLabel('Two-factor code')).toBeFocused();

  await dialog.getByLabel('Two-factor code').fill(wxm.server.sentCodes('mail@acme.test').at(-1)!);
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  const token = await waitForClipboardChange(readX11Clipboard, 'before');
  expect(await tokenOwner(wxm.server, token)).toBe('mail@acme.test');
  await expectNoSecrets(page, harness.replies);
  for (const c of wxm.server.sentCodes()) expect(JSON.stringify(harness.replies) + (await page.content())).not.toContain(c);
});
