import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';

/**
 * One yes/no per account (shown by the search, pinned as built), updated by
 * difference: a keystroke that changes the whole set wakes only the rows whose
 * flag changed, not all 1,000 rows reading one shared set.
 */
export class RowFlags {
  readonly #flags = new SvelteMap<string, boolean>();

  get(id: string): boolean {
    return this.#flags.get(id) ?? false;
  }

  /** Sets each account's flag to `on(id)`, writing only those that change; with `raiseOnly`, only those that turn on. */
  update(accounts: readonly { id: string }[], on: (id: string) => boolean, { raiseOnly = false } = {}): void {
    untrack(() => {
      for (const { id } of accounts) {
        const value = on(id);
        if (this.#flags.get(id) !== value && (value || !raiseOnly)) this.#flags.set(id, value);
      }
    });
  }
}
