import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VaultError } from '../../electron/core/errors';
import { createDispatcher, type Handlers } from '../../electron/core/ipc-dispatcher';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';

const ORIGIN = 'app://vault';
const top = { origin: ORIGIN, isMainFrame: true };

function setup(overrides: Partial<Handlers> = {}) {
  const lines: string[] = [];
  const logger = createLogger(new Redactor(), [(l) => lines.push(l)]);
  let calls = 0;
  const handlers = new Proxy({} as Handlers, {
    get: (_t, channel: string) =>
      (overrides as Record<string, unknown>)[channel] ??
      (async () => {
        calls++;
        return { name: 'x', version: '1', platform: 'linux' };
      }),
  });
  return { dispatch: createDispatcher(handlers, { trustedOrigin: ORIGIN, logger }), lines, calls: () => calls };
}

describe('ipc dispatcher', () => {
  it('runs the handler for a known channel from our top frame', async () => {
    const { dispatch } = setup();
    assert.deepEqual(await dispatch(top, 'app:info', undefined), { ok: true, value: { name: 'x', version: '1', platform: 'linux' } });
  });

  it('refuses unknown channels without calling any handler', async () => {
    const { dispatch, calls } = setup();
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const reply = await dispatch(top, channel, undefined);
      assert.equal(reply.ok, false);
      if (!reply.ok) assert.equal(reply.error.code, 'bad-request');
    }
    assert.equal(calls(), 0);
  });

  it('refuses senders from another origin, a subframe, or a vanished frame', async () => {
    const { dispatch, calls } = setup();
    for (const sender of [
      { origin: 'https://evil.example', isMainFrame: true },
      { origin: 'app://vault.evil', isMainFrame: true },
      { origin: ORIGIN, isMainFrame: false },
      { origin: null, isMainFrame: true },
      { origin: 'null', isMainFrame: true },
    ]) {
      const reply = await dispatch(sender, 'app:info', undefined);
      assert.equal(reply.ok, false, JSON.stringify(sender));
    }
    assert.equal(calls(), 0);
  });

  it('refuses a malformed payload and logs the path, not the value', async () => {
    const { dispatch, lines, calls } = setup();
    const canary = 'canary-dispatch-9f1b2c';
    const reply = await dispatch(top, 'accounts:remove', { id: canary });
    assert.equal(reply.ok, false);
    if (!reply.ok) assert.match(reply.error.message, /id: expected/);
    assert.equal(calls(), 0);
    assert.ok(lines.some((l) => l.includes('refused malformed request')));
    assert.ok(!lines.join('\n').includes(canary));
    assert.ok(!JSON.stringify(reply).includes(canary));
  });

  it('passes a VaultError through with its code and message', async () => {
    const { dispatch } = setup({
      'app:info': async () => {
        throw new VaultError('keychain-unavailable', 'Unlock your keychain.');
      },
    });
    assert.deepEqual(await dispatch(top, 'app:info', undefined), {
      ok: false,
      error: { code: 'keychain-unavailable', message: 'Unlock your keychain.' },
    });
  });

  it('turns an unexpected crash into a generic internal error without the stack', async () => {
    const { dispatch, lines } = setup({
      'app:info': async () => {
        throw new Error('boom at /home/user/secret/path');
      },
    });
    const reply = await dispatch(top, 'app:info', undefined);
    assert.equal(reply.ok, false);
    if (!reply.ok) {
      assert.equal(reply.error.code, 'internal');
      assert.ok(!reply.error.message.includes('boom'));
    }
    assert.ok(lines.some((l) => l.includes('handler crashed')));
  });
});
