/**
 * The detail pane on wide windows: the list's current account in full, with the
 * actions that sit in a row's "⋯" menu as plain buttons. It follows the row the
 * keyboard reaches without taking focus, its buttons do what the menu does, and
 * narrow windows do without it.
 */
import { expect, test } from '../harness/fixtures';
import { addAccount, row, screenshots } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const wxm = wxmSandboxPerTest([
  { username: 'ops@acme.test', password: 'ops-pass-1', station: 'uswest', role: 'Admin' },
  { username: 'eu@acme.test', password: 'eu-pass-2', station: 'uswest' },
]);

test('wide windows show the current account beside the list; it follows the keyboard and its buttons act on that account', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1440, height: 900 });
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await addAccount(page, { label: 'Ops EU', username: 'eu@acme.test', secret: 'eu-pass-2', baseUrl: wxm.server.baseUrl });

  const pane = page.getByRole('complementary', { name: /^Ops (US|EU)$/ });
  await expect(pane).toBeVisible();
  // Same station, so the list reads Ops EU, then Ops US.
  const copyEu = row(page, 'Ops EU').locator('[data-action="copy-token"]');
  await copyEu.focus();
  await expect(pane).toHaveAccessibleName('Ops EU');
  await expect(pane).toContainText('eu@acme.test');

  // Moving through the list moves the pane, and focus stays in the list.
  await page.keyboard.press('ArrowDown');
  const copyUs = row(page, 'Ops US').locator('[data-action="copy-token"]');
  await expect(copyUs).toBeFocused();
  await expect(pane).toHaveAccessibleName('Ops US');
  await expect(pane).toContainText('ops@acme.test');
  await expect(pane).toContainText('Admin');
  await expect(pane).toContainText('uswest');
  await screenshots(page, 'detail-pane');

  // Its buttons are the row menu's actions, for this account.
  await pane.getByRole('button', { name: 'Edit…' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit Ops US' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await pane.getByRole('button', { name: 'Remove…' }).click();
  await expect(page.getByRole('dialog', { name: 'Remove Ops US?' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const logins = wxm.server.loginSuccesses('ops@acme.test');
  await pane.getByRole('button', { name: 'Re-login' }).click();
  await expect.poll(() => wxm.server.loginSuccesses('ops@acme.test')).toBe(logins + 1);
});

test('narrow windows do without the pane: every action stays in the row', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 800, height: 600 });
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: 'ops-pass-1', baseUrl: wxm.server.baseUrl });
  await expect(row(page, 'Ops US')).toBeVisible();
  await expect(page.getByTestId('detail-pane')).toBeHidden();
  await expect(page.getByRole('complementary')).toHaveCount(0);
});
