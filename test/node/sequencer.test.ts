import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sequencer, SequencerByKey } from '../../electron/common/sequencer';

/** A promise the test settles by hand, to hold work open while more is queued. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Sequencer', () => {
  it('runs work in the order it was queued, the next only after the previous settled', async () => {
    const seq = new Sequencer();
    const log: string[] = [];
    const first = gate();
    const a = seq.queue(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'a';
    });
    const b = seq.queue(async () => {
      log.push('b');
      return 'b';
    });
    await settle();
    assert.deepEqual(log, ['a start'], 'b waits while a is running');
    first.open();
    assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
    assert.deepEqual(log, ['a start', 'a end', 'b']);
  });

  it('hands a failure to its own caller only and keeps running what was queued behind it', async () => {
    const seq = new Sequencer();
    const failing = seq.queue(async () => {
      throw new Error('disk full');
    });
    const throwingSync = seq.queue(() => {
      throw new Error('thrown before any await');
    });
    const after = seq.queue(async () => 42);
    await assert.rejects(failing, /disk full/);
    await assert.rejects(throwingSync, /thrown before any await/);
    assert.equal(await after, 42);
  });

  it('never starts work synchronously inside queue()', async () => {
    const seq = new Sequencer();
    let ran = false;
    const p = seq.queue(async () => {
      ran = true;
    });
    assert.equal(ran, false);
    await p;
    assert.equal(ran, true);
  });
});

describe('SequencerByKey', () => {
  it('runs work for one key in order', async () => {
    const seq = new SequencerByKey<string>();
    const log: number[] = [];
    const hold = gate();
    const runs = [1, 2, 3].map((n) =>
      seq.queue('acct', async () => {
        if (n === 1) await hold.promise;
        log.push(n);
      }),
    );
    await settle();
    assert.deepEqual(log, []);
    hold.open();
    await Promise.all(runs);
    assert.deepEqual(log, [1, 2, 3]);
  });

  it('lets different keys run side by side: a stuck key does not hold up another', async () => {
    const seq = new SequencerByKey<string>();
    const stuck = gate();
    const a = seq.queue('a', () => stuck.promise.then(() => 'a'));
    assert.equal(await seq.queue('b', async () => 'b'), 'b');
    stuck.open();
    assert.equal(await a, 'a');
  });

  it('keeps a key running after one of its works fails', async () => {
    const seq = new SequencerByKey<string>();
    const failing = seq.queue('a', async () => {
      throw new Error('refused');
    });
    const next = seq.queue('a', async () => 'next');
    await assert.rejects(failing, /refused/);
    assert.equal(await next, 'next');
  });

  it('forgets a key once its work is done, so the map does not grow with every account ever touched', async () => {
    const seq = new SequencerByKey<number>();
    const hold = gate();
    const held = seq.queue(0, () => hold.promise);
    await Promise.all(Array.from({ length: 100 }, (_, i) => seq.queue(i + 1, async () => i)));
    await Promise.all(Array.from({ length: 10 }, (_, i) => seq.queue(i + 1, () => Promise.reject(new Error('x'))).catch(() => {})));
    await settle();
    assert.equal(seq.size, 1, 'only the key with work still running is kept');
    hold.open();
    await held;
    await settle();
    assert.equal(seq.size, 0);
  });

  it('keeps a key while later work is queued behind work that just finished', async () => {
    const seq = new SequencerByKey<string>();
    const first = gate();
    const second = gate();
    const log: string[] = [];
    const a = seq.queue('k', async () => {
      await first.promise;
      log.push('a');
    });
    const b = seq.queue('k', async () => {
      await second.promise;
      log.push('b');
    });
    first.open();
    await a;
    await settle();
    assert.equal(seq.size, 1, 'b is still queued under the key');
    const c = seq.queue('k', async () => void log.push('c'));
    await settle();
    assert.deepEqual(log, ['a'], 'c waits for b, not only for a');
    second.open();
    await Promise.all([b, c]);
    assert.deepEqual(log, ['a', 'b', 'c']);
  });
});
