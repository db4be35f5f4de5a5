import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANNEL_NAMES, CHANNELS_WHILE_LOCKED } from '../../electron/common/ipc-contract';
import { VaultError } from '../../electron/core/errors';
import { createDispatcher, type Handlers } from '../../electron/core/ipc-dispatcher';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { WELL_FORMED } from '../harness/well-formed-requests';

const ORIGIN = 'app://vault';
const top = { origin: ORIGIN, isMainFrame: true };

function setup(overrides: Partial<Handlers> = {}, isLocked: () => Promise<boolean> = async () => false) {
  const lines: string[] = [];
  const logger = createLogger(new Redactor(), [(l) => lines.push(l)]);
  const ran: string[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, channel: string) =>
      (overrides as Record<string, unknown>)[channel] ??
      (async () => {
        ran.push(channel);
        return { name: 'x', version: '1', platform: 'linux' };
      }),
  });
  return { dispatch: createDispatcher(handlers, { trustedOrigin: ORIGIN, logger, isLocked }), lines, calls: () => ran.length, ran };
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

  it("while locked, runs no handler of a channel outside the lock screen's, and answers vault-locked", async () => {
    const { dispatch, ran, lines } = setup({}, async () => true);
    const blocked = CHANNEL_NAMES.filter((c) => !CHANNELS_WHILE_LOCKED.has(c));
    assert.ok(blocked.includes('accounts:list') && blocked.includes('clipboard:copy'), 'the list and copies are behind the lock');
    for (const channel of blocked) {
      const reply = await dispatch(top, channel, WELL_FORMED[channel]);
      assert.equal(reply.ok, false, channel);
      if (!reply.ok) assert.equal(reply.error.code, 'vault-locked', channel);
    }
    assert.deepEqual(ran, []);
    assert.equal(lines.filter((l) => l.includes('refused while locked')).length, blocked.length);
  });

  it("while locked, runs the lock screen's channels", async () => {
    const { dispatch, ran } = setup({}, async () => true);
    for (const channel of CHANNELS_WHILE_LOCKED) assert.equal((await dispatch(top, channel, WELL_FORMED[channel])).ok, true, channel);
    assert.deepEqual(ran, [...CHANNELS_WHILE_LOCKED]);
  });

  it('asks whether the vault is locked at every request, so an unlock opens the other channels at once', async () => {
    let locked = true;
    const { dispatch, ran } = setup({}, async () => locked);
    assert.equal((await dispatch(top, 'accounts:list', undefined)).ok, false);
    locked = false;
    assert.equal((await dispatch(top, 'accounts:list', undefined)).ok, true);
    locked = true;
    assert.equal((await dispatch(top, 'accounts:list', undefined)).ok, false);
    assert.deepEqual(ran, ['accounts:list']);
  });

  it('cannot be built without the lock gate', () => {
    const logger = createLogger(new Redactor(), []);
    // @ts-expect-error isLocked is required: a dispatcher without it would answer every channel while locked.
    const options: Parameters<typeof createDispatcher>[1] = { trustedOrigin: ORIGIN, logger };
    assert.equal('isLocked' in options, false);
  });
});
