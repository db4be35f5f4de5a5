/**
 * Renderer benchmarks at 1,000 accounts in the product's browser shell
 * (launchBrowserShell: its Debian Chromium window, the real core and dispatcher)
 * with the WXM sandbox on loopback, measured
 * as in ../shared/research/review-2026-11.md §3 (medians of 5):
 *
 * - listPaintMs: the `accounts:list` reply reaching the page (the page bridge's
 *   User Timing mark) → the list painted (the frame after its first rows are in the DOM:
 *   the first screen and a margin; the rest follow a chunk per background task, after this probe's own timer). listCompleteMs, beside
 *   it: → the frame after every account is in the page.
 * - idleMsPerSec12h / idleMsPerSec30m: main-thread script + layout + style time
 *   per second while idle with every token ticking (CDP Performance metrics over 10 s).
 * - copyPaintMs: a click on "Copy token" → its confirmation painted, minus the
 *   copy request's round trip, which is clipboardWriteMs (main's work).
 * - searchPaintMs: the worse of a narrowing keystroke and clearing the search → painted: for clearing, the frame
 *   after the rows from the top show again past the bottom of the screen (rows below it follow once the page is
 *   idle); searchClearCompleteMs, beside it: → the frame after every account shows again.
 * - firstPaintMs (first contentful paint) and heapMiB (after a forced GC).
 *
 * Secrets for the 1,000 accounts live in memory here: the Secret Service slows
 * down badly with thousands of items, and this measures the page, not the keychain.
 * Prints figures beside their targets; asserts nothing about speed.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from '@playwright/test';
import { ENTRY_URL } from '../electron/browser/browser-policy';
import { launchBrowserShell } from '../electron/browser/launch';
import type { KeychainStatus } from '../electron/common/ipc-contract';
import { secretBinding, secretKey } from '../electron/core/accounts/account-record';
import type { ClipboardPort } from '../electron/core/clipboard/clipboard-port';
import type { SecretStore } from '../electron/core/keychain/secrets';
import { startWxmServer } from '../electron/sandbox/wxm-sandbox';
import { accountRecord } from '../test/harness/account-record-fixture';
import { figure, median, saveFigures } from './figures';

const root = fileURLToPath(new URL('../', import.meta.url));
const rendererDir = join(root, 'dist/renderer');
/** `BENCH_SMOKE=1` (part of `npm test`): the same code paths at a size that takes seconds, so no benchmark rots. */
const SMOKE = process.env.BENCH_SMOKE === '1';
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? (SMOKE ? 20 : 1000));
const RUNS = SMOKE ? 1 : 5;
const IDLE_MS = SMOKE ? 1000 : 10_000;
const STATIONS = ['uswest', 'useast', 'euwest', 'apsoutheast', 'in', 'ca', 'au', 'sg'];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

if (!existsSync(join(rendererDir, 'index.html'))) {
  console.log('(building first: dist/ is missing)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}

// ---- bundle sizes (for the record) ----------------------------------------------------

const assets = join(rendererDir, 'assets');
for (const file of readdirSync(assets).sort()) {
  if (!/\.(js|css)$/.test(file)) continue;
  const raw = statSync(join(assets, file)).size;
  console.log(`bundle ${file}: ${kb(raw)} raw, ${kb(gzipSync(readFileSync(join(assets, file)), { level: 9 }).length)} gzip`);
}

// ---- a vault with 1,000 logged-in accounts ------------------------------------------------

/** The bench's stand-in for the keychain (see the header). */
class MemorySecrets implements SecretStore {
  readonly #map = new Map<string, string>();
  async get(key: string) {
    return this.#map.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.#map.set(key, value);
  }
  async delete(key: string) {
    return this.#map.delete(key);
  }
  async keys() {
    return [...this.#map.keys()];
  }
  async status(): Promise<KeychainStatus> {
    return { available: true, backend: 'in-memory (bench)', message: null };
  }
}

const noClipboard: ClipboardPort = { readText: async () => '', writeText: async () => {}, clear: async () => {} };
const wxm = await startWxmServer({ users: [{ username: 'bench@acme.test', password: `bench-${randomUUID()}` }] });
const password = wxm.user('bench@acme.test')!.password;
const dataDir = mkdtempSync(join(tmpdir(), 'wxm-renderer-bench-'));
const secrets = new MemorySecrets();
/** Every bridge request main answered, on this process's clock (epoch ms, the page's clock too). */
const calls: { channel: string; askedAt: number; replied: number }[] = [];
// The shell as `npm start` runs it (a headed window: scripts/bench.sh provides Xvfb where no display exists).
const shell = await launchBrowserShell({
  browserPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  dataDir,
  keychainService: 'wxm-vault-bench',
  secretStore: secrets,
  clipboard: noClipboard,
  appVersion: '0.0.0-bench',
  desktopLock: null,
  onReply: ({ channel, askedAt }) => calls.push({ channel: String(channel), askedAt, replied: Date.now() }),
});
const vault = shell.vault;
// Parked off our origin while the accounts are set up, so the 1,000 logins' change events
// (each reloads the list in the page) are not sent to a page nobody measures yet.
await shell.page.goto('about:blank');
const lastCall = (channel: string) => calls.filter((c) => c.channel === channel).at(-1)!;

/** Records straight into the store (one keychain entry each, as an add would), then one real login each. */
async function seed(): Promise<string[]> {
  const ids: string[] = [];
  await vault.accounts.store.load();
  await vault.accounts.store.mutate((all) => {
    for (let i = 0; i < ACCOUNTS; i++) {
      const record = accountRecord({
        label: `Account ${String(i).padStart(4, '0')}`,
        username: 'bench@acme.test',
        baseUrl: wxm.baseUrl,
        station: STATIONS[i % STATIONS.length]!,
        email: `user${i}@acme.test`,
        role: 'User',
      });
      ids.push(record.id);
      all.set(record.id, record);
    }
  });
  for (const id of ids) {
    await secrets.set(secretKey.password(id), password);
    await secrets.set(secretKey.binding(id), secretBinding('bench@acme.test', wxm.baseUrl));
  }
  return ids;
}

async function logInAll(ids: readonly string[]): Promise<void> {
  await vault.accounts.forgetTokens();
  for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map((id) => vault.accounts.accessToken(id)));
}

// ---- in-page probes ---------------------------------------------------------------------

/**
 * Runs before the page's own scripts: `__painted(fn)` resolves with the time (epoch ms, comparable
 * with main's reply times) of the frame after `fn` is first true. `__listShown` watches from the
 * document's start, so a list that arrives before the bench asks is still timed from its reply:
 * it resolves with the latest accounts:list reply's arrival (the page bridge's mark) when every row
 * is in, and the frame after.
 */
const PROBES = `
(() => {
  const after = (resolve, value) => requestAnimationFrame(() => setTimeout(() => resolve(value(performance.timeOrigin + performance.now()))));
  window.__painted = (ready) =>
    new Promise((resolve) => {
      if (ready()) return after(resolve, (t) => t);
      const observer = new MutationObserver(() => {
        if (!ready()) return;
        observer.disconnect();
        after(resolve, (t) => t);
      });
      observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    });
  // The first frame whose content is right: ready() is asked in each frame just before it is painted (it may read
  // layout, which is due then anyway), so a state that only holds between frames never counts.
  window.__framePainted = (ready) =>
    new Promise((resolve) => {
      const frame = () => requestAnimationFrame(() => (ready() ? setTimeout(() => resolve(performance.timeOrigin + performance.now())) : frame()));
      frame();
    });
  // The list painted: the frame after its first rows are in (what the user sees; a long list adds the rows below
  // the first screen a chunk per background task after that), and, for the record, the frame after every account is in the page.
  window.__listShown = new Promise((resolve) => {
    let painted = null;
    const observer = new MutationObserver(() => {
      const n = document.querySelectorAll('li[data-account-id]').length;
      if (n > 0 && painted === null) {
        painted = new Promise((p) => after(p, (t) => t));
      }
      if (n < ${ACCOUNTS}) return;
      observer.disconnect();
      const mark = performance.getEntriesByName('wxm-vault:reply:accounts:list').at(-1);
      const arrived = mark ? performance.timeOrigin + mark.startTime : NaN;
      after(resolve, (complete) => painted.then((first) => ({ arrived, painted: first, complete })));
    });
    observer.observe(document, { childList: true, subtree: true });
  });
})();
`;

interface ProbeWindow {
  __painted(ready: () => boolean): Promise<number>;
  __framePainted(ready: () => boolean): Promise<number>;
  __listShown: Promise<{ arrived: number; painted: number; complete: number }>;
}

/** The shell's one window, with the paint probe and a CDP session for the metrics. */
async function openPage(): Promise<{ page: Page; cdp: CDPSession }> {
  const page = shell.page;
  await page.addInitScript({ content: PROBES });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/**
 * Navigates and waits for every row: the list reply reaching the page (the page bridge's mark) → the frame after
 * the last row is in, and first contentful paint. The reply's trip from main to the page is reported apart.
 */
async function loadList(page: Page): Promise<{ listPaint: number; listComplete: number; firstPaint: number }> {
  await page.goto(ENTRY_URL);
  const { painted, arrived, complete, firstPaint } = await page.evaluate(async () => {
    const { arrived, painted, complete } = await (window as unknown as ProbeWindow).__listShown;
    // The paint entry can land a frame after the list; wait for it (inline callbacks only: see searchOnce).
    const fcp = await new Promise<number>((resolve) => {
      new PerformanceObserver((list) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) resolve(entry.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(NaN), 3000);
    });
    return { painted, arrived, complete, firstPaint: fcp };
  });
  if (Number.isNaN(arrived)) throw new Error('the page bridge marked no accounts:list reply');
  transports.push(Math.max(0, arrived - lastCall('accounts:list').replied));
  return { listPaint: painted - arrived, listComplete: complete - arrived, firstPaint };
}
/** main's reply → the page bridge's mark for it, for the record (two clocks of one machine). */
const transports: number[] = [];

/** Main-thread script + layout + style time per second over IDLE_MS of doing nothing. */
async function idleMsPerSec(page: Page, cdp: CDPSession): Promise<number> {
  const busy = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return get('ScriptDuration') + get('LayoutDuration') + get('RecalcStyleDuration');
  };
  const before = await busy();
  await page.waitForTimeout(IDLE_MS);
  return (((await busy()) - before) * 1000) / (IDLE_MS / 1000);
}

/** A click on row `i`'s Copy token → its confirmation painted; the copy request's round trip reported apart. */
async function copyOnce(page: Page, i: number): Promise<{ paint: number; write: number }> {
  const before = calls.length;
  const label = `Account ${String(i).padStart(4, '0')}`;
  const button = page.locator('li[data-account-id]', { has: page.locator('.label', { hasText: label }) }).locator('[data-action="copy-token"]');
  await button.scrollIntoViewIfNeeded();
  const result = page.evaluate((want) => {
    const w = window as unknown as ProbeWindow;
    return new Promise<{ clicked: number; painted: number }>((resolve) => {
      window.addEventListener(
        'click',
        (event) => {
          const clicked = performance.timeOrigin + event.timeStamp;
          void w
            .__painted(() => (document.querySelector('[data-testid="copy-countdown"]')?.textContent ?? '').includes(`${want} copied`))
            .then((painted) => resolve({ clicked, painted }));
        },
        { capture: true, once: true },
      );
    });
  }, label);
  result.catch(() => {});
  await page.waitForTimeout(50);
  await button.click();
  const { clicked, painted } = await result;
  const copy = calls.slice(before).find((c) => c.channel === 'clipboard:copy')!;
  // Main's part of the copy (its clipboard write), as main saw the request: reported apart, not in the paint figure.
  const write = copy.replied - copy.askedAt;
  return { paint: painted - clicked - write, write };
}

/**
 * One input event in the search box (typing a key, or clearing it) → the frame after the list shows [min, max] rows
 * (`complete`), and the first frame in which what is in view is right (`painted`): no row missing from the first row
 * in view to the bottom of the screen. A search that shows rows again shows those below the screen once the page is idle.
 */
async function searchOnce(page: Page, act: () => Promise<void>, range: { min: number; max: number }): Promise<{ painted: number; complete: number }> {
  const result = page.evaluate(({ min, max }) => {
    const w = window as unknown as ProbeWindow;
    return new Promise<{ painted: number; complete: number }>((resolve) => {
      window.addEventListener(
        'input',
        (event) => {
          const typed = performance.timeOrigin + event.timeStamp;
          // Inline callbacks only, never one held in a const: tsx would name it with a helper the page does not have.
          const SHOWN = 'li[data-account-id]:not([hidden])';
          void Promise.all([
            w.__framePainted(() => {
              const all = Array.from(document.querySelectorAll<HTMLElement>('li[data-account-id]'));
              const n = all.filter((row) => !row.hidden).length;
              if (n >= min && n <= max) return true;
              const inView = all.flatMap((row, i) => {
                const box = row.getBoundingClientRect();
                return box.height > 0 && box.bottom > 0 && box.top < innerHeight ? [i] : [];
              });
              if (inView.length === 0) return false;
              const [first, last] = [inView[0]!, inView.at(-1)!];
              const reachesBottom = last === all.length - 1 || all[last]!.getBoundingClientRect().bottom >= innerHeight;
              return reachesBottom && all.slice(first, last + 1).every((row) => !row.hidden) && all.slice(0, first).every((row) => !row.hidden);
            }),
            w.__painted(() => {
              const n = document.querySelectorAll(SHOWN).length;
              return n >= min && n <= max;
            }),
          ]).then(([painted, done]) => resolve({ painted: painted - typed, complete: done - typed }));
        },
        { capture: true, once: true },
      );
    });
  }, range);
  // Reported by the act below if that fails first, not as an unhandled rejection once the browser closes.
  result.catch(() => {});
  await page.waitForTimeout(50);
  await act();
  return result;
}

try {
  const t0 = performance.now();
  const ids = await seed();
  await logInAll(ids);
  console.log(`setup: ${ACCOUNTS} accounts stored and logged in (12-hour tokens) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(
    `figures at ${ACCOUNTS} accounts, the browser shell's Chromium window, median of ${RUNS}${SMOKE ? ' (smoke size: targets are for 1,000)' : ''}:`,
  );

  const { page, cdp } = await openPage();
  const lists: number[] = [];
  const completes: number[] = [];
  const firsts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { listPaint, listComplete, firstPaint } = await loadList(page);
    lists.push(listPaint);
    completes.push(listComplete);
    firsts.push(firstPaint);
  }
  figure(
    'listPaintMs',
    median(lists),
    'ms',
    80,
    `runs ${lists.map((x) => x.toFixed(0)).join(', ')}; from the reply reaching the page (its trip from main: ${median(transports).toFixed(0)} ms, not counted)`,
  );
  figure(
    'listCompleteMs',
    median(completes),
    'ms',
    undefined,
    `runs ${completes.map((x) => x.toFixed(0)).join(', ')}; the frame after every account is in the page (rows below the first screen come a chunk per background task)`,
  );
  figure('firstPaintMs', median(firsts), 'ms', undefined, 'navigation → first contentful paint');

  const idle12: number[] = [];
  for (let run = 0; run < RUNS; run++) idle12.push(await idleMsPerSec(page, cdp));
  figure('idleMsPerSec12h', median(idle12), 'ms/s', 2, `runs ${idle12.map((x) => x.toFixed(2)).join(', ')}`);

  const narrow: number[] = [];
  const clear: number[] = [];
  const clearAll: number[] = [];
  const search = page.getByTestId('search');
  for (let run = 0; run < RUNS; run++) {
    await search.fill('account 01');
    await page.waitForTimeout(100);
    narrow.push((await searchOnce(page, () => page.keyboard.type('5'), { min: 1, max: 20 })).complete);
    const cleared = await searchOnce(page, () => search.fill(''), { min: ACCOUNTS, max: ACCOUNTS });
    clear.push(cleared.painted);
    clearAll.push(cleared.complete);
  }
  figure(
    'searchPaintMs',
    Math.max(median(narrow), median(clear)),
    'ms',
    30,
    `narrowing key ${median(narrow).toFixed(1)} ms, clearing ${median(clear).toFixed(1)} ms (runs ${clear.map((x) => x.toFixed(0)).join(', ')})`,
  );
  figure(
    'searchClearCompleteMs',
    median(clearAll),
    'ms',
    undefined,
    `runs ${clearAll.map((x) => x.toFixed(0)).join(', ')}; clearing → the frame after every account shows again (rows below the screen come when the page is idle)`,
  );

  const copies: { paint: number; write: number }[] = [];
  for (let run = 0; run < RUNS; run++) copies.push(await copyOnce(page, 1 + run));
  figure('copyPaintMs', median(copies.map((c) => c.paint)), 'ms', 30, 'click → confirmation painted, the copy request excluded');
  figure(
    'clipboardWriteMs',
    median(copies.map((c) => c.write)),
    'ms',
    undefined,
    'the copy request as the page sees it (main, no-op clipboard here)',
  );

  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  figure('heapMiB', heap.usedSize / 1024 / 1024, 'MiB', undefined, 'JS heap after GC, list shown');
  const counts = await page.evaluate(() => ({
    elements: document.querySelectorAll('*').length,
    buttons: document.querySelectorAll('button').length,
  }));
  console.log(`  (DOM: ${counts.elements} elements, ${counts.buttons} buttons)`);

  // 30-minute tokens: every row's countdown shows seconds, so the visible ones change every tick.
  wxm.options.tokenLifetimeSeconds = 1800;
  await logInAll(ids);
  await loadList(page);
  const idle30: number[] = [];
  for (let run = 0; run < RUNS; run++) idle30.push(await idleMsPerSec(page, cdp));
  figure('idleMsPerSec30m', median(idle30), 'ms/s', 8, `runs ${idle30.map((x) => x.toFixed(2)).join(', ')}`);
  saveFigures();
} finally {
  await shell.close();
  rmSync(dataDir, { recursive: true, force: true });
  await wxm.close();
}
