/**
 * Copying through the UI onto the real X11 CLIPBOARD (xclip under Xvfb), and
 * main clearing it: after the timeout, only if it still holds our value, with a
 * new copy cancelling the old timer, and on quit.
 */
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { addAccount, row, rowAction, screenshots, setSettings, tokenOwner, waitForClipboard, waitForClipboardChange } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const wxm = wxmSandboxPerTest([
  { username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' },
  { username: 'key-user@acme.test', password: 'unused', apiKey: 'key-user-api-key-1', station: 'uswest' },
]);

test('copy token / header / API key put the real values on the X11 clipboard, with a visible countdown', async ({ app }) => {
  const { page, harness } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await addAccount(page, {
    label: 'Key user',
    username: 'key-user@acme.test',
    secret: 'key-user-api-key-1',
    baseUrl: wxm.server.baseUrl,
    apiKey: true,
  });
  await writeX11Clipboard('before');

  await row(page, 'Ops US').getByRole('button', { name: 'Copy token for Ops US' }).click();
  const bar = page.getByTestId('copy-countdown');
  await expect(bar).toContainText('Token for Ops US copied');
  await expect(page.getByTestId('copy-remaining')).toHaveText(/^(30|29|28)s$/);
  await expect(page.getByTestId('copy-announcement')).toHaveText('Token for Ops US copied. Clipboard clears in 30 seconds.');
  const token = await waitForClipboardChange(readX11Clipboard, 'before');
  expect(token).toMatch(/^tok-/);
  // The server that issued it says it belongs to ops@acme.test: the value came from main, not the page.
  expect(await tokenOwner(wxm.server, token)).toBe('ops@acme.test');
  // The countdown ticks.
  const first = await page.getByTestId('copy-remaining').textContent();
  await expect(page.getByTestId('copy-remaining')).not.toHaveText(first ?? '', { timeout: 3000 });
  await screenshots(page, 'copy-countdown');

  // Header: the same cached token, in the form a curl/Postman user pastes. No second login.
  const logins = wxm.server.loginSuccesses('ops@acme.test');
  await rowAction(page, 'Ops US', 'copy-header');
  await expect(bar).toContainText('Authorization header for Ops US copied');
  expect(await waitForClipboard(readX11Clipboard, `Authorization: Bearer ${token}`)).toBe(`Authorization: Bearer ${token}`);
  expect(wxm.server.loginSuccesses('ops@acme.test')).toBe(logins);

  // API key, by keyboard: focus the row, press A.
  await row(page, 'Key user').locator('[data-action="copy-token"]').focus();
  await page.keyboard.press('a');
  await expect(bar).toContainText('API key for Key user copied');
  expect(await waitForClipboard(readX11Clipboard, 'key-user-api-key-1')).toBe('key-user-api-key-1');

  // "Clear now" clears our value at once.
  await page.getByTestId('clear-now').click();
  expect(await waitForClipboard(readX11Clipboard, '')).toBe('');
  await expect(page.getByTestId('copy-announcement')).toHaveText('Clipboard cleared.');
  await expect(bar).toHaveCount(0);

  // Nothing the page ever received holds the token or the key.
  const everything = JSON.stringify(harness.replies) + (await page.content());
  expect(everything).not.toContain(token);
  expect(everything).not.toContain('key-user-api-key-1');
});

test('the clipboard is cleared after the timeout, but not if the user copied something else', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await setSettings(page, { clipboardClearSeconds: 2 });
  const copyButton = row(page, 'Ops US').locator('[data-action="copy-token"]');

  // Ours, untouched: cleared after ~2 s, and the page hears about it.
  await writeX11Clipboard('');
  await copyButton.click();
  await expect(page.getByTestId('copy-remaining')).toHaveText(/^[12]s$/);
  const token = await waitForClipboardChange(readX11Clipboard, '');
  expect(await tokenOwner(wxm.server, token)).toBe('ops@acme.test');
  const copiedAt = Date.now();
  expect(await waitForClipboard(readX11Clipboard, '', 5000)).toBe('');
  expect(Date.now() - copiedAt).toBeGreaterThan(1200);
  await expect(page.getByTestId('copy-announcement')).toHaveText('Clipboard cleared.');
  await expect(page.getByTestId('copy-countdown')).toHaveCount(0);

  // The user copies something else meanwhile: main leaves it alone.
  await copyButton.click();
  expect(await waitForClipboard(readX11Clipboard, token)).toBe(token);
  await writeX11Clipboard('my own notes');
  await page.waitForTimeout(3000);
  expect(await readX11Clipboard()).toBe('my own notes');
});

test('a second copy cancels the first timer', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await setSettings(page, { clipboardClearSeconds: 3 });
  const copyButton = row(page, 'Ops US').locator('[data-action="copy-token"]');

  await writeX11Clipboard('');
  await copyButton.click();
  const token = await waitForClipboardChange(readX11Clipboard, '');
  expect(await tokenOwner(wxm.server, token)).toBe('ops@acme.test');
  const t0 = Date.now();
  await page.waitForTimeout(2000);
  // The same value again: only a cancelled first timer keeps it on the clipboard past t0 + 3 s.
  await copyButton.click();
  await expect(page.getByTestId('copy-remaining')).toHaveText(/^[23]s$/);
  await page.waitForTimeout(Math.max(0, t0 + 3800 - Date.now()));
  expect(await readX11Clipboard()).toBe(token);
  // The second timer still runs (~t0 + 5 s).
  expect(await waitForClipboard(readX11Clipboard, '', 4000)).toBe('');
});

test('with auto-clear off the bar says so, and quitting clears our value', async ({ app }) => {
  const { page, harness } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await setSettings(page, { clipboardClearSeconds: 0 });
  await writeX11Clipboard('');
  await row(page, 'Ops US').locator('[data-action="copy-token"]').click();
  await expect(page.getByTestId('copy-countdown')).toContainText('auto-clear is off');
  const token = await waitForClipboardChange(readX11Clipboard, '');
  expect(await tokenOwner(wxm.server, token)).toBe('ops@acme.test');
  await page.waitForTimeout(1500);
  expect(await readX11Clipboard()).toBe(token);
  await harness.vault.shutdown();
  expect(await readX11Clipboard()).toBe('');
});
