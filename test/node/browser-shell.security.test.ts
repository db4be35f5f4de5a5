/**
 * The browser shell as users run it: launchBrowserShell opens the built
 * renderer in the system's Chromium (headed, on a private Xvfb) over the
 * DevTools pipe, with the real core, dispatcher and keychain (a service name of
 * its own) and the real X11 clipboard through xclip. Each test drives the Page
 * the shell returns. Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createOsClipboard } from '../../electron/core/clipboard/os-clipboard';
import { DataFolderLockedError, LOCK_FILE } from '../../electron/core/data-folder/data-lock';
import { CONTENT_SECURITY_POLICY } from '../../electron/core/window/window-policy';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { BROWSER_ORIGIN, EMIT_FUNCTION, ENTRY_URL, PLACEHOLDER_URL, REPLY_FUNCTION } from '../../electron/browser/browser-policy';
import { BrowserCommandLineError, browserBinary, sharedMemoryIsLow } from '../../electron/browser/browser-command';
import { chromiumArgs } from '../../electron/browser/chromium-flags';
import { DEFAULT_PAGE_BRIDGE, launchBrowserShell, type BrowserShell } from '../../electron/browser/launch';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, SYSTEM_CHROMIUM } from '../harness/host-needs';

const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const service = `wxm-vault-test-${randomUUID()}`;

usePrivateDisplay();

function launch(dataDir: string): Promise<BrowserShell> {
  return launchBrowserShell({ browserPath: BROWSER, dataDir, keychainService: service, clipboard: createOsClipboard(), appVersion: '0.0.0-test' });
}

/**
 * Processes whose command line contains `needle`. Chromium's processes may
 * rewrite their title into one space-separated string, so the line is split on
 * spaces (an argument with a space is split too: compare with words()).
 */
function processesWith(needle: string): Array<{ pid: number; args: string[] }> {
  const found: Array<{ pid: number; args: string[] }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const line = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (line.includes(needle)) found.push({ pid: Number(entry), args: line.split(' ') });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Arguments as processesWith() reads them back. */
function words(args: readonly string[]): string[] {
  return args.flatMap((a) => a.split(' '));
}

/**
 * Every process started with our profile that is not one of Chromium's children
 * (they have --type=). A distribution's launcher script that stayed alive around
 * the browser would be one too, and fail the "one browser process" check.
 */
function browserProcesses(profileDir: string): Array<{ pid: number; args: string[] }> {
  return processesWith(`--user-data-dir=${profileDir}`).filter((p) => !p.args.some((a) => a.startsWith('--type=')));
}

/**
 * Arguments the live browser may have beyond chromiumArgs(), each reviewed.
 * None: with ignoreDefaultArgs: true Playwright adds nothing, and the one flag
 * its pipe needs (--remote-debugging-pipe) is in our own list.
 */
const REVIEWED_EXTRA_ARGS: readonly string[] = [];

/** Chromium's helpers may outlive the browser's goodbye by a moment. */
async function waitUntilGone(needle: string, ms = 10_000): Promise<Array<{ pid: number; args: string[] }>> {
  const deadline = Date.now() + ms;
  let left = processesWith(needle);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesWith(needle);
  }
  return left;
}

/** Inodes of TCP sockets in LISTEN state (IPv4 and IPv6), from the kernel's tables. */
function listeningSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

function socketInodesOf(pid: number): string[] {
  const out: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) out.push(m[1]);
    } catch {
      // Closed meanwhile.
    }
  }
  return out;
}

describe('browser shell', { skip: needsLinux(SYSTEM_CHROMIUM) }, () => {
  let dataDir: string;
  let shell: BrowserShell;

  before(async () => {
    assert.ok(existsSync(DEFAULT_PAGE_BRIDGE), 'dist/browser/page-bridge.js is missing: run npm run build first');
    dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-shell-'));
    shell = await launch(dataDir);
  });

  after(async () => {
    await shell?.close();
    await waitUntilGone(`--user-data-dir=${join(dataDir, 'browser-profile')}`);
    const secrets = new KeychainSecretStore(service);
    for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('loads the renderer from its https .invalid origin, with the CSP header on the document', async () => {
    assert.equal(shell.origin, BROWSER_ORIGIN);
    assert.equal(shell.page.url(), ENTRY_URL);
    const response = await shell.page.reload();
    assert.equal(response?.status(), 200);
    assert.equal(response?.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(response?.headers()['x-content-type-options'], 'nosniff');
    assert.equal(await shell.page.evaluate(() => window.isSecureContext), true);
    await shell.page.getByText('No accounts yet').waitFor();
  });

  it('gives the page window.wxmVault wired to the real core, and no raw channel binding', async () => {
    const result = await shell.page.evaluate(async () => {
      const api = window.wxmVault!;
      return {
        info: await api.appInfo(undefined as never),
        accounts: await api.listAccounts(undefined as never),
        keychain: await api.keychainStatus(undefined as never),
        rawBinding: typeof (window as unknown as Record<string, unknown>).__wxmVaultInvoke,
        // Playwright's exposeBinding machinery (__playwright__binding__ and its controller) would let page code
        // call any binding with any channel: none of it may be on window, by any name. The browser's own Web IDL
        // interfaces (XRWebGLBinding: capitalised, native) are not ours.
        bindingGlobals: Object.getOwnPropertyNames(window).filter((name) => {
          if (!/binding|playwright/i.test(name)) return false;
          const value = (window as unknown as Record<string, unknown>)[name];
          const webInterface =
            /^[A-Z]/.test(name) && typeof value === 'function' && Function.prototype.toString.call(value).includes('[native code]');
          return !webInterface;
        }),
        ourGlobals: Object.getOwnPropertyNames(window)
          .filter((name) => name.startsWith('__wxm'))
          .sort(),
      };
    });
    assert.ok(result.info.ok);
    const { idleSource, ...info } = result.info.value;
    assert.deepEqual(info, { name: 'WXM Vault', version: '0.0.0-test', platform: process.platform, shell: 'browser' });
    assert.match(idleSource, /^idle time from /);
    assert.deepEqual(result.accounts, { ok: true, value: [] });
    assert.equal(result.keychain.ok && result.keychain.value.available, true);
    assert.equal(result.rawBinding, 'undefined');
    assert.deepEqual(result.bindingGlobals, []);
    // What the shell calls by name, and nothing else: each can only misinform the page that calls it.
    assert.deepEqual(result.ourGlobals, [EMIT_FUNCTION, REPLY_FUNCTION].sort());
  });

  it('lets a reply settle only a call the page itself is waiting for', async () => {
    const outcome = await shell.page.evaluate(
      async ([replyFunction]) => {
        const reply = (window as unknown as Record<string, (id: unknown, json: unknown) => void>)[replyFunction]!;
        // No call waits for these ids: nothing happens, nothing throws.
        reply(987_654, JSON.stringify({ ok: true, value: 'forged' }));
        reply('1', '{}');
        const info = await window.wxmVault!.appInfo(undefined as never);
        return { ok: info.ok, version: info.ok ? info.value.version : null };
      },
      [REPLY_FUNCTION] as const,
    );
    assert.deepEqual(outcome, { ok: true, version: '0.0.0-test' });
  });

  it('refuses bridge calls from a frame that is not the top frame, even on our origin', async () => {
    const reply = await shell.page.evaluate(async () => {
      // An about:blank frame inherits our origin and gets the bridge script too; CSP allows no other frame.
      const frame = document.createElement('iframe');
      document.body.append(frame);
      await new Promise((r) => setTimeout(r, 200));
      const inner = frame.contentWindow as unknown as Window;
      try {
        return { origin: inner.origin, reply: await inner.wxmVault!.appInfo(undefined as never) };
      } finally {
        frame.remove();
      }
    });
    assert.equal(reply.origin, BROWSER_ORIGIN);
    assert.equal(reply.reply.ok, false);
    assert.equal(!reply.reply.ok && reply.reply.error.code, 'bad-request');
  });

  it('lets the page reach no other origin', async () => {
    const outcome = await shell.page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'reached',
        () => 'failed',
      ),
    );
    assert.equal(outcome, 'failed');
  });

  it('refuses navigation away, from the page and from outside, and the app stays', async () => {
    await shell.page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await shell.page.waitForTimeout(500);
    assert.equal(shell.page.url(), ENTRY_URL);
    await assert.rejects(shell.page.goto('https://example.com/'), /ERR_ABORTED/);
    await assert.rejects(shell.page.goto(`${BROWSER_ORIGIN}/other.html`), /ERR_ABORTED/);
    assert.equal(shell.page.url(), ENTRY_URL);
    assert.equal(await shell.page.evaluate(async () => (await window.wxmVault!.appInfo(undefined as never)).ok), true);
  });

  it('closes every window.open at once: nothing opens, nothing loads', async () => {
    for (const url of ['https://example.com/', `${BROWSER_ORIGIN}/index.html`, 'about:blank']) {
      const state = await shell.page.evaluate(async (target) => {
        const w = window.open(target);
        for (let i = 0; i < 100 && w && !w.closed; i++) await new Promise((r) => setTimeout(r, 20));
        return w === null ? 'null' : w.closed ? 'closed' : 'open';
      }, url);
      assert.notEqual(state, 'open', url);
    }
    assert.deepEqual(
      shell.context.pages().map((p) => p.url()),
      [ENTRY_URL],
    );
  });

  it('denies permissions without asking, including reading the clipboard', async () => {
    const got = await shell.page.evaluate(async () => ({
      notifications: await Notification.requestPermission(),
      geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      clipboardRead: await navigator.clipboard.readText().then(
        () => 'read',
        (e: Error) => e.name,
      ),
    }));
    assert.deepEqual(got, { notifications: 'denied', geolocation: 'denied', clipboardRead: 'NotAllowedError' });
  });

  it("runs the browser with our flag list and nothing else: no distribution launcher's extensions or defaults", () => {
    const browsers = browserProcesses(shell.profileDir);
    assert.equal(browsers.length, 1, 'one browser process for the profile');
    const args = browsers[0]!.args.slice(1);
    const ours = words(
      chromiumArgs({
        profileDir: shell.profileDir,
        placeholderUrl: PLACEHOLDER_URL,
        runningAsRoot: process.getuid?.() === 0,
        platform: process.platform,
        lowSharedMemory: sharedMemoryIsLow(),
      }),
    );
    assert.deepEqual(
      args.filter((a) => !ours.includes(a) && !words(REVIEWED_EXTRA_ARGS).includes(a)),
      [],
      'arguments that are not ours',
    );
    assert.deepEqual(
      ours.filter((a) => !args.includes(a)),
      [],
      'our arguments that did not arrive',
    );
    assert.equal(args.filter((a) => !words(REVIEWED_EXTRA_ARGS).includes(a)).length, ours.length, 'each of ours once');
    for (const prefix of ['--load-extension', '--enable-remote-extensions', '--disable-extensions-except', '--show-component-extension-options']) {
      assert.ok(!args.some((a) => a.startsWith(prefix)), prefix);
    }
  });

  it('drives the browser over the DevTools pipe only: no debugging port, no automation flags', () => {
    const browsers = browserProcesses(shell.profileDir);
    assert.equal(browsers.length, 1, 'one browser process for the profile');
    const { pid, args } = browsers[0]!;
    assert.ok(args.includes('--remote-debugging-pipe'));
    assert.ok(!args.some((a) => a.startsWith('--remote-debugging-port') || a.startsWith('--remote-debugging-address')));
    for (const flag of [
      '--enable-automation',
      '--disable-popup-blocking',
      '--password-store=basic',
      '--enable-unsafe-swiftshader',
      '--disable-web-security',
    ]) {
      assert.ok(!args.includes(flag), flag);
    }
    assert.ok(args.includes('--disable-extensions'));
    const root = process.getuid?.() === 0;
    assert.equal(args.includes('--no-sandbox'), root, root ? '--no-sandbox only because we run as root' : 'sandbox on');
    assert.ok(!existsSync(join(shell.profileDir, 'DevToolsActivePort')), 'Chromium writes DevToolsActivePort only when it listens on a port');
    const listening = listeningSocketInodes();
    assert.deepEqual(
      socketInodesOf(pid).filter((inode) => listening.has(inode)),
      [],
      'the browser process listens on no TCP port',
    );
  });

  it('closes and refuses a browser that a launcher script started with flags of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-vault-launcher-'));
    // Like Debian's /usr/bin/chromium, a launcher this shell does not know: it puts flags before ours.
    const launcher = join(dir, 'chromium-launcher');
    writeFileSync(launcher, `#!/bin/sh\nexec '${browserBinary(BROWSER)}' --enable-remote-extensions --show-component-extension-options "$@"\n`, {
      mode: 0o755,
    });
    const otherData = join(dir, 'data');
    try {
      await assert.rejects(
        launchBrowserShell({
          browserPath: launcher,
          dataDir: otherData,
          keychainService: service,
          clipboard: createOsClipboard(),
          appVersion: '0.0.0-test',
        }),
        (error: unknown) => {
          assert.ok(error instanceof BrowserCommandLineError);
          assert.match(error.message, /did not give it \(--enable-remote-extensions --show-component-extension-options\)/);
          assert.match(error.message, /WXM_VAULT_BROWSER/);
          return true;
        },
      );
      assert.ok(!existsSync(join(otherData, LOCK_FILE)), 'the data folder is free again');
      assert.deepEqual(await waitUntilGone(`--user-data-dir=${join(otherData, 'browser-profile')}`), [], 'no browser process left');
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });

  it('refuses a second shell on the same data folder, before starting any browser', async () => {
    const before = processesWith(shell.profileDir).length;
    await assert.rejects(launch(dataDir), (error: unknown) => {
      assert.ok(error instanceof DataFolderLockedError);
      assert.match(error.message, /already running with this data folder/);
      return true;
    });
    assert.equal(processesWith(shell.profileDir).length, before);
    assert.ok(existsSync(join(dataDir, LOCK_FILE)), 'the first shell still holds its lock');
  });

  it('closing the window clears our clipboard value, ends the shell and releases the lock', async () => {
    const canary = `shell-canary-${randomUUID()}`;
    await shell.vault.clipboard.copy(canary, 30);
    assert.equal(await readX11Clipboard(), canary);
    await shell.page.close();
    assert.equal(await shell.ended, 'window-closed');
    assert.equal(await readX11Clipboard(), '');
    assert.ok(!existsSync(join(dataDir, LOCK_FILE)));
    assert.deepEqual(await waitUntilGone(`--user-data-dir=${shell.profileDir}`), [], 'no browser process left');
  });

  it('leaves a clipboard value that is no longer ours alone on close', async () => {
    const next = await launch(dataDir);
    try {
      await next.vault.clipboard.copy(`ours-${randomUUID()}`, 30);
      await writeX11Clipboard('the user copied this meanwhile');
      await next.page.close();
      assert.equal(await next.ended, 'window-closed');
      assert.equal(await readX11Clipboard(), 'the user copied this meanwhile');
    } finally {
      await next.close();
    }
  });
});
