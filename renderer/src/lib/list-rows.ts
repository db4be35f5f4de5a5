/**
 * What the account list does to all of its rows at once, without a reactive
 * effect per row: at 1,000 accounts, per-row effects for "hidden by the search"
 * and "tell me when you come near the viewport" cost more than the rows' own
 * content. One pass over the DOM (a property write per row) replaces the first;
 * one shared IntersectionObserver, fed by a MutationObserver as rows come and
 * go, replaces the second.
 */
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { inBackgroundAfterPaint } from './background';
import { watchNear } from './on-screen';
import { ROW_SELECTOR } from './row-focus';

export interface ListRowsOptions {
  /** The accounts the search leaves showing, or null for all: read once per pass, not once per row. */
  matching: () => ReadonlySet<string> | null;
  /** A stand-in row came near the viewport, or left it. */
  onNear: (id: string, near: boolean) => void;
  /** How many showing rows, from the top, can be on screen now (all when unsure): these appear in the search's own frame. */
  reach: () => number;
}

/** Read with getAttribute: a pass reads it from every row, and `dataset` costs three times as much. */
const ID = 'data-account-id';

function isShown(row: HTMLElement, matching: ReadonlySet<string> | null): boolean {
  const id = row.getAttribute(ID);
  return matching === null || id === null || matching.has(id);
}

function filter(row: HTMLElement, matching: ReadonlySet<string> | null): void {
  const hidden = !isShown(row, matching);
  if (row.hidden !== hidden) row.hidden = hidden;
}

function rowsIn(node: Node): HTMLElement[] {
  if (!(node instanceof HTMLElement)) return [];
  return node.matches(ROW_SELECTOR) ? [node] : [...node.querySelectorAll<HTMLElement>(ROW_SELECTOR)];
}

export class ListRows {
  #root: HTMLElement | null = null;
  #mutations: MutationObserver | null = null;
  readonly #unwatch = new Map<HTMLElement, () => void>();
  /** Rows a search showed again beyond the screen, still hidden until the page is idle. */
  #pending: HTMLElement[] = [];

  constructor(private readonly options: ListRowsOptions) {}

  /**
   * On the list's root element: every row in it, now and later, is kept up to date. Untracked: the first pass reads
   * the search (matching), and an attachment re-runs on what it reads, so every keystroke would tear down and
   * re-watch every row.
   */
  readonly attach: Attachment<HTMLElement> = (root) => untrack(() => this.#attach(root));

  #attach(root: HTMLElement): () => void {
    this.#root = root;
    this.#mutations = new MutationObserver((records) => this.#take(records));
    this.#mutations.observe(root, { childList: true, subtree: true });
    for (const row of rowsIn(root)) this.#added(row);
    return () => {
      this.#mutations?.disconnect();
      for (const stop of this.#unwatch.values()) stop();
      this.#unwatch.clear();
      this.#root = null;
      this.#mutations = null;
    };
  }

  /**
   * After a search changed: one pass that shows and hides rows by writing `hidden`, nothing else. Rows it hides go
   * at once; rows it shows again appear at once only as far down as the screen reaches. Clearing a search shows
   * every account again, and a row below the screen costs its style and layout in that keystroke's frame for
   * nothing, so those stand-ins follow at background priority once the frame is painted.
   */
  refilter(): void {
    if (!this.#root) return;
    let reach = this.options.reach();
    const matching = this.options.matching();
    const later: HTMLElement[] = [];
    for (const row of rowsIn(this.#root)) {
      if (!isShown(row, matching)) row.hidden ||= true;
      else if (!row.hidden) reach--;
      // A built row is the Tab stop, the top match, focused or near: few, and each may get focus at once.
      else if (reach-- > 0 || !row.hasAttribute('data-placeholder')) row.hidden = false;
      else later.push(row);
    }
    const first = this.#pending.length === 0;
    this.#pending = later;
    if (first && later.length > 0) inBackgroundAfterPaint(() => this.revealPending());
  }

  /** Shows now the rows the last search left to show later: before a key moves to the last row, for one. */
  revealPending(): void {
    const pending = this.#pending;
    this.#pending = [];
    const matching = this.options.matching();
    for (const row of pending) if (row.isConnected) filter(row, matching);
  }

  /** Rows just built (synchronously, to be focused at once) get their state now, not at the next microtask. */
  sync(): void {
    if (this.#mutations) this.#take(this.#mutations.takeRecords());
  }

  #take(records: MutationRecord[]): void {
    for (const record of records) {
      for (const node of record.removedNodes) for (const row of rowsIn(node)) this.#removed(row);
      for (const node of record.addedNodes) for (const row of rowsIn(node)) this.#added(row);
    }
  }

  #added(row: HTMLElement): void {
    if (!row.isConnected) return;
    filter(row, this.options.matching());
    const id = row.getAttribute(ID);
    // Full rows watch themselves (their countdown ticks only on screen); stand-ins are watched here.
    if (id && row.hasAttribute('data-placeholder') && !this.#unwatch.has(row)) {
      this.#unwatch.set(
        row,
        watchNear(row, (near) => this.options.onNear(id, near)),
      );
    }
  }

  #removed(row: HTMLElement): void {
    if (row.isConnected) return;
    this.#unwatch.get(row)?.();
    this.#unwatch.delete(row);
  }
}
