/**
 * Runs in the app page before any of its scripts (an init script of the
 * browser shell), bundled to dist/browser/page-bridge.js. Builds
 * `window.wxmVault` with the same createBridge the Electron preload uses; only
 * the transport differs: requests go through the shell's binding, which checks
 * the calling frame and hands them to the core dispatcher, and events come back
 * through a function the shell calls.
 *
 * The page has no isolated world here (unlike the preload), so the raw binding
 * is taken off `window` once captured: page code gets the named bridge
 * functions, nothing that takes a channel name. The event function stays (the
 * shell must reach it); a page calling it only misinforms itself, as events
 * carry no secret and ask main for nothing.
 */
import { createBridge } from '../common/bridge';
import type { ChannelName, EventName } from '../common/ipc-contract';
import { ACTIVITY_BINDING, ACTIVITY_REPORT_MS, EMIT_FUNCTION, INVOKE_BINDING } from './browser-policy';

type Listener = (payload: unknown) => void;
/** The shell's binding answers with the reply as JSON (see launch.ts). */
type Invoke = (channel: ChannelName, payload: unknown) => Promise<string>;

const w = window as unknown as Record<string, unknown>;

/** Takes a binding off `window` once captured, so page code cannot call it by name. */
function take<T>(name: string): T | undefined {
  const value = w[name] as T | undefined;
  try {
    delete w[name];
  } catch {
    // Not configurable in some driver version: the shell's sender checks still stand either way.
  }
  return value;
}

const invoke = take<Invoke>(INVOKE_BINDING);
const activity = take<() => Promise<void>>(ACTIVITY_BINDING);

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
    activity().catch(() => {});
  };
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart']) {
    window.addEventListener(type, report, { capture: true, passive: true });
  }
}

const listeners = new Map<EventName, Set<Listener>>();

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
  return JSON.parse(json);
}

const bridge = createBridge(
  (channel, payload) =>
    invoke
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
