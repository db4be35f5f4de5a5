/**
 * Playwright fixtures: `app` opens the built renderer in Debian Chromium with
 * window.wxmVault wired to a real vault core (real keychain, real files).
 */
import { test as base, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRendererServer, type RendererServer } from './renderer-server';
import { createVaultHarness, type VaultHarness } from './vault-harness';
import { hasX11Display, x11Clipboard } from './x11-clipboard';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { createNodeTransport } from '../../electron/core/net/node-transport';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}dist/renderer`;
const pageBridge = `${root}dist/test/page-bridge.js`;

/** Without an X display there is no system clipboard to test against; say so instead of faking one. */
const noDisplayClipboard: ClipboardPort = {
  readText: async () => {
    throw new Error('No X display: run the e2e tests under xvfb-run (npm test does).');
  },
  writeText: async () => {
    throw new Error('No X display: run the e2e tests under xvfb-run (npm test does).');
  },
  clear: async () => {},
};

export interface AppFixture {
  page: Page;
  harness: VaultHarness;
  origin: string;
}

async function wirePage(page: Page, harness: VaultHarness): Promise<void> {
  await page.exposeBinding('__wxmInvoke', async (source, channel: unknown, payload: unknown) => {
    let frameOrigin: string | null = null;
    try {
      frameOrigin = new URL(source.frame.url()).origin;
    } catch {
      frameOrigin = null;
    }
    return harness.dispatch({ origin: frameOrigin, isMainFrame: source.frame === source.page.mainFrame() }, channel, payload);
  });
  harness.onEvent = (event, payload) => {
    void page
      .evaluate(([e, p]) => (window as unknown as { __wxmEmit?: (e: string, p: unknown) => void }).__wxmEmit?.(e as string, p), [event, payload] as const)
      .catch(() => {});
  };
  await page.addInitScript({ content: readFileSync(pageBridge, 'utf8') });
}

export interface AppOptions {
  /** Files written into the fresh data folder before the page loads (e.g. a damaged accounts file). */
  seedFiles: Record<string, string>;
  /** Proxy variables the core sees (HTTPS_PROXY, NO_PROXY…) instead of this process's own; null: this process's. */
  proxyEnv: Record<string, string> | null;
}

export const test = base.extend<{ app: AppFixture } & AppOptions, { rendererServer: RendererServer }>({
  seedFiles: [{}, { option: true }],
  proxyEnv: [null, { option: true }],
  rendererServer: [
    async ({}, use) => {
      const server = await startRendererServer(rendererDir);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ page, rendererServer, seedFiles, proxyEnv }, use) => {
    const harness = createVaultHarness({
      trustedOrigin: rendererServer.origin,
      clipboard: hasX11Display() ? x11Clipboard : noDisplayClipboard,
      ...(proxyEnv ? { http: createNodeTransport(proxyEnv) } : {}),
    });
    for (const [name, content] of Object.entries(seedFiles)) writeFileSync(join(harness.dataDir, basename(name)), content);
    await wirePage(page, harness);
    await page.goto(`${rendererServer.origin}/index.html`);
    await use({ page, harness, origin: rendererServer.origin });
    await harness.dispose();
  },
});

export { expect } from '@playwright/test';
