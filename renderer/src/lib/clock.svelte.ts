import { createSubscriber } from 'svelte/reactivity';

/**
 * A shared clock that ticks once a second while anything on screen reads it.
 * One interval for the whole page, however many countdowns are showing; it
 * stops when nothing reads `now` any more.
 */
export class Clock {
  readonly #subscribe: () => void;

  constructor(intervalMs = 1000) {
    this.#subscribe = createSubscriber((update) => {
      const handle = setInterval(update, intervalMs);
      return () => clearInterval(handle);
    });
  }

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const clock = new Clock();
