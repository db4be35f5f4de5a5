import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { expect, test } from '../harness/fixtures';
import { addAccount, fillAccountForm, row, rowAction, screenshots, shownLabels } from './ui-helpers';

let server: WxmTestServer;
test.beforeEach(async () => {
  server = await startWxmServer({
    users: [
      { username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' },
      { username: 'reporting@acme.test', password: 'rep-pass-2', station: 'uswest' },
      { username: 'eu-admin@acme.test', password: 'eu-pass-3', station: 'euwest' },
      { username: 'key-user@acme.test', password: 'unused-pw', apiKey: 'key-user-api-key-4', station: 'euwest' },
    ],
  });
});
test.afterEach(async () => server.close());

test('empty state invites adding an account, and the add form shows inline errors', async ({ app }) => {
  const { page } = app;
  const empty = page.getByTestId('empty-state');
  await expect(empty).toContainText('No accounts yet');
  await expect(page.getByTestId('keychain-status')).toContainText('Keychain ready');
  await screenshots(page, 'empty-state');

  // The keyboard shortcut opens the form; the first field has focus.
  await page.keyboard.press('n');
  const form = page.getByTestId('account-form');
  await expect(form.getByLabel('Name', { exact: true })).toBeFocused();

  // Client-side checks: empty form.
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(form.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(form).toContainText('Give the account a name');
  // A screen reader hears what is wrong with the focused field.
  await expect(form.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Give the account a name/);

  // A wrong password is refused by the (test) WXM server: inline error at the password, field cleared.
  await fillAccountForm(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'wrong-password', baseUrl: server.baseUrl });
  await form.getByRole('button', { name: 'Add and verify' }).click();
  const secret = form.locator('input[name="secret"]');
  await expect(secret).toHaveAttribute('aria-invalid', 'true');
  await expect(secret).toBeFocused();
  await expect(secret).toHaveValue('');
  await expect(form.locator('.field-error')).toContainText('WXM rejected this username and password');
  // The password field announces both its hint and the error.
  await expect(secret).toHaveAccessibleDescription(/system keychain only.*WXM rejected this username and password/);
  expect(server.loginAttempts('ops@acme.test')).toBe(1);
  await screenshots(page, 'add-form-error');

  // A public http:// URL is refused by main with a message at the URL field.
  await form.getByLabel('Base URL', { exact: true }).fill('http://example.com');
  await secret.fill('ops-pass-1');
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(form.getByLabel('Base URL', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('must use https://');

  // Right password: saved after a real login; the dialog closes and the row appears.
  await form.getByLabel('Base URL', { exact: true }).fill(server.baseUrl);
  await secret.fill('ops-pass-1');
  await form.getByRole('button', { name: 'Add and verify' }).click();
  await expect(page.getByTestId('add-dialog')).toHaveCount(0);
  await expect(row(page, 'Ops US')).toContainText('Valid');
  await expect(page.getByTestId('announcement')).toHaveText('Added Ops US.');
  // Focus lands on the new row's primary action.
  await expect(row(page, 'Ops US').locator('[data-action="copy-token"]')).toBeFocused();
});

test('accounts are grouped by station with live countdowns, searchable, editable and removable', async ({ app }) => {
  const { page, harness } = app;
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: server.baseUrl });
  await addAccount(page, { label: 'Reporting US', username: 'reporting@acme.test', secret: 'rep-pass-2', baseUrl: server.baseUrl });
  await addAccount(page, { label: 'EU admin', username: 'eu-admin@acme.test', secret: 'eu-pass-3', baseUrl: server.baseUrl });
  await addAccount(page, {
    label: 'EU API key',
    username: 'key-user@acme.test',
    secret: 'key-user-api-key-4',
    baseUrl: server.baseUrl,
    apiKey: true,
  });

  // Grouped by the station each login reported, alphabetically.
  const groups = page.locator('section.group');
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0).locator('h2')).toContainText('euwest');
  await expect(groups.nth(0).locator('h2')).toContainText('2 accounts');
  await expect(groups.nth(1).locator('h2')).toContainText('uswest');
  await expect(groups.nth(0).locator('.label')).toHaveText(['EU admin', 'EU API key']);
  await expect(groups.nth(1).locator('.label')).toHaveText(['Ops US', 'Reporting US']);
  // Only the API-key account offers "Copy API key" (in its copy menu).
  await row(page, 'EU API key').getByRole('button', { name: 'Other copies for EU API key' }).click();
  const copyMenu = row(page, 'EU API key').getByRole('menu', { name: 'Other copies for EU API key' });
  await expect(copyMenu.getByRole('menuitem')).toHaveText(['Copy header', 'Copy API key']);
  // Each item announces its key, from the same table the key handler uses.
  await expect(copyMenu.getByRole('menuitem', { name: 'Copy API key' })).toHaveAttribute('aria-keyshortcuts', 'A');
  await page.keyboard.press('Escape');
  await expect(copyMenu).toHaveCount(0);
  await row(page, 'EU admin').getByRole('button', { name: 'Other copies for EU admin' }).click();
  await expect(row(page, 'EU admin').getByRole('menuitem')).toHaveText(['Copy header']);
  await page.keyboard.press('Escape');
  await row(page, 'EU admin').getByRole('button', { name: 'More actions for EU admin' }).click();
  await expect(row(page, 'EU admin').getByRole('menuitem')).toHaveText(['Re-login', 'API key…', 'Edit…', 'Remove…']);
  await expect(row(page, 'EU admin').getByRole('menuitem', { name: 'Remove…' })).toHaveAttribute('aria-keyshortcuts', 'Delete');
  await page.keyboard.press('Escape');
  await expect(row(page, 'EU admin').getByRole('button', { name: 'More actions for EU admin' })).toBeFocused();

  // The countdown ticks (12 h tokens from the test server).
  const timer = row(page, 'Ops US').getByRole('timer');
  await expect(timer).toHaveText(/^1[12]h \d\dm$/);
  // Read with the badge: "Valid, 11 hours 59 minutes left", the status said once.
  await expect(timer).toHaveAttribute('aria-label', /^1[12] hours \d+ minutes? left$/);
  await expect(row(page, 'Ops US')).toHaveAccessibleDescription(/^Valid 1[12] hours \d+ minutes? left$/);
  await screenshots(page, 'account-list');

  // Expiring soon / no token states: shorten the warning window to above 12 h, then forget tokens (as a lock does).
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Warn when a token expires within (minutes)').fill('720');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-status')).toHaveText('Settings saved.');
  await page.keyboard.press('Escape');
  await expect(row(page, 'Ops US').getByTestId('token-status')).toContainText('Expiring soon');
  await harness.vault.accounts.forgetTokens();
  await expect(row(page, 'Ops US').getByTestId('token-status')).toHaveText('No token');

  // Ctrl+K focuses search; filters narrow live; ↓ goes to the first match.
  await page.locator('body').click();
  await page.keyboard.press('Control+k');
  const search = page.getByTestId('search');
  await expect(search).toBeFocused();
  await page.keyboard.type('station:euwest');
  await expect(shownLabels(page)).toHaveText(['EU admin', 'EU API key']);
  await search.fill('report');
  await expect(shownLabels(page)).toHaveText(['Reporting US']);
  await search.fill('nothing-like-this');
  await expect(page.getByTestId('no-match')).toBeVisible();
  await search.fill('station:uswest');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'Ops US').locator('[data-action="copy-token"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'Reporting US').locator('[data-action="copy-token"]')).toBeFocused();
  await search.focus();
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');

  // Edit: rename, keep the stored password (blank), verify on save. E works on the row without opening its menu.
  await row(page, 'Reporting US').locator('[data-action="copy-token"]').focus();
  await page.keyboard.press('e');
  const edit = page.getByTestId('edit-dialog');
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue('Reporting US');
  await expect(edit.getByLabel('Username')).toHaveValue('reporting@acme.test');
  await edit.getByLabel('Name', { exact: true }).fill('Reporting (US)');
  await edit.getByRole('button', { name: 'Save and verify' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row(page, 'Reporting (US)')).toBeVisible();

  // Remove asks first; Escape cancels and returns focus; confirming removes the row and its keychain entry.
  const keysBefore = (await harness.secrets.keys()).length;
  await rowAction(page, 'EU admin', 'remove');
  const confirm = page.getByTestId('remove-dialog');
  await expect(confirm).toContainText('Remove EU admin?');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  // Back on the menu button the action came from.
  await expect(row(page, 'EU admin').locator('[data-action="more"]')).toBeFocused();
  await page.keyboard.press('Delete');
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(row(page, 'EU admin')).toHaveCount(0);
  await expect(page.getByTestId('announcement')).toHaveText('Removed EU admin.');
  expect((await harness.secrets.keys()).length).toBe(keysBefore - 2); // its password and its binding
});

test('the shortcut list opens with ? and closes with Escape', async ({ app }) => {
  const { page } = app;
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-dialog')).toContainText('Ctrl+K');
  await expect(page.getByTestId('help-dialog').locator('dt')).toHaveText([
    'Ctrl+K or /',
    'Shift+Enter in search',
    'Enter in search',
    '↓ in search',
    '↑ ↓ Home End',
    '← →',
    'C',
    'H',
    'A',
    'L',
    'K',
    'E',
    'Delete',
    'N',
    'Ctrl+,',
    'Ctrl+L',
    '?',
    'Esc',
  ]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-dialog')).toHaveCount(0);
});

test('a row counts down live from expiring soon to expired', async ({ app }) => {
  const { page } = app;
  await server.close();
  server = await startWxmServer({ tokenLifetimeSeconds: 4, users: [{ username: 'short@acme.test', password: 'short-pass', station: 'uswest' }] });
  await addAccount(page, { label: 'Short token', username: 'short@acme.test', secret: 'short-pass', baseUrl: server.baseUrl });
  // Every text the polite expiry region takes, to prove the change is told exactly once.
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="expiry-announcement"]')!;
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    new MutationObserver(() => region.textContent && said.push(region.textContent)).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  const status = row(page, 'Short token').getByTestId('token-status');
  await expect(status).toContainText('Expiring soon');
  await expect(status.getByRole('timer')).toHaveText(/^[1-4]s$/);
  await expect(status).toHaveText('Expired', { timeout: 8000 });
  await expect(row(page, 'Short token')).toHaveAttribute('data-status', 'expired');
  await expect(page.getByTestId('expiry-announcement')).toHaveText('Short token: token expired.');
  await expect(page.getByTestId('expiry-announcement')).toHaveAttribute('role', 'status');
  await page.waitForTimeout(2000);
  expect(await page.evaluate(() => (window as unknown as { __said: string[] }).__said)).toEqual(['Short token: token expired.']);
});

test('moving an account to another server or username asks for the password again; without it main contacts nobody', async ({ app }) => {
  const { page, harness } = app;
  const other = await startWxmServer({ users: [{ username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' }] });
  try {
    await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: server.baseUrl });
    await harness.vault.lock.lock('user');
    server.resetCounts();

    await rowAction(page, 'Ops US', 'edit');
    const edit = page.getByTestId('edit-dialog');
    const secret = edit.locator('input[name="secret"]');
    await expect(edit).toContainText('Leave blank to keep the one in the keychain.');
    await edit.getByLabel('Base URL', { exact: true }).fill(other.baseUrl);
    // The hint says at once that the stored password will not follow the edit.
    await expect(edit).toContainText('Required: the stored password is only sent to the server and username it was entered for.');
    await edit.getByRole('button', { name: 'Save and verify' }).click();
    await expect(edit.getByText(/Enter the password for the new server/)).toBeVisible();
    await expect(secret).toBeFocused();
    expect(other.requests.length + server.requests.length).toBe(0);

    // Main is the gate: the same edit sent straight over IPC is refused there, before any request.
    const reply = await page.evaluate(
      async ({ url }) => {
        const list = await window.wxmVault!.listAccounts();
        if (!list.ok) return list;
        return window.wxmVault!.updateAccount({ id: list.value[0]!.id, baseUrl: url });
      },
      { url: other.baseUrl },
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('secret-required');
    expect(other.requests.length + server.requests.length).toBe(0);

    // Typed again: verified at the new server, saved.
    await secret.fill('ops-pass-1');
    await edit.getByRole('button', { name: 'Save and verify' }).click();
    await expect(edit).toHaveCount(0);
    expect(other.loginSuccesses('ops@acme.test')).toBe(1);
    expect(server.loginAttempts()).toBe(0);
  } finally {
    await other.close();
  }
});
