/**
 * A damaged accounts file is never silently dropped: it is moved aside, the
 * user is told where it went, and the app keeps working.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';

const DAMAGED = '{"schemaVersion": 1, "accounts": [ {"label": "half a recor';

test.use({ seedFiles: { 'accounts.json': DAMAGED } });

test('a damaged accounts file is kept aside, reported with where it went, and the app carries on', async ({ app }) => {
  const { page, harness } = app;
  const banner = page.getByRole('alert').filter({ hasText: 'accounts.corrupt-' });
  await expect(banner).toBeVisible();

  // The damaged bytes are kept, byte for byte, under the name the banner gives.
  const kept = readdirSync(harness.dataDir).filter((f) => f.startsWith('accounts.corrupt-'));
  expect(kept).toHaveLength(1);
  expect(readFileSync(join(harness.dataDir, kept[0]!), 'utf8')).toBe(DAMAGED);
  await expect(banner).toContainText(kept[0]!);

  // Carrying on: the list loads (empty) and invites adding an account.
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/damaged-data-file.png' });
});
