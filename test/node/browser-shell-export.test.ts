/**
 * Settings in the browser shell users run: Export writes the account list
 * through main to the Downloads folder (Chromium's downloads are denied) and
 * names the file; the clipboard-history setting says that copies here carry no
 * history markers. Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXPORT_FORMAT } from '../../electron/core/accounts/account-transfer';
import { createOsClipboard } from '../../electron/core/clipboard/os-clipboard';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { DEFAULT_PAGE_BRIDGE, launchBrowserShell, type BrowserShell } from '../../electron/browser/launch';
import { usePrivateDisplay } from '../harness/xvfb';
import { assertPosixMode, needsLinux, SYSTEM_CHROMIUM } from '../harness/host-needs';

const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const service = `wxm-vault-test-${randomUUID()}`;

usePrivateDisplay();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('browser shell settings', { skip: needsLinux(SYSTEM_CHROMIUM) }, () => {
  let dataDir: string;
  let downloads: string;
  let shell: BrowserShell;

  before(async () => {
    assert.ok(existsSync(DEFAULT_PAGE_BRIDGE), 'dist/browser/page-bridge.js is missing: run npm run build first');
    dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-shell-export-'));
    // Not there yet: the first export creates it, as on a fresh account.
    downloads = join(dataDir, 'home', 'Downloads');
    shell = await launchBrowserShell({
      browserPath: BROWSER,
      dataDir,
      keychainService: service,
      clipboard: createOsClipboard(),
      appVersion: '0.0.0-test',
      downloadsDir: downloads,
      desktopLock: null,
    });
    const imported = await shell.page.evaluate(
      (json) => window.wxmVault!.importAccounts({ json }),
      JSON.stringify({
        format: EXPORT_FORMAT,
        schemaVersion: 1,
        accounts: [
          { label: 'Ops US', username: 'ops@acme.test', baseUrl: 'https://api.getcloudcherry.com', authMode: 'password' },
          { label: 'Ops EU', username: 'ops-eu@acme.test', baseUrl: 'https://api.getcloudcherry.com', authMode: 'apiKey' },
        ],
      }),
    );
    assert.deepEqual(imported, { ok: true, value: { imported: 2, skipped: 0 } });
    await shell.page.reload();
    // The app mounts once main has said the vault is open; a key pressed before that has no handler yet.
    await shell.page.getByTestId('keychain-status').getByText('Keychain ready').waitFor();
    await shell.page.keyboard.press('Control+,');
    await shell.page.getByTestId('settings-form').waitFor();
  });

  after(async () => {
    await shell?.close();
    const secrets = new KeychainSecretStore(service);
    for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('Export JSON writes the list to the Downloads folder through main and names the file', async () => {
    await shell.page.getByTestId('export-button').click();
    const status = shell.page.getByTestId('transfer-status');
    await status.getByText('Exported 2 accounts to').waitFor();
    const text = (await status.textContent()) ?? '';
    const path = /to (\S+\.json) \(/.exec(text)?.[1];
    assert.ok(path, text);
    assert.ok(path.startsWith(`${downloads}/wxm-vault-accounts-`), path);
    assertPosixMode(path, 0o600);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(
      data.accounts.map((a: { label: string }) => a.label),
      ['Ops US', 'Ops EU'],
    );
    assert.deepEqual(filesUnder(downloads), [path], 'one file, no temp file left');
    assert.deepEqual(
      filesUnder(shell.profileDir).filter((f) => f.includes('wxm-vault-accounts')),
      [],
      'nothing went through Chromium’s downloads',
    );
  });

  it('the clipboard-history setting says copies here carry no markers', async () => {
    const note = shell.page.getByTestId('history-browser-note');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /cannot add these marks/);
  });
});
