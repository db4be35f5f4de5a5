/**
 * The vault passphrase in the window (Debian Chromium, the real core and keychain):
 * set, change and remove it in Settings → Security; with one set, every lock (the
 * button, Ctrl+L, main's idle watch) leaves the lock screen alone in the page, and
 * only the right passphrase brings the list back; "Forgot passphrase" resets after
 * a typed RESET; without one, nothing ever pretends to be locked. A canary
 * passphrase never stays in the page, a reply or the log.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { CHANNELS_WHILE_LOCKED, type ChannelName } from '../../electron/common/ipc-contract';
import { expect, test } from '../harness/fixtures';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { closeSettings, security, setPassphrase, unlock } from './passphrase-helpers';
import { addAccount, row, screenshots, waitForClipboardChange } from './ui-helpers';
import { wxmSandboxPerTest } from './wxm-per-test';

const PASSWORD = 'ops-pass-1';
const wxm = wxmSandboxPerTest([{ username: 'ops@acme.test', password: PASSWORD, station: 'uswest' }]);

async function addOps(page: Page): Promise<void> {
  await addAccount(page, { label: 'Ops US', username: 'ops@acme.test', secret: PASSWORD, baseUrl: wxm.server.baseUrl });
}

/** The lock screen and nothing of the account list: no row, no search box, no Lock button. */
async function expectLockScreenAlone(page: Page): Promise<void> {
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'WXM Vault is locked' })).toBeVisible();
  await expect(page.getByTestId('unlock-passphrase')).toBeFocused();
  await expect(page.locator('li[data-account-id]')).toHaveCount(0);
  await expect(page.getByTestId('search')).toHaveCount(0);
  await expect(page.getByTestId('lock-now')).toHaveCount(0);
  expect(await page.content()).not.toContain('ops@acme.test');
}

test('with a passphrase, Lock leaves only the lock screen; a wrong passphrase is refused inline, the right one brings the list back', async ({
  app,
}) => {
  const { page, harness } = app;
  await addOps(page);
  const passphrase = `correct horse ${randomUUID()}`;
  await setPassphrase(page, passphrase);
  const lock = page.getByTestId('lock-now');
  await expect(lock).toHaveText('Lock');
  await expect(lock).toHaveAttribute('title', /ask for the passphrase/);

  const sent = harness.replies.length;
  await lock.click();
  await expectLockScreenAlone(page);
  await expect(page.getByTestId('lock-screen')).toContainText('You locked WXM Vault.');
  // While locked the page asks main only what a lock screen may ask, and is never refused for asking more.
  const whileLocked = harness.replies.slice(sent);
  expect(whileLocked.filter((r) => !CHANNELS_WHILE_LOCKED.has(r.channel as ChannelName)).map((r) => r.channel)).toEqual([]);
  expect(whileLocked.filter((r) => !r.reply.ok && r.reply.error.code === 'vault-locked')).toEqual([]);
  await screenshots(page, 'lock-screen');

  await unlock(page, 'not the passphrase');
  const field = page.getByTestId('unlock-passphrase');
  await expect(page.getByTestId('unlock-error')).toHaveText(/That is not the vault passphrase/);
  await expect(page.getByTestId('unlock-error')).toHaveAttribute('role', 'alert');
  await expect(field).toHaveValue('');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('li[data-account-id]')).toHaveCount(0);
  await screenshots(page, 'lock-screen-wrong');

  await unlock(page, passphrase);
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await expect(row(page, 'Ops US')).toBeVisible();
  // The stored password opens again under the data key: a copy logs in with it.
  await writeX11Clipboard('before');
  await row(page, 'Ops US').getByRole('button', { name: 'Copy token for Ops US' }).click();
  // Read the clipboard first: the token list must be taken after the login that the copy caused.
  const copied = await waitForClipboardChange(readX11Clipboard, 'before');
  expect(wxm.server.issuedTokens('ops@acme.test')).toContain(copied);

  // The keyboard way, and a fresh start while locked asks main for the status and nothing else.
  await page.getByRole('contentinfo').click({ position: { x: 5, y: 5 } });
  const beforeLock = harness.replies.length;
  await page.keyboard.press('Control+l');
  await expectLockScreenAlone(page);
  // The lock screen shows on main's "locked" event, which can beat the lock request's own reply: wait for that
  // reply too, or it lands among the reloaded page's requests below.
  await expect.poll(() => harness.replies.slice(beforeLock).some((r) => r.channel === 'vault:lock')).toBe(true);
  const reloadedAt = Date.now();
  await page.reload();
  await expectLockScreenAlone(page);
  await expect(page.getByTestId('lock-screen')).toContainText('Enter your vault passphrase to unlock it.');
  // Only what the reloaded page asked: the old page's last requests may still be answered after the reload begins.
  expect([...new Set(harness.replies.filter((r) => r.askedAt >= reloadedAt).map((r) => r.channel))]).toEqual(['vault:status']);
  await unlock(page, passphrase);
  await expect(row(page, 'Ops US')).toBeVisible();
});

test('a lock that starts in main (the idle watch) shows the lock screen at once', async ({ app }) => {
  const { page, harness } = app;
  await addOps(page);
  const passphrase = `idle lock ${randomUUID()}`;
  await setPassphrase(page, passphrase);

  // The real idle watch, with a system idle time far past the 15-minute setting.
  const stop = harness.vault.lock.watchIdle(() => 24 * 3600, { pollMs: 50 });
  try {
    await expectLockScreenAlone(page);
    await expect(page.getByTestId('lock-screen')).toContainText('locked itself after you were idle');
  } finally {
    stop();
  }
  await unlock(page, passphrase);
  await expect(row(page, 'Ops US')).toBeVisible();
});

test('too many wrong passphrases: main’s wait is shown and Unlock stays disabled, counting down, until it passes', async ({ app }) => {
  const { page, harness } = app;
  await addOps(page);
  const passphrase = `slow down ${randomUUID()}`;
  await setPassphrase(page, passphrase);
  await page.getByTestId('lock-now').click();
  await expectLockScreenAlone(page);

  const error = page.getByTestId('unlock-error');
  const button = page.getByTestId('unlock-button');
  // Held, main's 2 s wait cannot run out before the fourth try however slow this machine is.
  harness.clock.hold();
  // Three free tries, then main makes the next one wait.
  for (let i = 0; i < 3; i++) {
    await unlock(page, `wrong ${i}`);
    await expect(error).toHaveText(/That is not the vault passphrase/);
    await expect(button).toBeEnabled();
  }
  await unlock(page, 'wrong 3');
  await expect(error).toHaveText(/Too many wrong passphrases\. Wait \d+ s/);
  await expect(button).toBeDisabled();
  await expect(page.getByTestId('unlock-wait')).toHaveText(/^\d+ s$/);
  await screenshots(page, 'lock-screen-wait');
  await expect(page.getByTestId('unlock-passphrase')).toHaveValue('');
  // Enter in the field does not get round the disabled button.
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen')).toBeVisible();

  harness.clock.release();
  await expect(button).toBeEnabled({ timeout: 10_000 });
  await expect(page.getByTestId('unlock-wait')).toHaveCount(0);
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await button.click();
  await expect(row(page, 'Ops US')).toBeVisible();
});

test('guessing the current passphrase in Settings waits as the lock screen does: the wait is said at the field, and the right one works after it', async ({
  app,
}) => {
  const { page, harness } = app;
  const passphrase = `no guessing ${randomUUID()}`;
  await setPassphrase(page, passphrase);
  const section = await security(page);
  await section.getByRole('button', { name: 'Remove passphrase…' }).click();
  const current = section.getByLabel('Current passphrase');
  const remove = section.getByRole('button', { name: 'Remove passphrase' });
  // Held, main's 2 s wait cannot run out before the fourth try however slow this machine is.
  harness.clock.hold();
  for (let i = 0; i < 3; i++) {
    await current.fill(`wrong ${i}`);
    await remove.click();
    await expect(current).toHaveAccessibleDescription('That is not the current vault passphrase. Nothing was changed.');
  }
  await current.fill(passphrase);
  await remove.click();
  await expect(current).toHaveAccessibleDescription(/^Too many wrong passphrases\. Wait \d+ s, then try again\.$/);
  await expect(current).toBeFocused();
  await expect(section.getByTestId('passphrase-state')).toHaveText('A vault passphrase is set.');

  // Main's wait began on the held clock, so once released it has at most the seconds it named left to run. One try
  // after that: retrying sooner could click Remove again while a slow key derivation is still removing the passphrase.
  const description = await current.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
  const seconds = Number(/Wait (\d+) s/.exec(description)?.[1]);
  expect(seconds).toBeGreaterThan(0);
  harness.clock.release();
  await page.waitForTimeout(seconds * 1000 + 250);
  await current.fill(passphrase);
  await remove.click();
  await expect(section.getByTestId('security-status')).toContainText('Passphrase removed.', { timeout: 15_000 });
  await expect(section.getByTestId('passphrase-state')).toHaveText('No vault passphrase is set.');
});

test('changing the passphrase: the old one is refused afterwards, the new one unlocks; removing it leaves nothing to lock', async ({ app }) => {
  const { page } = app;
  await addOps(page);
  const first = `first ${randomUUID()}`;
  const second = `second ${randomUUID()}`;
  await setPassphrase(page, first);

  let section = await security(page);
  await section.getByRole('button', { name: 'Change passphrase…' }).click();
  await expect(section.getByLabel('Current passphrase')).toBeFocused();
  // A wrong current passphrase changes nothing and says so at the field.
  await section.getByLabel('Current passphrase').fill('not it at all');
  await section.getByLabel('New passphrase', { exact: true }).fill(second);
  await section.getByLabel('Repeat the new passphrase').fill(second);
  await section.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(section).toContainText('That is not the current vault passphrase. Nothing was changed.');
  await expect(section.getByLabel('Current passphrase')).toBeFocused();
  await section.scrollIntoViewIfNeeded();
  await screenshots(page, 'settings-security');
  // Two different new ones are caught before main is asked.
  await section.getByLabel('Current passphrase').fill(first);
  await section.getByLabel('New passphrase', { exact: true }).fill(second);
  await section.getByLabel('Repeat the new passphrase').fill(`${second}x`);
  await section.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(section).toContainText('The two passphrases differ.');
  await section.getByLabel('Repeat the new passphrase').fill(second);
  await section.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(section.getByTestId('security-status')).toHaveText('Passphrase changed. Use the new one from now on.');
  await closeSettings(page);

  await page.getByTestId('lock-now').click();
  await expectLockScreenAlone(page);
  await unlock(page, first);
  await expect(page.getByTestId('unlock-error')).toHaveText(/That is not the vault passphrase/);
  await unlock(page, second);
  await expect(row(page, 'Ops US')).toBeVisible();

  section = await security(page);
  await section.getByRole('button', { name: 'Remove passphrase…' }).click();
  await section.getByLabel('Current passphrase').fill(second);
  await section.getByRole('button', { name: 'Remove passphrase' }).click();
  await expect(section.getByTestId('security-status')).toContainText('Passphrase removed.');
  await expect(section.getByTestId('passphrase-state')).toHaveText('No vault passphrase is set.');
  await closeSettings(page);
  await expect(page.getByTestId('lock-now')).toHaveText('Forget tokens');
  await page.getByTestId('lock-now').click();
  await expect(row(page, 'Ops US')).toHaveAttribute('data-status', 'none');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
});

test('Forgot passphrase: after typing RESET the stored secrets are gone and the accounts are listed, asking for their passwords', async ({ app }) => {
  const { page, harness } = app;
  await addOps(page);
  await setPassphrase(page, `forgotten ${randomUUID()}`);
  await page.getByTestId('lock-now').click();
  await expectLockScreenAlone(page);

  await page.getByRole('button', { name: 'Forgot passphrase…' }).click();
  const dialog = page.getByTestId('reset-dialog');
  await expect(dialog).toContainText('removes every stored password and API key');
  await expect(dialog).toContainText('keeps the account list');
  const confirm = dialog.getByTestId('reset-confirm');
  await expect(confirm).toBeFocused();
  await screenshots(page, 'lock-screen-reset');
  // Anything but the exact word is refused, and nothing is removed.
  await confirm.fill('reset');
  await dialog.getByRole('button', { name: 'Reset the vault' }).click();
  await expect(dialog).toContainText('Type RESET exactly');
  expect(await harness.secrets.keys()).not.toEqual([]);
  await confirm.fill('RESET');
  await dialog.getByRole('button', { name: 'Reset the vault' }).click();

  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  const ops = row(page, 'Ops US');
  await expect(ops).toBeVisible();
  await expect(ops.getByTestId('row-problem')).toContainText('Edit the account and enter its password again');
  await expect(page.getByTestId('lock-now')).toHaveText('Forget tokens');
  // Only the keychain check's own short-lived probe entry may be there; no secret and no vault key.
  expect((await harness.secrets.keys()).filter((k) => !k.startsWith('probe:'))).toEqual([]);
});

test('without a passphrase the button reads "Forget tokens" and no lock screen ever appears', async ({ app }) => {
  const { page, harness } = app;
  await addOps(page);
  await page.evaluate(() => {
    const w = window as unknown as { __sawLockScreen: boolean };
    w.__sawLockScreen = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="lock-screen"]')) w.__sawLockScreen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const button = page.getByTestId('lock-now');
  await expect(button).toHaveText('Forget tokens');
  await expect(button).toHaveAttribute('title', /next copy logs in again\. Set a passphrase in Settings to lock the vault/);

  const ops = row(page, 'Ops US');
  await button.click();
  await expect(ops).toHaveAttribute('data-status', 'none');
  await expect(page.getByTestId('announcement')).toContainText('Tokens forgotten');
  await page.getByRole('contentinfo').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+l');
  await harness.vault.lock.lock('idle');
  await harness.vault.lock.lock('suspend');
  await expect(ops).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sawLockScreen: boolean }).__sawLockScreen)).toBe(false);
  await expect(page.getByTestId('announcement')).not.toContainText('locked');
});

test('canary: the passphrase never stays in the page, a bridge reply or the log, through set, lock, wrong, unlock, change and remove', async ({
  app,
}) => {
  const { page, harness } = app;
  await addOps(page);
  const canary = `canary-${randomUUID()}`;
  const canary2 = `canary-${randomUUID()}`;
  const inputs = () => page.evaluate(() => Array.from(document.querySelectorAll('input'), (i) => i.value).join('\n'));
  const assertGone = async (where: string) => {
    const html = await page.content();
    const values = await inputs();
    for (const secret of [canary, canary2]) {
      expect(html, `DOM ${where}`).not.toContain(secret);
      expect(values, `input values ${where}`).not.toContain(secret);
    }
  };

  await setPassphrase(page, canary);
  await page.getByTestId('lock-now').click();
  await expectLockScreenAlone(page);
  await unlock(page, canary2);
  await expect(page.getByTestId('unlock-error')).toHaveText(/That is not the vault passphrase/);
  await assertGone('after a wrong passphrase');
  await unlock(page, canary);
  await expect(row(page, 'Ops US')).toBeVisible();
  await assertGone('after unlocking');

  let section = await security(page);
  await section.getByRole('button', { name: 'Change passphrase…' }).click();
  await section.getByLabel('Current passphrase').fill(canary);
  await section.getByLabel('New passphrase', { exact: true }).fill(canary2);
  await section.getByLabel('Repeat the new passphrase').fill(canary2);
  await section.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(section.getByTestId('security-status')).toContainText('Passphrase changed.');
  await assertGone('after changing');
  await closeSettings(page);

  section = await security(page);
  await section.getByRole('button', { name: 'Remove passphrase…' }).click();
  await section.getByLabel('Current passphrase').fill(canary2);
  await section.getByRole('button', { name: 'Remove passphrase' }).click();
  await expect(section.getByTestId('security-status')).toContainText('Passphrase removed.');
  await assertGone('after removing');

  const replies = JSON.stringify(harness.replies);
  const log = readFileSync(harness.logPath, 'utf8');
  for (const secret of [canary, canary2]) {
    expect(replies, 'bridge replies').not.toContain(secret);
    expect(log, 'main log').not.toContain(secret);
  }
  expect(log).toContain('wrong passphrase');
  expect(replies + log).not.toMatch(/canary-[0-9a-f]{8}/);
});
