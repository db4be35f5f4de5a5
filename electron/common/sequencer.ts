/**
 * Runs async work one piece at a time, in the order it was queued. The one
 * home for "wait for the previous write/login/keychain call, whatever it did":
 * a failure is handed to its own caller only and never stalls the work queued
 * behind it, so one bad write cannot wedge a store for the rest of the session.
 *
 * Work starts on a later microtask even when nothing is queued, so a caller's
 * synchronous code after `queue()` always runs before the work does.
 */
export class Sequencer {
  /** Settles when everything queued so far has; never rejects. */
  #tail: Promise<unknown> = Promise.resolve();

  queue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(
      () => work(),
      () => work(),
    );
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

/**
 * One `Sequencer` per key: work for the same key runs in order, work for
 * different keys runs side by side. A key is dropped once its last queued work
 * settles, so a long session touching many keys keeps no entry per key.
 */
export class SequencerByKey<K> {
  readonly #tails = new Map<K, Promise<unknown>>();

  queue<T>(key: K, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.then(
      () => work(),
      () => work(),
    );
    const tail = run.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      // Only the last work queued for the key may drop it: anything queued later must still find its predecessor.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return run;
  }

  /** How many keys have work queued or running (0 when idle). */
  get size(): number {
    return this.#tails.size;
  }
}
