/**
 * Playwright fixtures: `app` launches the product's browser shell in this
 * process (launchBrowserShell: system Chromium over the DevTools pipe, the
 * real core, dispatcher, keychain and X11 clipboard) on a fresh data folder
 * and keychain service, and hands the specs the Page it returns. Specs drive
 * exactly what `npm start` runs; the harness only adds what tests look at
 * (every reply, the files, the keychain entries).
 */
import { test as base, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Reply } from '../../electron/common/ipc-contract';
import { findBrowser } from '../../electron/browser/find-browser';
import { launchBrowserShell, type BrowserShell } from '../../electron/browser/launch';
import { createOsClipboard } from '../../electron/core/clipboard/os-clipboard';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { createNodeTransport } from '../../electron/core/net/node-transport';
import type { Vault } from '../../electron/core/vault';
import { hasX11Display } from './x11-clipboard';

export interface AppHarness {
  /** The shell's core, for what a spec does "in main" (lock on idle, quit). */
  vault: Vault;
  /** The shell's keychain service, read through a store of its own. */
  secrets: KeychainSecretStore;
  dataDir: string;
  logPath: string;
  /** Every reply the dispatcher sent the page, for canary scans. */
  /** Every request main answered; `askedAt` is when it reached main (this process's wall clock). */
  replies: Array<{ channel: unknown; reply: Reply<unknown>; askedAt: number }>;
  /** Main's clock. Held still, a wait main imposes (wrong passphrases) cannot run out while a spec checks it. */
  clock: { hold(): void; release(): void };
}

export interface AppFixture {
  page: Page;
  harness: AppHarness;
  /** The origin the page runs on and the dispatcher trusts. */
  origin: string;
  shell: BrowserShell;
}

export interface AppOptions {
  /** Files written into the fresh data folder before the shell starts (e.g. a damaged accounts file). */
  seedFiles: Record<string, string>;
  /** Proxy variables the core sees (HTTPS_PROXY, NO_PROXY…) instead of this process's own; null: this process's. */
  proxyEnv: Record<string, string> | null;
}

/** CHROMIUM_PATH (npm test sets it), else the browser `npm start` would pick. */
function browserPath(): string {
  return process.env.CHROMIUM_PATH ?? findBrowser({ platform: process.platform, env: process.env, home: homedir() }).path;
}

async function forgetKeychain(secrets: KeychainSecretStore): Promise<void> {
  for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
}

export const test = base.extend<{ app: AppFixture } & AppOptions>({
  seedFiles: [{}, { option: true }],
  proxyEnv: [null, { option: true }],
  app: async ({ seedFiles, proxyEnv }, use, testInfo) => {
    // The shell opens a real window, and copies go to the X11 clipboard the specs read back.
    testInfo.skip(!hasX11Display(), 'needs an X display: run under xvfb-run (npm test does)');
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-e2e-'));
    const keychainService = `wxm-vault-test-${randomUUID()}`;
    const secrets = new KeychainSecretStore(keychainService);
    for (const [name, content] of Object.entries(seedFiles)) writeFileSync(join(dataDir, basename(name)), content);
    const replies: AppHarness['replies'] = [];
    let heldAt: number | null = null;
    const clock = { hold: () => void (heldAt = Date.now()), release: () => void (heldAt = null) };
    let shell: BrowserShell | null = null;
    try {
      shell = await launchBrowserShell({
        browserPath: browserPath(),
        dataDir,
        keychainService,
        clipboard: createOsClipboard(),
        appVersion: '0.0.0-test',
        // Exports stay in the test's folder; the desktop's screen-lock watch stays out of it.
        downloadsDir: join(dataDir, 'Downloads'),
        desktopLock: null,
        ...(proxyEnv ? { http: createNodeTransport(proxyEnv) } : {}),
        onReply: ({ channel, reply, askedAt }) => replies.push({ channel, reply, askedAt }),
        now: () => heldAt ?? Date.now(),
      });
      const harness: AppHarness = { vault: shell.vault, secrets, dataDir, logPath: shell.logPath, replies, clock };
      await use({ page: shell.page, harness, origin: shell.origin, shell });
    } finally {
      await shell?.close();
      await forgetKeychain(secrets);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
    }
  },
});

export { expect } from '@playwright/test';
