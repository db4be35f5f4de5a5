/**
 * Locking from the UI (button and Ctrl+L) and from main (idle, sleep, screen
 * lock push an event): every token is forgotten, our value leaves the real
 * X11 clipboard, the rows say so at once, and the next copy logs in again.
 */
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { addAccount, row, screenshots, waitForClipboard, waitForClipboardChange } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const wxm = wxmSandboxPerTest([{ username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' }]);

test('Lock (button or Ctrl+L) forgets tokens, clears our clipboard value, and the next copy logs in again', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  const ops = row(page, 'Ops US');
  await expect(ops).toHaveAttribute('data-status', 'valid');

  await writeX11Clipboard('before');
  await ops.getByRole('button', { name: 'Copy token for Ops US' }).click();
  const token = await waitForClipboardChange(readX11Clipboard, 'before');
  expect(wxm.server.issuedTokens('ops@acme.test')).toContain(token);

  await page.getByTestId('lock-now').click();
  expect(await waitForClipboard(readX11Clipboard, '')).toBe('');
  await expect(ops).toHaveAttribute('data-status', 'none');
  await expect(page.getByTestId('announcement')).toContainText('Tokens forgotten');
  await expect(page.getByTestId('copy-countdown')).toHaveCount(0);
  await screenshots(page, 'locked');

  // The stored password is still in the keychain: copying logs in afresh, once.
  const logins = wxm.server.loginAttempts('ops@acme.test');
  await ops.getByRole('button', { name: 'Copy token for Ops US' }).click();
  const fresh = await waitForClipboardChange(readX11Clipboard, '');
  expect(fresh).not.toBe(token);
  expect(wxm.server.issuedTokens('ops@acme.test')).toContain(fresh);
  expect(wxm.server.loginAttempts('ops@acme.test')).toBe(logins + 1);
  await expect(ops).toHaveAttribute('data-status', 'valid');

  // The keyboard way, from anywhere outside a text field.
  await page.getByRole('contentinfo').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+l');
  expect(await waitForClipboard(readX11Clipboard, '')).toBe('');
  await expect(ops).toHaveAttribute('data-status', 'none');
});

test('a lock that starts in main (idle, sleep, screen lock) shows in the window at once', async ({ app }) => {
  const { page, harness } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  const ops = row(page, 'Ops US');
  await writeX11Clipboard('before');
  await ops.getByRole('button', { name: 'Copy token for Ops US' }).click();
  await waitForClipboardChange(readX11Clipboard, 'before');

  await harness.vault.lock.lock('idle'); // what main's idle watch does

  await expect(ops).toHaveAttribute('data-status', 'none');
  await expect(page.getByTestId('announcement')).toContainText('Tokens forgotten');
  expect(await readX11Clipboard()).toBe('');
});
