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
import { EMIT_FUNCTION, INVOKE_BINDING } from './browser-policy';

type Listener = (payload: unknown) => void;
type Invoke = (channel: ChannelName, payload: unknown) => Promise<unknown>;

const w = window as unknown as Record<string, unknown>;
const invoke = w[INVOKE_BINDING] as Invoke | undefined;
try {
  delete w[INVOKE_BINDING];
} catch {
  // Not configurable in some driver version: the dispatcher's checks still stand either way.
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

const bridge = createBridge(
  (channel, payload) =>
    invoke ? invoke(channel, payload) : Promise.resolve({ ok: false, error: { code: 'internal', message: 'WXM Vault could not reach its main process. Restart the app.' } }),
  (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
);

Object.defineProperty(window, 'wxmVault', { value: bridge, writable: false, configurable: false, enumerable: true });
