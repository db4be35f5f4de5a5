/**
 * Helpers for the UI specs: drive the real renderer like a user, and save
 * screenshots of a screen in light and dark.
 */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const SHOTS = 'test-results/screenshots';

/** Saves `<name>-light.png` and `<name>-dark.png`. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export interface NewAccount {
  label: string;
  username: string;
  secret: string;
  baseUrl: string;
  apiKey?: boolean;
}

export async function fillAccountForm(page: Page, account: NewAccount): Promise<void> {
  const form = page.getByTestId('account-form');
  await form.getByLabel('Name', { exact: true }).fill(account.label);
  await form.getByRole('radio', { name: 'Custom base URL' }).check();
  await form.getByLabel('Base URL', { exact: true }).fill(account.baseUrl);
  await form.getByLabel('Username').fill(account.username);
  await form.getByRole('radio', { name: account.apiKey ? 'API key' : 'Password' }).check();
  await form.locator('input[name="secret"]').fill(account.secret);
}

/** Adds an account through the form and waits for its row. */
export async function addAccount(page: Page, account: NewAccount): Promise<void> {
  await page.getByRole('button', { name: 'Add account', exact: true }).first().click();
  await fillAccountForm(page, account);
  await page.getByTestId('account-form').getByRole('button', { name: 'Add and verify' }).click();
  await expect(page.getByTestId('add-dialog')).toHaveCount(0);
  await expect(row(page, account.label)).toBeVisible();
}

export function row(page: Page, label: string) {
  return page.locator('li[data-account-id]', { has: page.locator('.label', { hasText: label }) });
}

/** The labels of the rows the search leaves showing, in order. */
export function shownLabels(page: Page) {
  return page.locator('li[data-account-id]:not([hidden]) .label');
}

/** Which of a row's two menus holds each action; "Copy token" has its own button. */
const MENU_OF: Record<string, 'copy-menu' | 'more'> = {
  'copy-header': 'copy-menu',
  'copy-apikey': 'copy-menu',
  login: 'more',
  apikey: 'more',
  edit: 'more',
  remove: 'more',
};

/** A row's action as a mouse user reaches it: opens the menu that holds it first, if any. */
export async function rowAction(page: Page, label: string, action: string) {
  const r = row(page, label);
  const menu = MENU_OF[action];
  if (menu) await r.locator(`[data-action="${menu}"]`).click();
  await r.locator(`[data-action="${action}"]`).click();
}

/** Sets settings through the settings dialog. */
export async function setSettings(page: Page, values: { clipboardClearSeconds?: number; expiryWarningMinutes?: number }): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const form = page.getByTestId('settings-form');
  if (values.clipboardClearSeconds !== undefined)
    await form.getByLabel('Clear the clipboard after (seconds)').fill(String(values.clipboardClearSeconds));
  if (values.expiryWarningMinutes !== undefined)
    await form.getByLabel('Warn when a token expires within (minutes)').fill(String(values.expiryWarningMinutes));
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-status')).toHaveText('Settings saved.');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-dialog')).toHaveCount(0);
}

/**
 * Which user the test WXM server says a token belongs to (null if it refuses it):
 * proves a clipboard value is a live token the server issued, without asking the renderer.
 */
export async function tokenOwner(
  server: { baseUrl: string; requests: readonly { user: string | null; status: number }[]; issuedTokens(username?: string): string[] },
  token: string,
): Promise<string | null> {
  // Exactly a token WXM handed out (not merely one it accepts), and then whose it is.
  if (!server.issuedTokens().includes(token)) return null;
  const index = server.requests.length;
  const res = await fetch(`${server.baseUrl}/api/Settings`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.ok ? (server.requests[index]?.user ?? null) : null;
}

/** Polls the real X11 clipboard until it holds `expected` (or the time runs out); returns what it last read. */
export async function waitForClipboard(read: () => Promise<string>, expected: string, timeoutMs = 6000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** Polls until the clipboard holds something other than `previous`; returns it. */
export async function waitForClipboardChange(read: () => Promise<string>, previous: string, timeoutMs = 6000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (value === previous && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}
