/**
 * Every check of a typed passphrase against the stored one counts against the
 * same growing wait: Settings' "current passphrase" (change, remove) as much as
 * the lock screen, through the real dispatcher and the real keychain, so someone
 * at an unlocked machine cannot guess the passphrase through Settings (or
 * straight over IPC) faster than at the lock screen.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { createVault } from '../../electron/core/vault';
import { failure } from '../harness/failure';
import { ipcCaller, type Call } from '../harness/ipc-call';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';

const top = { origin: 'app://vault', isMainFrame: true };
const clipboard: ClipboardPort = { readText: async () => '', writeText: async () => {}, clear: async () => {} };
const PASS = `current passphrase ${randomUUID()}`;
const NEXT = `next passphrase ${randomUUID()}`;

let h: VaultHarness;
let call: Call;
let clock: number;

beforeEach(async () => {
  clock = Date.now();
  h = createVaultHarness({ trustedOrigin: top.origin, clipboard, now: () => clock });
  call = ipcCaller((channel, payload) => h.dispatch(top, channel, payload));
  await call('vault:passphrase', { next: PASS });
});
afterEach(() => h.dispose());

/** The app started again on the same keychain and data folder: a new core, its own dispatcher. */
function restarted(): Call {
  const redactor = new Redactor();
  const vault = createVault({
    appName: 'WXM Vault',
    appVersion: '0.0.0-test',
    platform: process.platform,
    dataDir: h.dataDir,
    secrets: h.secrets,
    clipboard,
    logger: createLogger(redactor, []),
    redactor,
    now: () => clock,
    emit: () => {},
  });
  const dispatch = vault.dispatcher(top.origin);
  return ipcCaller((channel, payload) => dispatch(top, channel, payload));
}

describe('checking the current passphrase in Settings', () => {
  it('three wrong ones, then a wait that refuses the right one too, survives a restart, and lets it through once over', async () => {
    const guesses = [
      { current: 'wrong one', next: NEXT },
      { current: 'wrong two', next: null },
      { current: 'wrong three', next: NEXT },
    ];
    for (const guess of guesses) {
      const err = await failure(call('vault:passphrase', guess));
      assert.equal(err.code, 'wrong-passphrase');
      assert.match(err.message, /not the current vault passphrase\. Nothing was changed/);
    }

    for (const next of [NEXT, null]) {
      const waiting = await failure(call('vault:passphrase', { current: PASS, next }));
      assert.equal(waiting.code, 'rate-limited', 'the right passphrase waits too: a guess must not learn it was right');
      assert.match(waiting.message, /Wait 2 s, then try again/);
    }
    const again = restarted();
    assert.equal((await failure(again('vault:unlock', { passphrase: PASS }))).code, 'rate-limited', 'the lock screen after a restart waits as well');

    clock += 2000;
    assert.deepEqual(await call('vault:passphrase', { current: PASS, next: NEXT }), { passphraseSet: true, locked: false });
    assert.equal(await h.secrets.get('vault:unlock-throttle'), null, 'a right passphrase clears the count');
    assert.deepEqual(await restarted()('vault:unlock', { passphrase: NEXT }), { passphraseSet: true, locked: false });
    for (const { reply } of h.replies) assert.ok(!JSON.stringify(reply).includes(PASS), 'no reply carries the passphrase');
  });

  it('a damaged or future-dated count waits the longest wait once, then ends (it must not lock the user out for good)', async () => {
    for (const record of ['{"failures": "many"', JSON.stringify({ failures: 4, lastAt: clock + 365 * 86_400_000 })]) {
      await h.secrets.set('vault:unlock-throttle', record);
      await call('vault:lock');
      assert.equal((await failure(call('vault:unlock', { passphrase: PASS }))).code, 'rate-limited', record);
      clock += 5 * 60_000;
      assert.deepEqual(await call('vault:unlock', { passphrase: PASS }), { passphraseSet: true, locked: false }, record);
    }
  });

  it('wrong ones in Settings and at the lock screen add up', async () => {
    for (const current of ['wrong one', 'wrong two']) {
      assert.equal((await failure(call('vault:passphrase', { current, next: null }))).code, 'wrong-passphrase');
    }
    await call('vault:lock');
    assert.equal((await failure(call('vault:unlock', { passphrase: 'wrong three' }))).code, 'wrong-passphrase');
    assert.equal((await failure(call('vault:unlock', { passphrase: PASS }))).code, 'rate-limited');
    clock += 2000;
    await call('vault:unlock', { passphrase: PASS });
  });
});
