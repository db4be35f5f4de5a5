/**
 * The search box is the quick-copy palette: Ctrl+K or "/" focuses it, typing
 * filters the list as before (field filters too), Enter copies the top match's
 * token and Shift+Enter its header, ↓ goes into the list, the account copied
 * last wins among equal matches, and Escape clears and goes back.
 */
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { addAccount, row, screenshots, shownLabels, tokenOwner, waitForClipboardChange } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const wxm = wxmSandboxPerTest([
  { username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' },
  { username: 'opseu@acme.test', password: 'opseu-pass-2', station: 'euwest' },
  { username: 'rep@acme.test', password: 'rep-pass-3', station: 'uswest' },
]);

/** Whose token the clipboard now holds (after it changed from `previous`), as the issuing server says. */
async function copiedOwner(previous: string): Promise<{ value: string; owner: string | null }> {
  const value = await waitForClipboardChange(readX11Clipboard, previous);
  return { value, owner: await tokenOwner(wxm.server, value.replace(/^Authorization: Bearer /, '')) };
}

test('type, Enter: the top match’s token is on the clipboard without leaving the search box', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'Ops EU', username: 'opseu@acme.test', secret: 'opseu-pass-2', baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'Reporting', username: 'rep@acme.test', secret: 'rep-pass-3', baseUrl: wxm.server.baseUrl });
  const search = page.getByTestId('search');

  // "/" from a row: the box takes focus; typing filters as before.
  const from = row(page, 'Reporting').locator('[data-action="copy-token"]');
  await from.focus();
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('ops');
  await expect(shownLabels(page)).toHaveText(['Ops EU', 'Ops US']);
  // Equal matches, nothing copied yet: the first in the list is the top match, and the page says so.
  await expect(page.getByTestId('search-count')).toHaveText('2 of 3 accounts match. Enter copies the token for Ops EU, Shift+Enter its header.');
  await expect(row(page, 'Ops EU')).toHaveClass(/\btop\b/);
  await screenshots(page, 'quick-copy');

  await writeX11Clipboard('before');
  await page.keyboard.press('Enter');
  const first = await copiedOwner('before');
  expect(first.owner).toBe('opseu@acme.test');
  await expect(page.getByTestId('copy-countdown')).toContainText('Token for Ops EU copied');
  await expect(search).toBeFocused();

  // Shift+Enter: the header of the same account.
  await page.keyboard.press('Shift+Enter');
  const header = await copiedOwner(first.value);
  expect(header.value).toBe(`Authorization: Bearer ${first.value}`);

  // Escape clears and gives focus back to where "/" was pressed.
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(from).toBeFocused();
  await expect(shownLabels(page)).toHaveCount(3);

  // Copy Ops US from its row: now it is the one copied last, so it wins the tie.
  await row(page, 'Ops US').locator('[data-action="copy-token"]').click();
  const us = await copiedOwner(header.value);
  expect(us.owner).toBe('ops@acme.test');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('ops');
  await expect(page.getByTestId('search-count')).toContainText('Enter copies the token for Ops US');
  await page.keyboard.press('Enter');
  expect((await copiedOwner(us.value)).owner).toBe('ops@acme.test');

  // A better match beats recency; field filters still work, and ↓ lands on the top match.
  await search.fill('station:euwest');
  await expect(shownLabels(page)).toHaveText(['Ops EU']);
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'Ops EU').locator('[data-action="copy-token"]')).toBeFocused();
  await search.fill('reporting');
  await expect(page.getByTestId('search-count')).toContainText('Enter copies the token for Reporting');

  // Nothing matches: Enter copies nothing and says why.
  await search.fill('nobody-here');
  await writeX11Clipboard('mine');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('announcement')).toHaveText('No account matches “nobody-here”: nothing copied.');
  expect(await readX11Clipboard()).toBe('mine');
});
