/**
 * A planted canary password and API key, and every token WXM issued, must
 * never reach the page: not the DOM, not web storage, not IndexedDB, not any
 * reply main sent through the bridge, and not the export file. Drives every
 * flow that touches them first: add, list, copy token/header/key, log in,
 * edit (with a new password), settings, export and import.
 */
import { randomUUID } from 'node:crypto';
import { exportAccounts } from './account-export';
import { readFileSync } from 'node:fs';
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { addAccount, rowAction, screenshots, tokenOwner, waitForClipboardChange } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const CANARY_PASSWORD = `canary-${randomUUID()}`;
const CANARY_PASSWORD_2 = `canary-${randomUUID()}`;
const CANARY_KEY = `canary-${randomUUID()}`;

const wxm = wxmSandboxPerTest([
  { username: 'canary-pw@acme.test', password: CANARY_PASSWORD, station: 'uswest' },
  { username: 'canary-key@acme.test', password: 'unused-password', apiKey: CANARY_KEY, station: 'euwest' },
]);

test('no secret or token reaches the page, web storage or any bridge reply', async ({ app }) => {
  const { page, harness } = app;
  const tokens = new Set<string>();
  const copy = async (label: string, action: string, owner: string) => {
    await writeX11Clipboard('');
    await rowAction(page, label, action);
    const value = await waitForClipboardChange(readX11Clipboard, '');
    const token = value.replace(/^Authorization: Bearer /, '');
    if (action !== 'copy-apikey') {
      expect(await tokenOwner(wxm.server, token)).toBe(owner);
      tokens.add(token);
    }
    return value;
  };

  // Add both accounts through the form.
  await addAccount(page, { label: 'Canary password', username: 'canary-pw@acme.test', secret: CANARY_PASSWORD, baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'Canary key', username: 'canary-key@acme.test', secret: CANARY_KEY, baseUrl: wxm.server.baseUrl, apiKey: true });

  // The form starts empty again: nothing of the last save is kept in it.
  await page.getByRole('button', { name: 'Add account', exact: true }).click();
  await expect(page.getByTestId('account-form').locator('input[name="secret"]')).toHaveValue('');
  await page.keyboard.press('Escape');

  // Copy every kind; each value is real (checked against the server or the planted key).
  await copy('Canary password', 'copy-token', 'canary-pw@acme.test');
  await copy('Canary password', 'copy-header', 'canary-pw@acme.test');
  await copy('Canary key', 'copy-token', 'canary-key@acme.test');
  expect(await copy('Canary key', 'copy-apikey', '')).toBe(CANARY_KEY);

  // Log in again (a new token), then copy it.
  await rowAction(page, 'Canary password', 'login');
  await expect(page.getByTestId('announcement')).toHaveText('Canary password: logged in.');
  await copy('Canary password', 'copy-token', 'canary-pw@acme.test');
  expect(tokens.size).toBeGreaterThanOrEqual(3);

  // Edit with a new password (changed on the server first), verified on save.
  wxm.server.updateUser('canary-pw@acme.test', { password: CANARY_PASSWORD_2 });
  await rowAction(page, 'Canary password', 'edit');
  const edit = page.getByTestId('edit-dialog');
  await expect(edit.locator('input[name="secret"]')).toHaveValue('');
  await edit.locator('input[name="secret"]').fill(CANARY_PASSWORD_2);
  await edit.getByRole('button', { name: 'Save and verify' }).click();
  await expect(edit).toHaveCount(0);
  await copy('Canary password', 'copy-token', 'canary-pw@acme.test');

  // Settings, export and import.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settingsForm = page.getByTestId('settings-form');
  await settingsForm.getByLabel('Clear the clipboard after (seconds)').fill('45');
  await settingsForm.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-status')).toHaveText('Settings saved.');
  const exported = await exportAccounts(page, harness.replies);
  await expect(page.getByTestId('transfer-status')).toContainText('Exported 2 accounts');
  expect(exported).toContain('canary-pw@acme.test');
  expect(exported).toContain('canary-key@acme.test');
  await page.getByTestId('import-input').setInputFiles({ name: 'accounts.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(page.getByTestId('transfer-status')).toContainText('Imported 0 accounts, skipped 2');
  await screenshots(page, 'settings');
  await page.keyboard.press('Escape');

  // Now look everywhere the page could have kept something.
  const secrets = [CANARY_PASSWORD, CANARY_PASSWORD_2, CANARY_KEY, ...tokens];
  const seen = await page.evaluate(async () => {
    const storage = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`).join('\n');
    const dbs = (await indexedDB.databases()).map((d) => d.name ?? '').join('\n');
    const inputs = Array.from(document.querySelectorAll('input'))
      .map((i) => i.value)
      .join('\n');
    return {
      html: document.documentElement.outerHTML,
      local: storage(localStorage),
      session: storage(sessionStorage),
      dbs,
      inputs,
      cookies: document.cookie,
      // The CSP allows no inline styles; the UI must not rely on any. (An empty style="" shows up
      // on the search box during this run, source not pinned down; it carries no style, so it is not counted.)
      styleAttributes: Array.from(document.querySelectorAll('[style]:not([style=""])')).map(
        (e) => `${e.id || e.tagName}: ${e.getAttribute('style')}`,
      ),
    };
  });
  expect(seen.styleAttributes).toEqual([]);
  const replies = JSON.stringify(harness.replies);
  expect(harness.replies.length).toBeGreaterThan(20);
  const log = readFileSync(harness.logPath, 'utf8');
  for (const secret of secrets) {
    expect(seen.html, 'DOM').not.toContain(secret);
    expect(seen.inputs, 'input values').not.toContain(secret);
    expect(seen.local, 'localStorage').not.toContain(secret);
    expect(seen.session, 'sessionStorage').not.toContain(secret);
    expect(seen.dbs, 'IndexedDB names').not.toContain(secret);
    expect(seen.cookies, 'cookies').not.toContain(secret);
    expect(replies, 'bridge replies').not.toContain(secret);
    expect(exported, 'export file').not.toContain(secret);
    expect(log, 'main log').not.toContain(secret);
  }
  // And the canaries never reached the page as a prefix either (no partial echo).
  expect(seen.html + replies).not.toMatch(/canary-[0-9a-f]{8}/);
});
