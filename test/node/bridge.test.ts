import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BRIDGE_EVENTS, BRIDGE_METHODS, createBridge } from '../../electron/common/bridge';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../electron/common/ipc-contract';

describe('bridge', () => {
  it('exposes exactly one named function per channel and event, and nothing else', () => {
    const bridge = createBridge(
      async () => undefined,
      () => () => {},
    );
    const keys = Object.keys(bridge).sort();
    assert.deepEqual(keys, [...Object.keys(BRIDGE_METHODS), ...Object.keys(BRIDGE_EVENTS)].sort());
    for (const key of keys) assert.equal(typeof (bridge as Record<string, unknown>)[key], 'function');
    assert.ok(Object.isFrozen(bridge));
  });

  it('covers every contract channel and event', () => {
    assert.deepEqual(Object.values(BRIDGE_METHODS).sort(), [...CHANNEL_NAMES].sort());
    assert.deepEqual(Object.values(BRIDGE_EVENTS).sort(), [...EVENT_NAMES].sort());
  });

  it('sends the mapped channel and the request unchanged', async () => {
    const sent: unknown[] = [];
    const bridge = createBridge(
      async (channel, payload) => {
        sent.push([channel, payload]);
        return { ok: true, value: null };
      },
      () => () => {},
    );
    await bridge.removeAccount({ id: 'x' });
    assert.deepEqual(sent, [['accounts:remove', { id: 'x' }]]);
  });

  it('hands event listeners the payload only', () => {
    let relay: ((p: unknown) => void) | undefined;
    const bridge = createBridge(
      async () => undefined,
      (_e, l) => {
        relay = l;
        return () => {};
      },
    );
    const got: unknown[] = [];
    bridge.onVaultLocked((...args: unknown[]) => got.push(args));
    relay!({ reason: 'idle' });
    assert.deepEqual(got, [[{ reason: 'idle' }]]);
    assert.throws(() => bridge.onVaultLocked('x' as never), TypeError);
  });
});
