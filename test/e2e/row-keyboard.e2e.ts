/**
 * Working the list from the keyboard all day: a copy leaves focus where it was
 * (so ↓ and the next C just work), the list is one Tab stop with arrow keys
 * inside it, and the row shortcuts reach actions that live in a row's menus.
 */
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { addAccount, row, tokenOwner, waitForClipboardChange } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const wxm = wxmSandboxPerTest([
  { username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest' },
  { username: 'rep@acme.test', password: 'rep-pass-2', station: 'uswest' },
  { username: 'eu@acme.test', password: 'eu-pass-3', station: 'uswest' },
]);

test('focus stays on the copy button after a keyboard copy, so ↓ and C carry on down the list', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'A ops', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'B reporting', username: 'rep@acme.test', secret: 'rep-pass-2', baseUrl: wxm.server.baseUrl });

  const first = row(page, 'A ops').locator('[data-action="copy-token"]');
  await first.focus();
  await writeX11Clipboard('before');
  await page.keyboard.press('c');
  const token = await waitForClipboardChange(readX11Clipboard, 'before');
  expect(await tokenOwner(wxm.server, token)).toBe('ops@acme.test');
  await expect(page.getByTestId('copy-countdown')).toContainText('Token for A ops copied');
  await expect(first).toBeFocused();

  // The keys go on working without a Tab or a click first.
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'B reporting').locator('[data-action="copy-token"]')).toBeFocused();
  await page.keyboard.press('c');
  const second = await waitForClipboardChange(readX11Clipboard, token);
  expect(await tokenOwner(wxm.server, second)).toBe('rep@acme.test');
  await expect(row(page, 'B reporting').locator('[data-action="copy-token"]')).toBeFocused();
});

test('the list is one Tab stop; arrows walk rows and a row’s buttons; menus open on Enter and close back to their button', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'A ops', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'B reporting', username: 'rep@acme.test', secret: 'rep-pass-2', baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'C eu', username: 'eu@acme.test', secret: 'eu-pass-3', baseUrl: wxm.server.baseUrl });
  const list = page.getByTestId('account-list');
  const control = (label: string, action: string) => row(page, label).locator(`[data-action="${action}"]`);
  const focusInList = () => page.evaluate(() => document.activeElement?.closest('[data-testid="account-list"]') !== null);

  // Nine buttons, one Tab stop.
  await expect(list.locator('button')).toHaveCount(9);
  await expect(list.locator('[tabindex="0"]')).toHaveCount(1);

  // From the last header button, Tab enters the list at the row used last (the one just added), and leaves it with the next Tab.
  const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await help.focus();
  await page.keyboard.press('Tab');
  await expect(control('C eu', 'copy-token')).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await focusInList()).toBe(false);
  await help.focus();
  await page.keyboard.press('Tab');
  await expect(control('C eu', 'copy-token')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(help).toBeFocused();
  await page.keyboard.press('Tab');

  await page.keyboard.press('Home');
  await expect(control('A ops', 'copy-token')).toBeFocused();
  await page.keyboard.press('End');
  await expect(control('C eu', 'copy-token')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(control('B reporting', 'copy-token')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(control('A ops', 'copy-token')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(control('A ops', 'copy-menu')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(control('A ops', 'more')).toBeFocused();
  // ↓ keeps the same button in the next row.
  await page.keyboard.press('ArrowDown');
  await expect(control('B reporting', 'more')).toBeFocused();

  // The "⋯" menu: Enter opens it on its first item, arrows move, Escape closes back to the button.
  await page.keyboard.press('Enter');
  const menu = row(page, 'B reporting').getByRole('menu', { name: 'More actions for B reporting' });
  await expect(menu).toBeVisible();
  await expect(control('B reporting', 'more')).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('menuitem', { name: 'Re-login' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'API key…' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Remove…' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(control('B reporting', 'more')).toBeFocused();
  await expect(control('B reporting', 'more')).toHaveAttribute('aria-expanded', 'false');

  // The row last used is where Tab comes back to.
  await expect(list.locator('[tabindex="0"]')).toHaveCount(1);
  await expect(control('B reporting', 'copy-token')).toHaveAttribute('tabindex', '0');
  await help.focus();
  await page.keyboard.press('Tab');
  await expect(control('B reporting', 'copy-token')).toBeFocused();

  // A menu item's own key picks it: H in the copy menu copies the header.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await writeX11Clipboard('before');
  await page.keyboard.press('h');
  const header = await waitForClipboardChange(readX11Clipboard, 'before');
  expect(header).toMatch(/^Authorization: Bearer tok-/);
  expect(await tokenOwner(wxm.server, header.replace('Authorization: Bearer ', ''))).toBe('rep@acme.test');
  await expect(control('B reporting', 'copy-menu')).toBeFocused();
});

test('a copy shows its confirmation and countdown without moving the list', async ({ app }) => {
  const { page } = app;
  await addAccount(page, { label: 'A ops', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'B reporting', username: 'rep@acme.test', secret: 'rep-pass-2', baseUrl: wxm.server.baseUrl });
  await page.evaluate(() => {
    const w = window as unknown as { __shifts: number };
    w.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__shifts += (entry as unknown as { value: number }).value;
    }).observe({ type: 'layout-shift' });
  });
  const first = row(page, 'A ops');
  const before = await first.boundingBox();

  await first.locator('[data-action="copy-token"]').click();
  await expect(page.getByTestId('copy-countdown')).toContainText('Token for A ops copied');
  await expect(page.getByTestId('copy-remaining')).toBeVisible();
  expect(await first.boundingBox()).toEqual(before);
  // The copy came after a click, so the browser would excuse a shift; count every one anyway.
  expect(await page.evaluate(() => (window as unknown as { __shifts: number }).__shifts)).toBe(0);

  // The toast sits in a landmark of its own, and clearing it moves nothing either.
  await expect(page.getByRole('region', { name: 'Clipboard' })).toContainText('copied');
  await page.getByTestId('clear-now').click();
  await expect(page.getByTestId('copy-countdown')).toHaveCount(0);
  expect(await first.boundingBox()).toEqual(before);
});
