/**
 * The renderer's copies of main's passphrase rules (renderer/src/lib/passphrase-rules.ts)
 * against main itself: the reset word main's schema accepts, the length main refuses
 * below, and the wait main names after too many wrong passphrases (read from a real
 * PassphraseVault over the keychain), so the lock screen and Settings never drift from it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MIN_PASSPHRASE_LENGTH as CORE_MIN, RESET_CONFIRMATION as CONTRACT_RESET } from '../../electron/common/field-rules';
import { channels } from '../../electron/common/ipc-contract';
import { createLogger } from '../../electron/core/logger';
import { PassphraseVault } from '../../electron/core/passphrase/passphrase-vault';
import { delayAfter } from '../../electron/core/passphrase/unlock-throttle';
import { Redactor } from '../../electron/core/redactor';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { MIN_PASSPHRASE_LENGTH, RESET_CONFIRMATION, strengthHint, waitSeconds } from '../../renderer/src/lib/passphrase-rules';
import { TEST_KDF } from './fixtures/test-kdf';
import type { VaultError } from '../../electron/core/errors';
import { failure } from '../harness/failure';

let raw: KeychainSecretStore;
let clock: number;
const vault = () => new PassphraseVault(raw, { logger: createLogger(new Redactor(), [() => {}], () => clock), now: () => clock, kdf: TEST_KDF });

beforeEach(() => {
  raw = new KeychainSecretStore(`wxm-vault-test-${randomUUID()}`);
  clock = Date.UTC(2026, 0, 5, 9);
});
afterEach(async () => {
  for (const k of await raw.keys()) await raw.delete(k);
});

describe('the reset confirmation word', () => {
  it('is the one the contract defines, and main’s schema accepts it and nothing else', () => {
    assert.equal(RESET_CONFIRMATION, CONTRACT_RESET);
    const schema = channels['vault:reset'].request;
    assert.deepEqual(schema.parse({ confirm: RESET_CONFIRMATION }), { confirm: RESET_CONFIRMATION });
    assert.throws(() => schema.parse({ confirm: RESET_CONFIRMATION.toLowerCase() }));
  });
});

describe('the minimum passphrase length', () => {
  it('is where main starts accepting: one shorter is refused, exactly that long is set', async () => {
    assert.equal(MIN_PASSPHRASE_LENGTH, CORE_MIN);
    const v = vault();
    const short = 'x'.repeat(MIN_PASSPHRASE_LENGTH - 1);
    assert.equal(strengthHint(short).strength, 'too-short');
    assert.equal((await failure(v.setPassphrase(undefined, short))).code, 'bad-request');
    const enough = 'abcdefgh'.slice(0, MIN_PASSPHRASE_LENGTH);
    assert.notEqual(strengthHint(enough).strength, 'too-short');
    assert.deepEqual(await v.setPassphrase(undefined, enough), { passphraseSet: true, locked: false });
  });
});

describe('the wait after wrong passphrases', () => {
  it('is read from main’s own rate-limited message, in whole seconds', async () => {
    const v = vault();
    await v.setPassphrase(undefined, `right ${randomUUID()}`);
    v.lock();
    let failures = 0;
    let limited: VaultError | null = null;
    while (!limited) {
      const e = await failure(v.unlock('wrong passphrase'));
      if (e.code === 'rate-limited') limited = e;
      else {
        assert.equal(e.code, 'wrong-passphrase');
        failures += 1;
      }
      assert.ok(failures < 10, 'main never slowed down');
    }
    assert.equal(waitSeconds(limited.message), delayAfter(failures) / 1000);
    // Part of the wait passed: main names what is left, and the lock screen counts from that.
    clock += 1000;
    assert.equal(waitSeconds((await failure(v.unlock('wrong passphrase'))).message), delayAfter(failures) / 1000 - 1);
  });

  it('is null for a message that names no wait, so the lock screen falls back instead of guessing from other digits', () => {
    assert.equal(waitSeconds('That is not the vault passphrase. Check Caps Lock and the keyboard layout, then try again.'), null);
    assert.equal(waitSeconds('Too many tries (3).'), null);
  });
});

describe('the strength hint', () => {
  it('rates length over symbols: several words are strong, a short jumble or a repeated character is weak', () => {
    assert.equal(strengthHint('aaaaaaaaaaaaaaaaaaaaaa').strength, 'weak');
    assert.equal(strengthHint('Tr0ub4d&').strength, 'weak');
    assert.equal(strengthHint('violet lamp 42').strength, 'fair');
    assert.equal(strengthHint('correct horse battery staple').strength, 'strong');
  });
});
