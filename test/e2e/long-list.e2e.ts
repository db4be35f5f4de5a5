/**
 * A long list stays light: rows far from the viewport are stand-ins (name, user,
 * host) rather than full rows, yet every account is in the page for Find and the
 * accessibility tree, End reaches the last one, and scrolling builds rows as they
 * come near.
 */
import type { Page } from '@playwright/test';
import { accountRecord } from '../harness/account-record-fixture';
import { expect, test, type AppHarness } from '../harness/fixtures';
import { expectAccessible } from './axe';
import { row } from './ui-helpers';

const COUNT = 300;
const label = (i: number) => `Account ${String(i).padStart(4, '0')}`;

/** COUNT accounts straight into the store (as 300 adds would leave it); `station` spreads them over groups. */
async function storeLongList(harness: AppHarness, station?: (i: number) => string): Promise<void> {
  const store = harness.vault.accounts.store;
  await store.load();
  await store.mutate((all) => {
    for (let i = 0; i < COUNT; i++) {
      const record = accountRecord({ label: label(i), username: `user${i}@acme.test`, ...(station ? { station: station(i) } : {}) });
      all.set(record.id, record);
    }
  });
}

/** The long list stored, the page reloaded, and every account in the page. */
async function openLongList({ page, harness }: { page: Page; harness: AppHarness }, station?: (i: number) => string): Promise<void> {
  await storeLongList(harness, station);
  await page.reload();
  await expect(page.locator('li[data-account-id]')).toHaveCount(COUNT);
}

test('300 accounts: all in the page, few built, End and scrolling build the rows they reach', async ({ app }) => {
  const { page } = app;
  await openLongList(app);

  // Most rows are stand-ins; the first screen is built.
  const standIns = page.locator('li[data-placeholder]');
  expect(await standIns.count()).toBeGreaterThan(COUNT - 80);
  await expect(row(page, label(0)).locator('[data-action="copy-token"]')).toBeVisible();
  expect(await page.locator('[data-testid="account-list"] button').count()).toBeLessThan(3 * 80);
  // Find and screen readers still see the last account.
  await expect(row(page, label(COUNT - 1))).toHaveCount(1);
  await expect(row(page, label(COUNT - 1))).toContainText(`user${COUNT - 1}@acme.test`);
  await expectAccessible(page, 'a long list, mostly stand-ins');

  // End builds the last row and focuses its Copy token; Home comes back.
  await row(page, label(0)).locator('[data-action="copy-token"]').focus();
  await page.keyboard.press('End');
  const last = row(page, label(COUNT - 1));
  await expect(last.locator('[data-action="copy-token"]')).toBeFocused();
  await expect(last).toHaveAttribute('data-status', 'none');
  await expect(last.getByTestId('token-status')).toHaveText('No token');
  await page.keyboard.press('Home');
  await expect(row(page, label(0)).locator('[data-action="copy-token"]')).toBeFocused();

  // Scrolling to the middle builds what comes into view; the stand-ins there had the same height, so nothing jumped.
  const middle = row(page, label(150));
  const before = await middle.boundingBox();
  await middle.scrollIntoViewIfNeeded();
  await expect(middle.locator('[data-action="copy-token"]')).toBeVisible();
  const after = await middle.boundingBox();
  expect(after?.height).toBe(before?.height);
  // Rows far above are stand-ins again, except the one that still holds focus.
  await expect(row(page, label(60))).toHaveAttribute('data-placeholder', '');
  await expect(row(page, label(0)).locator('[data-action="copy-token"]')).toBeFocused();
});

test('the rows below the first screen fill in behind ordinary work: a busy page keeps its first screen until it is idle', async ({ app }) => {
  const { page, harness } = app;
  await storeLongList(harness);
  // From the moment the first rows are in: 150 ms of ordinary tasks back to back (as replies, timers and input
  // would come), each noting how many accounts are in the page. A fill that competes with them grows meanwhile.
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { __fillSeen: Promise<number[]> }).__fillSeen = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const count = () => document.querySelectorAll('li[data-account-id]').length;
        if (count() === 0) return;
        observer.disconnect();
        const until = performance.now() + 150;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          seen.push(count());
          if (performance.now() < until) channel.port2.postMessage(null);
          else resolve(seen);
        };
        channel.port2.postMessage(null);
      });
      observer.observe(document, { childList: true, subtree: true });
    });
  });
  await page.reload();
  const seen = await page.evaluate(() => (window as unknown as { __fillSeen: Promise<number[]> }).__fillSeen);
  expect(seen.length).toBeGreaterThan(10);
  expect(seen[0]).toBeLessThan(COUNT);
  expect([...new Set(seen)], `accounts in the page while the page was busy, over ${seen.length} tasks`).toEqual([seen[0]]);
  // Once the page is idle, the rest comes.
  await expect(page.locator('li[data-account-id]')).toHaveCount(COUNT);
});

test('a keystroke in the search tears down no built row in its frame; rows it no longer needs go back to stand-ins after', async ({ app }) => {
  const { page } = app;
  await openLongList(app, (i) => ['uswest', 'eu', 'au'][i % 3]!);
  const search = page.getByTestId('search');
  const built = 'li[data-account-id]:not([data-placeholder])';
  await page.waitForTimeout(200);
  const builtAtFirst = await page.locator(built).count();

  /** Full rows removed from the page between the next input event and the frame after it. */
  const tornInFrame = () =>
    page.evaluate(
      (selector) =>
        new Promise<number>((resolve) => {
          let torn = 0;
          const count = (records: MutationRecord[]) => {
            for (const record of records)
              for (const node of Array.from(record.removedNodes)) if (node instanceof HTMLElement && node.matches(selector)) torn++;
          };
          const observer = new MutationObserver(count);
          addEventListener(
            'input',
            () => {
              observer.observe(document.getElementById('account-list')!, { childList: true, subtree: true });
              requestAnimationFrame(() => {
                count(observer.takeRecords());
                observer.disconnect();
                resolve(torn);
              });
            },
            { capture: true, once: true },
          );
        }),
      built,
    );

  for (const [from, key] of [
    ['account 01', '5'],
    ['account 1', '2'],
  ] as const) {
    await search.fill(from);
    await expect(page.locator(`${built}:not([hidden])`).first()).toBeVisible();
    await page.waitForTimeout(100);
    const narrowing = tornInFrame();
    await search.press(key);
    expect(await narrowing, `rows torn down typing "${key}" after "${from}"`).toBe(0);
    await page.waitForTimeout(100);
    const clearing = tornInFrame();
    await search.fill('');
    expect(await clearing, `rows torn down clearing "${from}${key}"`).toBe(0);
  }
  // Idle, the rows the searches built and nobody needs any more are stand-ins again.
  await expect.poll(() => page.locator(built).count()).toBeLessThanOrEqual(builtAtFirst);
});

test('clearing a search shows the rows on screen in its own frame and the rest once idle; End reaches the last account at once', async ({ app }) => {
  const { page } = app;
  await openLongList(app);
  const search = page.getByTestId('search');
  const showing = page.locator('li[data-account-id]:not([hidden])');

  for (const pressEnd of [false, true]) {
    if (!pressEnd) {
      // The row used last stays built while the search hides it, and it is the list's Tab stop again after.
      await row(page, label(200)).scrollIntoViewIfNeeded();
      await row(page, label(200)).locator('[data-action="copy-token"]').focus();
    }
    await search.fill('account 015');
    await expect(showing).toHaveCount(11); // 0015 and 0150–0159: the last account is not among them
    await page.evaluate(() => scrollTo(0, 0));
    await expect.poll(() => page.evaluate(() => scrollY)).toBe(0);

    // The frame after the clearing input: what shows, whether it fills the screen, and (second time) where End lands.
    const frame = page.evaluate(
      (pressEnd) =>
        new Promise<{ showing: number; lastBottom: number; screen: number; builtWaiting: number; endOn: string | null }>((resolve) => {
          addEventListener(
            'input',
            () =>
              requestAnimationFrame(() => {
                const all = Array.from(document.querySelectorAll<HTMLElement>('li[data-account-id]'));
                const shown = all.filter((row) => !row.hidden);
                // The rows from the top down to the first one still hidden: those must reach below the screen.
                const fromTop = all.slice(
                  0,
                  all.findIndex((row) => row.hidden),
                );
                const result = {
                  showing: shown.length,
                  lastBottom: fromTop.at(-1)?.getBoundingClientRect().bottom ?? 0,
                  screen: innerHeight,
                  builtWaiting: document.querySelectorAll('li[data-account-id]:not([data-placeholder])[hidden]').length,
                  endOn: null as string | null,
                };
                if (pressEnd) {
                  const copy = shown[0]!.querySelector<HTMLElement>('[data-action="copy-token"]')!;
                  copy.focus();
                  copy.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, cancelable: true }));
                  result.endOn = document.activeElement?.closest<HTMLElement>('li[data-account-id]')?.querySelector('.label')?.textContent ?? null;
                }
                resolve(result);
              }),
            { capture: true, once: true },
          );
        }),
      pressEnd,
    );
    await search.fill('');
    const seen = await frame;
    if (pressEnd) {
      expect(seen.endOn, 'End in the clearing frame').toBe(label(COUNT - 1));
    } else {
      expect(seen.showing, 'rows showing in the clearing frame').toBeLessThan(COUNT / 2);
      expect(seen.lastBottom, 'the rows showing from the top fill the screen').toBeGreaterThan(seen.screen);
      // 0200, far down, is built and the Tab stop: Tab must reach it at once.
      expect(seen.builtWaiting, 'built rows still hidden in the clearing frame').toBe(0);
      await expect(row(page, label(200))).not.toHaveAttribute('data-placeholder');
    }
    await expect(showing).toHaveCount(COUNT);
  }
});

test('clearing a search while scrolled down shows the rows in view in its own frame, with none missing between them', async ({ app }) => {
  const { page } = app;
  await openLongList(app);
  const search = page.getByTestId('search');
  await search.fill('account 1');
  await expect.poll(() => page.locator('li[data-account-id]:not([hidden])').count()).toBeLessThan(COUNT / 2);
  await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(1000);

  const frame = page.evaluate(
    () =>
      new Promise<{ inView: number; missing: number; lastBottom: number; last: boolean }>((resolve) => {
        addEventListener(
          'input',
          () =>
            requestAnimationFrame(() => {
              const all = Array.from(document.querySelectorAll<HTMLElement>('li[data-account-id]'));
              const inView = all.flatMap((row, i) => {
                const box = row.getBoundingClientRect();
                return box.height > 0 && box.bottom > 0 && box.top < innerHeight ? [i] : [];
              });
              const [first, last] = [inView[0]!, inView.at(-1)!];
              resolve({
                inView: inView.length,
                missing: all.slice(first, last + 1).filter((row) => row.hidden).length,
                lastBottom: all[last]!.getBoundingClientRect().bottom,
                last: last === all.length - 1,
              });
            }),
          { capture: true, once: true },
        );
      }),
  );
  await search.fill('');
  const seen = await frame;
  expect(seen.inView).toBeGreaterThan(5);
  expect(seen.missing, 'rows still hidden between the rows in view').toBe(0);
  expect(seen.last || seen.lastBottom >= (await page.evaluate(() => innerHeight)), 'the rows in view fill the screen').toBe(true);
});

test('a keystroke in the search keeps the list’s watchers: no row is unwatched and watched again', async ({ app }) => {
  const { page } = app;
  await page.addInitScript(() => {
    const counts = { list: 0, rows: 0 };
    (window as unknown as { __watches: typeof counts }).__watches = counts;
    const watchList = MutationObserver.prototype.observe;
    MutationObserver.prototype.observe = function (target, options) {
      if (target instanceof HTMLElement && target.id === 'account-list') counts.list++;
      return watchList.call(this, target, options);
    };
    const watchRow = IntersectionObserver.prototype.observe;
    IntersectionObserver.prototype.observe = function (target) {
      counts.rows++;
      return watchRow.call(this, target);
    };
  });
  await openLongList(app);
  await page.waitForTimeout(300);
  const watches = () => page.evaluate(() => ({ ...(window as unknown as { __watches: { list: number; rows: number } }).__watches }));
  const before = await watches();
  expect(before.list).toBe(1);
  const search = page.getByTestId('search');
  await search.fill('account 02');
  await expect.poll(() => page.locator('li[data-account-id]:not([hidden])').count()).toBeLessThan(COUNT / 2);
  await search.fill('');
  await expect(page.locator('li[data-account-id]:not([hidden])')).toHaveCount(COUNT);
  const after = await watches();
  expect(after.list, 'the list’s MutationObserver was set up again').toBe(1);
  // Only rows the searches built or turned back into stand-ins are watched anew; before, every row was, each key.
  expect(after.rows - before.rows, 'rows watched again after two keystrokes').toBeLessThan(COUNT / 2);
});
