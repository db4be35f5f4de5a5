/**
 * Export from the Settings dialog, whichever way this build's shell exports:
 * main writes the file and the page names it (the browser shell's export
 * through main), or main hands the page the JSON for a download. The browser
 * shell denies Chromium's downloads, so in that case no file appears and the
 * export is what main handed the page: the same text the file would hold.
 */
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Reply } from '../../electron/common/ipc-contract';

/** Clicks Export (Settings open) and returns the exported text. `replies`: every reply the page was sent. */
export async function exportAccounts(page: Page, replies: ReadonlyArray<{ channel: unknown; reply: Reply<unknown> }>): Promise<string> {
  const sent = replies.length;
  await page.getByTestId('export-button').click();
  const status = page.getByTestId('transfer-status');
  await expect(status).toContainText('Exported');
  const written = /to (\S+\.json) \(/.exec((await status.textContent()) ?? '')?.[1];
  if (written) {
    expect(basename(written)).toMatch(/^wxm-vault-accounts-\d{4}-\d\d-\d\d.*\.json$/);
    return readFileSync(written, 'utf8');
  }
  const handed = replies.slice(sent).find((r) => r.channel === 'accounts:export')?.reply;
  if (!handed?.ok) throw new Error(`Export named no file and main sent no export to the page (${JSON.stringify(handed ?? null)}).`);
  return (handed.value as { json: string }).json;
}
