/**
 * Injected into the test page before any of its scripts (Playwright
 * addInitScript). Builds `window.wxmVault` with the very same createBridge the
 * Electron preload uses; only the transport differs: requests go through the
 * `__wxmInvoke` binding to the real core in the test process, and events come
 * back through `__wxmEmit`.
 */
import { createBridge } from '../../electron/common/bridge';
import type { ChannelName, EventName } from '../../electron/common/ipc-contract';

type Listener = (payload: unknown) => void;
interface HarnessWindow {
  __wxmInvoke(channel: ChannelName, payload: unknown): Promise<unknown>;
  __wxmEmit?: (event: EventName, payload: unknown) => void;
}

const w = window as unknown as HarnessWindow;
const listeners = new Map<EventName, Set<Listener>>();

w.__wxmEmit = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

const bridge = createBridge(
  (channel, payload) => w.__wxmInvoke(channel, payload),
  (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
);

Object.defineProperty(window, 'wxmVault', { value: bridge, writable: false, configurable: false, enumerable: true });
