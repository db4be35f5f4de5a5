/**
 * A long list stays light: rows far from the viewport are stand-ins (name, user,
 * host) rather than full rows, yet every account is in the page for Find and the
 * accessibility tree, End reaches the last one, and scrolling builds rows as they
 * come near.
 */
import { accountRecord } from '../harness/account-record-fixture';
import { expect, test } from '../harness/fixtures';
import { expectAccessible } from './axe';
import { row } from './ui-helpers';

const COUNT = 300;
const label = (i: number) => `Account ${String(i).padStart(4, '0')}`;

test('300 accounts: all in the page, few built, End and scrolling build the rows they reach', async ({ app }) => {
  const { page, harness } = app;
  const store = harness.vault.accounts.store;
  await store.load();
  await store.mutate((all) => {
    for (let i = 0; i < COUNT; i++) {
      const record = accountRecord({ label: label(i), username: `user${i}@acme.test` });
      all.set(record.id, record);
    }
  });
  await page.reload();
  const rows = page.locator('li[data-account-id]');
  await expect(rows).toHaveCount(COUNT);

  // Most rows are stand-ins; the first screen is built.
  const standIns = page.locator('li[data-placeholder]');
  expect(await standIns.count()).toBeGreaterThan(COUNT - 80);
  await expect(row(page, label(0)).locator('[data-action="copy-token"]')).toBeVisible();
  expect(await page.locator('[data-testid="account-list"] button').count()).toBeLessThan(3 * 80);
  // Find and screen readers still see the last account.
  await expect(row(page, label(COUNT - 1))).toHaveCount(1);
  await expect(row(page, label(COUNT - 1))).toContainText(`user${COUNT - 1}@acme.test`);
  await expectAccessible(page, 'a long list, mostly stand-ins');

  // End builds the last row and focuses its Copy token; Home comes back.
  await row(page, label(0)).locator('[data-action="copy-token"]').focus();
  await page.keyboard.press('End');
  const last = row(page, label(COUNT - 1));
  await expect(last.locator('[data-action="copy-token"]')).toBeFocused();
  await expect(last).toHaveAttribute('data-status', 'none');
  await expect(last.getByTestId('token-status')).toHaveText('No token');
  await page.keyboard.press('Home');
  await expect(row(page, label(0)).locator('[data-action="copy-token"]')).toBeFocused();

  // Scrolling to the middle builds what comes into view; the stand-ins there had the same height, so nothing jumped.
  const middle = row(page, label(150));
  const before = await middle.boundingBox();
  await middle.scrollIntoViewIfNeeded();
  await expect(middle.locator('[data-action="copy-token"]')).toBeVisible();
  const after = await middle.boundingBox();
  expect(after?.height).toBe(before?.height);
  // Rows far above are stand-ins again, except the one that still holds focus.
  await expect(row(page, label(60))).toHaveAttribute('data-placeholder', '');
  await expect(row(page, label(0)).locator('[data-action="copy-token"]')).toBeFocused();
});
