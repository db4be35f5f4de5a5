import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClipboardGuard, type ClearReason, type Scheduler } from '../../electron/core/clipboard/clipboard-guard';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { VaultError } from '../../electron/core/errors';
import { readX11Clipboard, writeX11Clipboard, x11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

/** A clipboard in memory, for the timer logic; the real X11 clipboard is tested below. */
function memoryClipboard(): ClipboardPort & { text: string; writes: number } {
  const board = {
    text: '',
    writes: 0,
    readText: async () => board.text,
    writeText: async (text: string) => {
      board.writes++;
      board.text = text;
    },
    clear: async () => {
      board.text = '';
    },
  };
  return board;
}

/** A scheduler the test fires by hand. */
function manualScheduler() {
  let next = 1;
  const timers = new Map<number, { fn: () => void; ms: number }>();
  const scheduler: Scheduler = {
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  return {
    scheduler,
    pending: () => [...timers.values()].map((t) => t.ms),
    fireAll: () => {
      const due = [...timers.entries()];
      timers.clear();
      for (const [, t] of due) t.fn();
    },
  };
}

function setup(clipboard: ClipboardPort = memoryClipboard(), withScheduler = true) {
  const lines: string[] = [];
  const cleared: ClearReason[] = [];
  const manual = manualScheduler();
  let t = 1_000_000;
  const guard = new ClipboardGuard({
    clipboard,
    platform: 'linux',
    settings: { current: { clipboardHistory: false } },
    logger: createLogger(new Redactor(), [(l) => lines.push(l)]),
    now: () => t,
    onCleared: (reason) => cleared.push(reason),
    ...(withScheduler ? { scheduler: manual.scheduler } : {}),
  });
  return { guard, clipboard, lines, cleared, manual, advance: (ms: number) => (t += ms) };
}

/** Lets queued clipboard work (promise chains) finish. */
const settle = () => new Promise((r) => setImmediate(r));

describe('ClipboardGuard (timer logic)', () => {
  it('copies, reports when it will clear, and clears on the timer when the value is still ours', async () => {
    const { guard, clipboard, cleared, manual } = setup();
    const timing = await guard.copy('token-abc', 30);
    assert.deepEqual(timing, { copiedAt: 1_000_000, clearsAt: 1_030_000 });
    assert.equal((clipboard as ReturnType<typeof memoryClipboard>).text, 'token-abc');
    assert.deepEqual(manual.pending(), [30_000]);
    assert.equal(guard.holding, true);
    manual.fireAll();
    await settle();
    await settle();
    assert.equal(await clipboard.readText(), '');
    assert.deepEqual(cleared, ['timeout']);
    assert.equal(guard.holding, false);
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const { guard, clipboard, cleared, manual } = setup();
    await guard.copy('token-abc', 30);
    await clipboard.writeText('my own notes');
    manual.fireAll();
    await settle();
    await settle();
    assert.equal(await clipboard.readText(), 'my own notes');
    assert.deepEqual(cleared, []);
    assert.equal(guard.holding, false, 'forgets the value either way');
  });

  it('does not clear a value that only shares a prefix or the length with ours', async () => {
    const { guard, clipboard, manual } = setup();
    await guard.copy('token-abc', 5);
    await clipboard.writeText('token-abd');
    manual.fireAll();
    await settle();
    await settle();
    assert.equal(await clipboard.readText(), 'token-abd');
  });

  it('a new copy cancels the previous timer', async () => {
    const { guard, clipboard, cleared, manual } = setup();
    await guard.copy('first', 30);
    await guard.copy('second', 10);
    assert.deepEqual(manual.pending(), [10_000], 'only the second timer is armed');
    manual.fireAll();
    await settle();
    await settle();
    assert.equal(await clipboard.readText(), '');
    assert.deepEqual(cleared, ['timeout']);
  });

  it('with auto-clear off (0) arms no timer, but still clears on quit if the value is ours', async () => {
    const { guard, clipboard, cleared, manual } = setup();
    const timing = await guard.copy('token-abc', 0);
    assert.equal(timing.clearsAt, null);
    assert.deepEqual(manual.pending(), []);
    assert.equal(await guard.clearIfOurs('quit'), true);
    assert.equal(await clipboard.readText(), '');
    assert.deepEqual(cleared, ['quit']);
  });

  it('clearIfOurs does nothing when we copied nothing, or the value was replaced', async () => {
    const { guard, clipboard, cleared } = setup();
    await clipboard.writeText('unrelated');
    assert.equal(await guard.clearIfOurs('lock'), false);
    await guard.copy('token-abc', 30);
    await clipboard.writeText('unrelated');
    assert.equal(await guard.clearIfOurs('lock'), false);
    assert.equal(await clipboard.readText(), 'unrelated');
    assert.deepEqual(cleared, []);
  });

  it('a manual clear cancels the pending timer', async () => {
    const { guard, clipboard, cleared, manual } = setup();
    await guard.copy('token-abc', 30);
    assert.equal(await guard.clearIfOurs('manual'), true);
    assert.deepEqual(manual.pending(), []);
    assert.equal(await clipboard.readText(), '');
    assert.deepEqual(cleared, ['manual']);
  });

  it('a timer that fires while a new copy is being written cannot clear the new value', async () => {
    const board = memoryClipboard();
    let release!: () => void;
    const slow: ClipboardPort = {
      ...board,
      readText: board.readText,
      clear: board.clear,
      writeText: async (text) => {
        if (text === 'second') await new Promise<void>((r) => (release = r));
        await board.writeText(text);
      },
    };
    const { guard, cleared, manual } = setup(slow);
    await guard.copy('first', 30);
    const secondCopy = guard.copy('second', 30);
    // The second copy is queued but has not run yet, so the first timer is still armed: fire it now.
    manual.fireAll();
    await settle();
    release();
    await secondCopy;
    await settle();
    assert.equal(board.text, 'second');
    assert.deepEqual(cleared, []);
    assert.equal(guard.holding, true);
  });

  it('never logs the copied value', async () => {
    const { guard, lines, manual } = setup();
    await guard.copy('canary-secret-value-123', 30);
    manual.fireAll();
    await settle();
    await guard.clearIfOurs('quit');
    assert.ok(lines.length > 0);
    assert.ok(!lines.join('\n').includes('canary-secret-value-123'));
  });

  it('uses real timers by default and they do not keep the process alive', async () => {
    const board = memoryClipboard();
    const { guard, cleared } = setup(board, false);
    await guard.copy('token-abc', 1);
    await new Promise((r) => setTimeout(r, 1300));
    assert.equal(board.text, '');
    assert.deepEqual(cleared, ['timeout']);
  });
});

describe('ClipboardGuard on the real X11 clipboard (xclip)', { skip: needsLinux(X11_CLIPBOARD) }, () => {
  usePrivateDisplay();

  it('refuses a copy whose value was fetched before a lock, and leaves the clipboard alone', async () => {
    const { guard } = setup(x11Clipboard, false);
    await writeX11Clipboard('the user had this');
    const epoch = guard.epoch; // taken before fetching the secret, as the copy handler does
    await guard.clearIfOurs('lock'); // the vault locks meanwhile
    await assert.rejects(guard.copy('late-token', 30, epoch), (e: unknown) => e instanceof VaultError && e.code === 'interrupted');
    assert.equal(await readX11Clipboard(), 'the user had this');
    assert.equal(guard.holding, false);
  });

  it('a failed write keeps the previous value ours, so it is still cleared later', async () => {
    let failWrites = false;
    const flaky: ClipboardPort = {
      ...x11Clipboard,
      writeText: async (text) => {
        if (failWrites) throw new Error('clipboard owner went away');
        await x11Clipboard.writeText(text);
      },
    };
    const { guard, cleared } = setup(flaky, false);
    await guard.copy('first-token', 30);
    failWrites = true;
    await assert.rejects(guard.copy('second-token', 30));
    assert.equal(guard.holding, true, 'still tracking first-token');
    assert.equal(await guard.clearIfOurs('manual'), true);
    assert.equal(await readX11Clipboard(), '');
    assert.deepEqual(cleared, ['manual']);
  });

  it('copies to the X11 clipboard and clears it after the timeout', async () => {
    const { guard, cleared } = setup(x11Clipboard, false);
    await guard.copy('x11-token-1', 1);
    assert.equal(await readX11Clipboard(), 'x11-token-1');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await readX11Clipboard(), '');
    assert.deepEqual(cleared, ['timeout']);
  });

  it('keeps what the user copied with xclip after ours', async () => {
    const { guard, cleared } = setup(x11Clipboard, false);
    await guard.copy('x11-token-2', 1);
    await writeX11Clipboard('user text');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await readX11Clipboard(), 'user text');
    assert.deepEqual(cleared, []);
  });

  it('clears on quit (clearIfOurs) when auto-clear is off', async () => {
    const { guard } = setup(x11Clipboard, false);
    await guard.copy('x11-token-3', 0);
    assert.equal(await readX11Clipboard(), 'x11-token-3');
    assert.equal(await guard.clearIfOurs('quit'), true);
    assert.equal(await readX11Clipboard(), '');
  });
});
