import { exportAccounts } from './account-export';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { expect, test } from '../harness/fixtures';
import { addAccount, row, rowAction } from './ui-helpers';

let server: WxmTestServer;
test.beforeEach(async () => {
  server = await startWxmServer({ users: [{ username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' }] });
});
test.afterEach(async () => server.close());

test('settings open with Ctrl+, are checked inline, saved to settings.json and shown again after a reload', async ({ app }) => {
  const { page, harness } = app;
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  await page.keyboard.press('Control+,');
  const form = page.getByTestId('settings-form');
  const clip = form.getByLabel('Clear the clipboard after (seconds)');
  await expect(clip).toBeFocused();
  await expect(clip).toHaveValue('30');
  await expect(form.getByLabel('Warn when a token expires within (minutes)')).toHaveValue('15');
  const history = form.getByLabel('Let clipboard history and clipboard managers keep copies');
  await expect(history).not.toBeChecked();
  const share = form.getByLabel('Share tokens with the wxm-vault command line');
  await expect(share).toBeChecked();
  const updates = form.getByLabel('Check for updates');
  await expect(updates).toBeChecked();
  // The browser shell is run from the repository: nothing in it updates itself, and Settings says so.
  await expect(form.getByTestId('updates-browser-note')).toContainText('never updates itself');

  await clip.fill('700');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(clip).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('Enter a whole number from 0 to 600.');

  await clip.fill('0');
  await form.getByLabel('Warn when a token expires within (minutes)').fill('60');
  await history.check();
  await share.uncheck();
  await updates.uncheck();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-status')).toHaveText('Settings saved.');
  const onDisk = JSON.parse(readFileSync(join(harness.dataDir, 'settings.json'), 'utf8'));
  expect(onDisk).toMatchObject({
    clipboardClearSeconds: 0,
    expiryWarningMinutes: 60,
    clipboardHistory: true,
    shareTokens: false,
    checkForUpdates: false,
  });
  expect(harness.vault.settings.current.clipboardHistory).toBe(true);

  await page.reload();
  // The app mounts once main has said the vault is open; a key pressed before that has no handler yet.
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  await page.keyboard.press('Control+,');
  await expect(page.getByTestId('settings-form').getByLabel('Clear the clipboard after (seconds)')).toHaveValue('0');
  await expect(page.getByTestId('settings-form').getByLabel('Warn when a token expires within (minutes)')).toHaveValue('60');
  await expect(page.getByTestId('settings-form').getByLabel('Let clipboard history and clipboard managers keep copies')).toBeChecked();
  await expect(page.getByTestId('settings-form').getByLabel('Share tokens with the wxm-vault command line')).not.toBeChecked();
  await expect(page.getByTestId('settings-form').getByLabel('Check for updates')).not.toBeChecked();
});

test('export then import brings a removed account back without its secret, and the row says what to do', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: server.baseUrl });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const exported = await exportAccounts(page, app.harness.replies);
  expect(JSON.parse(exported)).toBeTruthy();
  expect(exported).not.toContain('ops-pass-1');
  await page.keyboard.press('Escape');

  await rowAction(page, 'Ops US', 'remove');
  await page.getByTestId('remove-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('empty-state')).toBeVisible();

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('import-input').setInputFiles({ name: 'accounts.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(page.getByTestId('transfer-status')).toContainText('Imported 1 account.');
  await page.keyboard.press('Escape');
  await expect(row(page, 'Ops US')).toBeVisible();

  // No password came with it: copying says so, on the row, with the next step.
  await row(page, 'Ops US').locator('[data-action="copy-token"]').click();
  await expect(row(page, 'Ops US').getByTestId('row-problem')).toContainText('enter the password');
  await expect(row(page, 'Ops US').getByTestId('token-status')).toContainText('Needs attention');

  // A garbage file is refused with a message, not a crash.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"not": "an export"}') });
  await expect(page.getByTestId('transfer-status').locator('.error-text')).toBeVisible();
});
