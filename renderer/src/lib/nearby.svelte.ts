import { SvelteMap } from 'svelte/reactivity';

/**
 * Which rows are near the viewport. Per key, so a row scrolling in or out
 * re-renders that row only (a SvelteMap: its per-key signals are tracked even
 * when first read inside the row's own block, where a lazily made $state is not).
 * Rows never seen near are not stored, so the first look costs nothing.
 */
export class Nearby {
  readonly #near = new SvelteMap<string, boolean>();

  near(id: string): boolean {
    return this.#near.get(id) ?? false;
  }

  set(id: string, near: boolean): void {
    if (near || this.#near.has(id)) this.#near.set(id, near);
  }
}
