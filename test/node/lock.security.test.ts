/**
 * The lock, through the real vault: real AccountService (logins against the WXM
 * test server on loopback, secrets in the real keychain), real ClipboardGuard and
 * SettingsStore, and the real X11 clipboard (a private Xvfb, read and written with
 * xclip). Only the clipboard-read failure is injected; the idle time and the poll
 * timer are fakes we step by hand, and powerMonitor is an EventEmitter.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { EventName } from '../../electron/common/ipc-contract';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import type { Every } from '../../electron/core/lock/lock-controller';
import { wireLockTriggers } from '../../electron/main/lock/lock-triggers';
import { ipcCaller } from '../harness/ipc-call';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { startWxmServer } from '../../electron/sandbox/wxm-sandbox';
import { readX11Clipboard, writeX11Clipboard, x11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

const ORIGIN = 'app://vault';
const top = { origin: ORIGIN, isMainFrame: true };
const password = `lock-pw-${randomUUID()}`;

/** The real X11 clipboard, with reads that can be made to fail (a clipboard owner that vanished). */
class FlakyReadX11Clipboard implements ClipboardPort {
  failReads = false;
  async readText(): Promise<string> {
    if (this.failReads) throw new Error('no clipboard owner');
    return readX11Clipboard();
  }
  writeText = x11Clipboard.writeText;
  clear = x11Clipboard.clear;
}

usePrivateDisplay();

/** A poll timer we step by hand. */
function manualEvery() {
  const ticks = new Set<() => void>();
  const every: Every = (_ms, tick) => {
    ticks.add(tick);
    return () => ticks.delete(tick);
  };
  return { every, tick: () => [...ticks].forEach((t) => t()), active: () => ticks.size };
}

let h: VaultHarness;
let clip: FlakyReadX11Clipboard;
let events: Array<[EventName, unknown]>;
let id: string;

const call = ipcCaller((channel, payload) => h.dispatch(top, channel, payload));
const settle = () => new Promise((r) => setTimeout(r, 20));
/** Waits (bounded) until `done()` holds; the assertion after it says what was expected. */
async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}
const tokenState = async () => (await call('accounts:list')).find((a) => a.id === id)!;
const locks = () => events.filter(([e]) => e === 'vault:locked').map(([, p]) => (p as { reason: string }).reason);

const server = await startWxmServer({ users: [{ username: 'lock@acme', password, station: 'au' }] });
after(() => server.close());

beforeEach(async () => {
  clip = new FlakyReadX11Clipboard();
  await writeX11Clipboard('');
  h = createVaultHarness({ trustedOrigin: ORIGIN, clipboard: clip });
  events = [];
  h.onEvent = (event, payload) => events.push([event, payload]);
  id = (await call('accounts:add', { label: 'Lock', username: 'lock@acme', secret: password, authMode: 'password', baseUrl: server.baseUrl })).id;
  assert.equal((await tokenState()).tokenState, 'valid', 'the add logged in and cached a token');
});

afterEach(async () => {
  await h.dispose();
});

describe('lock', { skip: needsLinux(X11_CLIPBOARD) }, () => {
  it('vault:lock drops cached tokens from memory, clears our clipboard value and tells the renderer', async () => {
    await call('clipboard:copy', { id, kind: 'token' });
    assert.match(await readX11Clipboard(), /\S{16,}/, 'the token is on the clipboard');
    const logins = server.loginAttempts('lock@acme');

    assert.deepEqual(await call('vault:lock'), { locked: true });

    const view = await tokenState();
    assert.equal(view.tokenExpiresAt, null, 'no token in memory');
    assert.notEqual(view.tokenState, 'valid');
    assert.equal(await readX11Clipboard(), '', 'our value is gone from the clipboard');
    assert.deepEqual(locks(), ['user']);
    assert.ok(events.some(([e, p]) => e === 'clipboard:cleared' && (p as { reason: string }).reason === 'lock'));
    // The password stayed in the keychain: the next copy logs in again instead of reusing a token.
    await call('clipboard:copy', { id, kind: 'token' });
    assert.equal(server.loginAttempts('lock@acme'), logins + 1, 'a fresh login after the lock');
  });

  it('the log redactor holds no secret or token of a locked vault, and still scrubs credential-shaped text by pattern', async () => {
    await call('clipboard:copy', { id, kind: 'token' });
    assert.ok(h.redactor.size > 0, 'the password and token were registered while in use');
    await call('vault:lock');
    assert.equal(h.redactor.size, 0, 'nothing remembered after the lock');
    assert.ok(!h.redactor.redact('Authorization: Bearer abc.def.ghi').includes('abc.def.ghi'));
  });

  it('leaves the clipboard alone when it no longer holds our value', async () => {
    await call('clipboard:copy', { id, kind: 'bearerHeader' });
    await writeX11Clipboard('something the user copied afterwards');
    await call('vault:lock');
    assert.equal(await readX11Clipboard(), 'something the user copied afterwards');
    assert.equal((await tokenState()).tokenExpiresAt, null);
  });

  it('still forgets tokens and reports the lock when the clipboard cannot be read', async () => {
    await call('clipboard:copy', { id, kind: 'token' });
    clip.failReads = true;
    assert.deepEqual(await call('vault:lock'), { locked: true });
    assert.equal((await tokenState()).tokenExpiresAt, null);
    assert.deepEqual(locks(), ['user']);
  });

  it('a copy whose login is still under way when the vault locks puts nothing on the clipboard', async () => {
    await call('vault:lock'); // no cached token: the next copy must log in
    await writeX11Clipboard('');
    server.options.delayMs = 300;
    try {
      const copying = h.dispatch(top, 'clipboard:copy', { id, kind: 'token' });
      await new Promise((r) => setTimeout(r, 100)); // the login is in flight
      await call('vault:lock');
      const reply = await copying;
      assert.equal(reply.ok, false);
      if (!reply.ok) assert.equal(reply.error.code, 'interrupted');
    } finally {
      server.options.delayMs = 0;
    }
    assert.equal(await readX11Clipboard(), '', 'no token landed after the lock');
    assert.equal((await tokenState()).tokenExpiresAt, null, 'and none was cached');
  });

  it('system sleep and screen lock each lock the vault (powerMonitor events)', async () => {
    const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0, getSystemIdleState: () => 'active' as const });
    const timer = manualEvery();
    const stop = wireLockTriggers(powerMonitor, h.vault.lock, { every: timer.every });

    powerMonitor.emit('suspend');
    // The lock event follows the real X11 clipboard read: wait for it, not for a fixed time (a fixed wait flaked under load).
    await until(() => locks().length >= 1);
    assert.equal((await tokenState()).tokenExpiresAt, null, 'suspend dropped the token');

    await call('accounts:login', { id });
    assert.equal((await tokenState()).tokenState, 'valid');
    await call('clipboard:copy', { id, kind: 'token' });
    powerMonitor.emit('lock-screen');
    await until(() => locks().length >= 2);
    assert.equal((await tokenState()).tokenExpiresAt, null, 'lock-screen dropped the token');
    assert.equal(await readX11Clipboard(), '', 'lock-screen cleared our clipboard value');
    assert.deepEqual(locks(), ['suspend', 'lock-screen']);
    stop();
    assert.equal(timer.active(), 0, 'the idle watch stops');
  });

  it('a screen lock seen only by polling (Linux sends no lock-screen event) locks once per lock, even with the idle lock off', async () => {
    await call('settings:update', { idleLockMinutes: 0 });
    let state: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
    const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => 5, getSystemIdleState: () => state });
    const timer = manualEvery();
    const stop = wireLockTriggers(powerMonitor, h.vault.lock, { every: timer.every });
    await call('clipboard:copy', { id, kind: 'token' });

    timer.tick();
    await settle();
    assert.deepEqual(locks(), [], 'an unlocked screen does nothing');

    state = 'locked';
    timer.tick();
    timer.tick();
    // The lock event comes after the real X11 clipboard was read and cleared: wait for it, not for a fixed time.
    await until(() => locks().length >= 1);
    await until(() => locks().length >= 1);
    await settle();
    assert.deepEqual(locks(), ['lock-screen'], 'locked once, not once per poll');
    assert.equal((await tokenState()).tokenExpiresAt, null);
    assert.equal(await readX11Clipboard(), '', 'our clipboard value is gone');

    state = 'active';
    timer.tick();
    state = 'locked';
    timer.tick();
    await until(() => locks().length >= 2);
    assert.deepEqual(locks(), ['lock-screen', 'lock-screen'], 'a second screen lock locks again');
    stop();
  });

  it('locks after idleLockMinutes of system idle time, once per idle stretch, and again after the user came back', async () => {
    await call('settings:update', { idleLockMinutes: 2 });
    let idle = 0;
    const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => idle, getSystemIdleState: () => 'active' as const });
    const timer = manualEvery();
    wireLockTriggers(powerMonitor, h.vault.lock, { every: timer.every });

    idle = 119;
    timer.tick();
    await settle();
    assert.deepEqual(locks(), [], 'not yet: 119 s < 2 min');
    assert.equal((await tokenState()).tokenState, 'valid');

    idle = 120;
    timer.tick();
    await until(() => locks().length >= 1);
    await settle();
    assert.deepEqual(locks(), ['idle']);
    assert.equal((await tokenState()).tokenExpiresAt, null, 'idle lock dropped the token');

    idle = 600;
    timer.tick();
    timer.tick();
    await until(() => locks().length >= 1);
    await settle();
    assert.deepEqual(locks(), ['idle'], 'still the same idle stretch: no second lock');

    idle = 3; // the user is back
    timer.tick();
    await call('accounts:login', { id });
    idle = 121;
    timer.tick();
    await until(() => locks().length >= 2);
    await settle();
    assert.deepEqual(locks(), ['idle', 'idle']);
    assert.equal((await tokenState()).tokenExpiresAt, null);
  });

  it('idleLockMinutes = 0 turns the idle lock off, and a changed setting applies on the next poll', async () => {
    await call('settings:update', { idleLockMinutes: 0 });
    let idle = 10_000_000;
    const timer = manualEvery();
    h.vault.lock.watchIdle(() => idle, { every: timer.every });
    timer.tick();
    await settle();
    assert.deepEqual(locks(), []);
    assert.equal((await tokenState()).tokenState, 'valid');

    await call('settings:update', { idleLockMinutes: 1 });
    timer.tick();
    await until(() => locks().length >= 1);
    await settle();
    assert.deepEqual(locks(), ['idle']);
    idle = 0;
  });

  it('an idle source that throws or returns junk never locks by mistake nor crashes the poll', async () => {
    await call('settings:update', { idleLockMinutes: 1 });
    const timer = manualEvery();
    let source: () => number = () => {
      throw new Error('idle time unavailable');
    };
    h.vault.lock.watchIdle(() => source(), { every: timer.every });
    timer.tick();
    source = () => Number.NaN;
    timer.tick();
    await settle();
    assert.deepEqual(locks(), []);
    source = () => 60;
    timer.tick();
    await until(() => locks().length >= 1);
    await settle();
    assert.deepEqual(locks(), ['idle']);
  });

  it('shutdown stops the idle watch', async () => {
    const timer = manualEvery();
    h.vault.lock.watchIdle(() => 0, { every: timer.every });
    assert.equal(timer.active(), 1);
    await h.vault.shutdown();
    assert.equal(timer.active(), 0);
  });
});
