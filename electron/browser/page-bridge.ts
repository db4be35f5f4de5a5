/**
 * Runs in the app page before any of its scripts (an init script of the
 * browser shell), bundled to dist/browser/page-bridge.js. Builds
 * `window.wxmVault` with the same createBridge the Electron preload uses; only
 * the transport differs: requests go through the shell's DevTools binding
 * (page-binding.ts), which tells the shell which frame called so the core
 * dispatcher can check it, and replies and events come back through two
 * functions the shell calls.
 *
 * The page has no isolated world here (unlike the preload), so the bindings are
 * taken off `window` once captured: page code gets the named bridge functions,
 * nothing that takes a channel name (and no Playwright binding globals: the
 * shell does not use Playwright's exposeBinding). The reply and event
 * functions stay (the shell must reach them by name); a page calling them only
 * misinforms itself: a reply settles only a call the page itself made, and
 * events carry no secret and ask main for nothing.
 */
import { createBridge } from '../common/bridge';
import type { ChannelName, EventName } from '../common/ipc-contract';
import { ACTIVITY_BINDING, ACTIVITY_REPORT_MS, EMIT_FUNCTION, INVOKE_BINDING, REPLY_FUNCTION } from './browser-policy';

type Listener = (payload: unknown) => void;
/** A DevTools binding: hands one string to the shell, answers nothing. */
type Send = (message: string) => void;

const w = window as unknown as Record<string, unknown>;

/** Takes a binding off `window` once captured, so page code cannot call it by name. */
function take<T>(name: string): T | undefined {
  const value = w[name] as T | undefined;
  try {
    delete w[name];
  } catch {
    // Should the browser ever make it non-configurable: the shell's sender checks still stand.
  }
  return value;
}

const send = take<Send>(INVOKE_BINDING);
const activity = take<Send>(ACTIVITY_BINDING);
// Captured before page scripts run: a page script that replaces JSON's functions does not change how the
// bridge's messages are written and read.
const stringify = JSON.stringify;
const parse = JSON.parse;

// The idle lock's fallback when the OS gives no idle time: input in this window. Only that
// an event happened is reported, never which key or where.
if (activity) {
  let last = 0;
  const report = (event: Event) => {
    // Only the user's own input: an event a script dispatched is not the user being there.
    if (!event.isTrusted) return;
    const now = Date.now();
    if (now - last < ACTIVITY_REPORT_MS) return;
    last = now;
    activity('');
  };
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart']) {
    window.addEventListener(type, report, { capture: true, passive: true });
  }
}

const listeners = new Map<EventName, Set<Listener>>();

/** Calls waiting for the shell's reply, by the id the shell echoes (see launch.ts). */
const pending = new Map<number, (json: string) => void>();
let lastId = 0;

Object.defineProperty(window, REPLY_FUNCTION, {
  value: (id: unknown, json: unknown) => {
    if (typeof id !== 'number' || typeof json !== 'string') return;
    const settle = pending.get(id);
    if (!settle) return;
    pending.delete(id);
    settle(json);
  },
  writable: false,
  configurable: false,
  enumerable: false,
});

/** One request to the shell; resolves with its reply as JSON. */
function invoke(channel: ChannelName, payload: unknown): Promise<string> {
  return new Promise((resolve) => {
    const id = ++lastId;
    pending.set(id, resolve);
    try {
      send!(stringify({ id, channel, payload }));
    } catch (error) {
      // A payload JSON cannot carry (a cycle, a BigInt): as the contract takes plain data only, the caller's mistake.
      pending.delete(id);
      throw error;
    }
  });
}

Object.defineProperty(window, EMIT_FUNCTION, {
  value: (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  },
  writable: false,
  configurable: false,
  enumerable: false,
});

/**
 * Marks when each channel's latest reply reached the page (a User Timing mark, so the renderer benchmark measures
 * list paint from the reply's arrival, as the review did). One mark per channel is kept, so a day of calls adds nothing.
 */
function arrived(channel: ChannelName, json: string): unknown {
  try {
    const name = `wxm-vault:reply:${channel}`;
    performance.clearMarks(name);
    performance.mark(name);
  } catch {
    // A measurement aid: never a reason to lose the reply.
  }
  return parse(json);
}

const bridge = createBridge(
  (channel, payload) =>
    send
      ? invoke(channel, payload).then((json) => arrived(channel, json))
      : Promise.resolve({ ok: false, error: { code: 'internal', message: 'WXM Vault could not reach its main process. Restart the app.' } }),
  (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
);

Object.defineProperty(window, 'wxmVault', { value: bridge, writable: false, configurable: false, enumerable: true });
