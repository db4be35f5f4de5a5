/** The vault passphrase as a user sets it and unlocks with it: Settings → Security, and the lock screen. */
import type { Page } from '@playwright/test';
import { expect } from '../harness/fixtures';

/** Opens Settings and returns its Security section. */
export async function security(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  return page.getByTestId('settings-dialog').getByTestId('security-settings');
}

export async function closeSettings(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-dialog')).toHaveCount(0);
}

export async function setPassphrase(page: Page, passphrase: string): Promise<void> {
  const section = await security(page);
  await expect(section.getByTestId('passphrase-state')).toHaveText('No vault passphrase is set.');
  await section.getByLabel('New passphrase', { exact: true }).fill(passphrase);
  await section.getByLabel('Repeat the new passphrase').fill(passphrase);
  await section.getByRole('button', { name: 'Set passphrase' }).click();
  await expect(section.getByTestId('security-status')).toContainText('Passphrase set.');
  await expect(section.getByTestId('passphrase-state')).toHaveText('A vault passphrase is set.');
  await closeSettings(page);
}

export async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.getByTestId('unlock-button').click();
}
