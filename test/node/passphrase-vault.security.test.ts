/**
 * The optional vault passphrase over the real keychain (a private gnome-keyring):
 * secrets sealed at rest under a data key wrapped by scrypt, nothing readable
 * while locked, wrong passphrases slowed down across restarts, and set / change /
 * remove that survive a SIGKILL at every step without losing a secret.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createLogger } from '../../electron/core/logger';
import { isSealed } from '../../electron/core/passphrase/envelope';
import { PassphraseVault } from '../../electron/core/passphrase/passphrase-vault';
import { delayAfter } from '../../electron/core/passphrase/unlock-throttle';
import { Redactor } from '../../electron/core/redactor';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { TEST_KDF } from './fixtures/test-kdf';
import { failure } from '../harness/failure';
import { needsLinux, SECRET_SERVICE } from '../harness/host-needs';

const CHILD = fileURLToPath(new URL('./fixtures/passphrase-child.ts', import.meta.url));
const PASS = `correct horse ${randomUUID()}`;
const PASS_2 = `battery staple ${randomUUID()}`;

let service: string;
let raw: KeychainSecretStore;
let logLines: string[];
let clock: number;
const SECRETS: Record<string, string> = {};

function vault(): PassphraseVault {
  return new PassphraseVault(raw, { logger: createLogger(new Redactor(), [(l) => logLines.push(l)], () => clock), now: () => clock, kdf: TEST_KDF });
}

/** What `secret-tool` (another process of the user) reads straight from the keychain. */
function rawWithSecretTool(key: string): string {
  return execFileSync('secret-tool', ['lookup', 'service', service, 'username', key], { encoding: 'utf8' });
}

async function assertAllReadable(v: PassphraseVault): Promise<void> {
  for (const [k, value] of Object.entries(SECRETS)) assert.equal(await v.get(k), value, `${k} kept`);
}

beforeEach(async () => {
  service = `wxm-vault-test-${randomUUID()}`;
  raw = new KeychainSecretStore(service);
  logLines = [];
  clock = Date.UTC(2026, 10, 25, 12);
  for (const k of Object.keys(SECRETS)) delete SECRETS[k];
  const id = randomUUID();
  Object.assign(SECRETS, {
    [`account:${id}:password`]: `canary-pw-${randomUUID()}`,
    [`account:${id}:apikey`]: `canary-key-${randomUUID()}`,
    [`account:${id}:binding`]: 'b'.repeat(64),
  });
  const plain = vault();
  for (const [k, v] of Object.entries(SECRETS)) await plain.set(k, v);
});
afterEach(async () => {
  for (const k of await raw.keys()) await raw.delete(k);
});

describe('vault passphrase', () => {
  it('without a passphrase nothing is sealed and nothing pretends to be locked', async () => {
    const v = vault();
    assert.deepEqual(await v.lockStatus(), { passphraseSet: false, locked: false });
    v.lock();
    await assertAllReadable(v);
  });

  it(
    'set: every keychain item holds ciphertext only (read with secret-tool), and the vault reads them back while unlocked',
    { skip: needsLinux(SECRET_SERVICE) },
    async () => {
      const v = vault();
      assert.deepEqual(await v.setPassphrase(undefined, PASS), { passphraseSet: true, locked: false });
      for (const [k, value] of Object.entries(SECRETS)) {
        const stored = rawWithSecretTool(k);
        assert.ok(isSealed(stored), `${k} sealed`);
        assert.ok(!stored.includes(value), 'no plaintext');
      }
      for (const k of ['vault:key']) assert.ok(!rawWithSecretTool(k).includes(PASS), 'the passphrase itself is never stored');
      await assertAllReadable(v);
    },
  );

  it('locked: no secret can be read or written, at start and after lock(); the right passphrase unlocks', async () => {
    await vault().setPassphrase(undefined, PASS);
    const restarted = vault();
    assert.deepEqual(await restarted.lockStatus(), { passphraseSet: true, locked: true });
    const [k] = Object.keys(SECRETS);
    assert.equal((await failure(restarted.get(k!))).code, 'vault-locked');
    assert.equal((await failure(restarted.set(k!, 'x'))).code, 'vault-locked');
    await restarted.unlock(PASS);
    await assertAllReadable(restarted);
    restarted.lock();
    assert.equal((await failure(restarted.get(k!))).code, 'vault-locked');
  });

  it('a wrong passphrase is refused with a clear message; after three, a growing delay that survives a restart', async () => {
    await vault().setPassphrase(undefined, PASS);
    let v = vault();
    for (let i = 1; i <= 3; i++) {
      const err = await failure(v.unlock(`wrong-${i}`));
      assert.equal(err.code, 'wrong-passphrase');
      assert.match(err.message, /not the vault passphrase/);
    }
    assert.equal(delayAfter(3), 2000);
    v = vault(); // a restart does not reset the count
    const waiting = await failure(v.unlock(PASS));
    assert.equal(waiting.code, 'rate-limited');
    assert.match(waiting.message, /Wait 2 s/);
    clock += 2000;
    assert.equal((await failure(v.unlock('wrong-4'))).code, 'wrong-passphrase');
    assert.match((await failure(v.unlock(PASS))).message, /Wait 4 s/);
    clock += 4000;
    await v.unlock(PASS);
    await assertAllReadable(v);
    assert.equal(await raw.get('vault:unlock-throttle'), null, 'a right passphrase resets the count');
    for (const line of logLines) for (const s of [PASS, 'wrong-1', ...Object.values(SECRETS)]) assert.ok(!line.includes(s), `leaked: ${line}`);
    assert.ok(
      logLines.some((l) => l.includes('wrong passphrase')),
      'the fact is logged',
    );
  });

  it('change needs the current passphrase and rewraps only the data key; remove unseals every entry', async () => {
    const v = vault();
    await v.setPassphrase(undefined, PASS);
    const sealedBefore = Object.fromEntries(await Promise.all(Object.keys(SECRETS).map(async (k) => [k, await raw.get(k)])));
    assert.equal((await failure(v.setPassphrase(undefined, PASS_2))).code, 'bad-request');
    assert.equal((await failure(v.setPassphrase('wrong', PASS_2))).code, 'wrong-passphrase');
    await v.setPassphrase(PASS, PASS_2);
    for (const k of Object.keys(SECRETS)) assert.equal(await raw.get(k), sealedBefore[k], 'entries untouched by a change');
    const after = vault();
    assert.equal((await failure(after.unlock(PASS))).code, 'wrong-passphrase');
    await after.unlock(PASS_2);
    await after.setPassphrase(PASS_2, null);
    assert.deepEqual(await after.lockStatus(), { passphraseSet: false, locked: false });
    for (const [k, value] of Object.entries(SECRETS)) assert.equal(await raw.get(k), value);
  });

  it('a sealed entry copied onto another entry, or an unsealed value written by another process, is not used', async () => {
    const v = vault();
    await v.setPassphrase(undefined, PASS);
    const [pw, key] = Object.keys(SECRETS) as [string, string];
    await raw.set(key, (await raw.get(pw))!); // swap ciphertexts: the AAD (entry name) no longer matches
    assert.equal(await v.get(key), null);
    await raw.set(pw, 'planted-plaintext');
    assert.equal(await v.get(pw), null);
  });

  it('forgot passphrase: reset removes every stored secret and the key; the vault is plain again', async () => {
    const v = vault();
    await v.setPassphrase(undefined, PASS);
    v.lock();
    await v.reset();
    assert.deepEqual(await raw.keys(), []);
    assert.deepEqual(await vault().lockStatus(), { passphraseSet: false, locked: false });
  });
});

describe('a lock in the middle of set, change or remove (idle, sleep, Ctrl+L and quit do not wait for it)', () => {
  /** A vault that locks itself once, at the first checkpoint `when` picks: as main's idle watch would. */
  function lockingAt(when: (step: string) => boolean): PassphraseVault {
    let done = false;
    const v: PassphraseVault = new PassphraseVault(raw, {
      logger: createLogger(new Redactor(), [(l) => logLines.push(l)], () => clock),
      now: () => clock,
      kdf: TEST_KDF,
      checkpoint: (step) => {
        if (done || !when(step)) return;
        done = true;
        v.lock();
      },
    });
    return v;
  }

  it('set: every entry ends sealed under the real data key, so the passphrase opens all of them', async () => {
    await lockingAt((step) => step.startsWith('sealed:')).setPassphrase(undefined, PASS);
    const later = vault();
    await later.unlock(PASS);
    await assertAllReadable(later);
  });

  it('remove: every entry ends plain and intact, none dropped as unreadable', async () => {
    await vault().setPassphrase(undefined, PASS);
    const v = lockingAt((step) => step.startsWith('opened:'));
    await v.unlock(PASS);
    await v.setPassphrase(PASS, null);
    for (const [k, value] of Object.entries(SECRETS)) assert.equal(await raw.get(k), value, `${k} kept`);
  });

  it('change: the new passphrase wraps the real data key, not a zeroed one', async () => {
    await vault().setPassphrase(undefined, PASS);
    const v = lockingAt((step) => step === 'current-checked');
    await v.unlock(PASS);
    await v.setPassphrase(PASS, PASS_2);
    const later = vault();
    await later.unlock(PASS_2);
    await assertAllReadable(later);
  });
});

describe('a lock while the passphrase is being checked (the key derivation takes a moment; sleep and screen lock do not wait)', () => {
  it('unlock: the vault stays locked and says so, instead of opening after the lock', async () => {
    await vault().setPassphrase(undefined, PASS);
    const v = vault();
    const unlocking = v.unlock(PASS);
    v.lock();
    const error = await failure(unlocking);
    assert.equal(error.code, 'vault-locked');
    assert.match(error.message, /locked again while it was unlocking/);
    assert.deepEqual(await v.lockStatus(), { passphraseSet: true, locked: true });
    await assert.rejects(v.get(Object.keys(SECRETS)[0]!), /locked/);
    await v.unlock(PASS);
    await assertAllReadable(v);
  });

  it('change: the change is made, and the vault ends locked', async () => {
    await vault().setPassphrase(undefined, PASS);
    const v = vault();
    await v.unlock(PASS);
    const changing = v.setPassphrase(PASS, PASS_2);
    v.lock();
    assert.deepEqual(await changing, { passphraseSet: true, locked: true });
    await v.unlock(PASS_2);
    await assertAllReadable(v);
  });

  it('set: every entry is sealed, and the vault ends locked', async () => {
    const v = vault();
    const setting = v.setPassphrase(undefined, PASS);
    v.lock();
    assert.deepEqual(await setting, { passphraseSet: true, locked: true });
    for (const k of Object.keys(SECRETS)) assert.ok(isSealed((await raw.get(k))!), `${k} sealed`);
    await v.unlock(PASS);
    await assertAllReadable(v);
  });
});

describe('tampering by another process that can write the keychain (review H1, H3, M1, M2, L1)', () => {
  it('a planted removal marker does not make the next unlock decrypt the vault', async () => {
    await vault().setPassphrase(undefined, PASS);
    await raw.set('vault:removing', '1');
    const v = vault();
    await v.unlock(PASS);
    assert.deepEqual(await v.lockStatus(), { passphraseSet: true, locked: false });
    for (const k of Object.keys(SECRETS)) assert.ok(isSealed((await raw.get(k))!), `${k} still sealed`);
    assert.equal(await raw.get('vault:removing'), null, 'the stray marker is dropped');
  });

  it('a planted "next key" does not make the next unlock seal (and so accept) a plaintext binding written beside it', async () => {
    await vault().setPassphrase(undefined, PASS);
    const [, , binding] = Object.keys(SECRETS) as [string, string, string];
    await raw.set(binding, 'e'.repeat(64)); // the attacker's binding, in plaintext
    await raw.set('vault:key-next', (await raw.get('vault:key'))!);
    const v = vault();
    await v.unlock(PASS);
    assert.equal(isSealed((await raw.get(binding))!), false, 'not sealed under the real key');
    assert.equal(await v.get(binding), null, 'and not used');
    assert.equal(await raw.get('vault:key-next'), null);
  });

  it('a removal cut short after its key was deleted does not later wipe a new passphrase', async () => {
    await vault().setPassphrase(undefined, PASS);
    const total = Number(/done after (\d+) steps/.exec(await runChild('remove', PASS, null, -1))?.[1]);
    for (const k of await raw.keys()) await raw.delete(k);
    const plain = vault();
    for (const [k, value] of Object.entries(SECRETS)) await plain.set(k, value);
    await vault().setPassphrase(undefined, PASS);
    assert.match(await runChild('remove', PASS, null, total - 1), /^crash at key-removed/);
    const v = vault();
    assert.deepEqual(await v.lockStatus(), { passphraseSet: false, locked: false });
    await v.setPassphrase(undefined, PASS_2);
    const after = vault();
    await after.unlock(PASS_2);
    assert.deepEqual(await after.lockStatus(), { passphraseSet: true, locked: false }, 'the new passphrase stays');
    for (const k of Object.keys(SECRETS)) assert.ok(isSealed((await raw.get(k))!), `${k} sealed`);
    await assertAllReadable(after);
  });

  it('a deleted vault key leaves the vault locked (never silently without a passphrase), and says to reset', async () => {
    await vault().setPassphrase(undefined, PASS);
    await raw.delete('vault:key');
    const v = vault();
    assert.deepEqual(await v.lockStatus(), { passphraseSet: true, locked: true });
    const [k] = Object.keys(SECRETS);
    assert.equal((await failure(v.get(k!))).code, 'vault-locked');
    assert.equal((await failure(v.set(k!, 'typed again'))).code, 'vault-locked', 'nothing is stored unencrypted');
    const err = await failure(v.unlock(PASS));
    assert.equal(err.code, 'data-file');
    assert.match(err.message, /Forgot passphrase/);
  });

  it('wrong passphrases tried in parallel each count against the delay', async () => {
    await vault().setPassphrase(undefined, PASS);
    const v = vault();
    const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => failure(v.unlock(`wrong-${i}`)).then((e) => e.code)));
    assert.equal(codes.filter((c) => c === 'wrong-passphrase').length, 3, 'three free tries, then the wait');
    assert.equal(codes.filter((c) => c === 'rate-limited').length, 7);
  });

  it('refuses key-derivation parameters heavier than a desktop should spend (a tampered record)', async () => {
    await vault().setPassphrase(undefined, PASS);
    const record = JSON.parse((await raw.get('vault:key'))!) as { params: { N: number; r: number; p: number } };
    for (const params of [
      { ...record.params, N: 2 ** 20 },
      { ...record.params, r: 16 },
      { ...record.params, p: 4 },
    ]) {
      await raw.set('vault:key', JSON.stringify({ ...record, params }));
      assert.equal((await failure(vault().unlock(PASS))).code, 'data-file');
    }
  });
});

/** Runs one set/change/remove in a child process that SIGKILLs itself at checkpoint `crashAt` (-1: never). */
function runChild(op: 'set' | 'change' | 'remove', current: string | null, next: string | null, crashAt: number): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, service, op, current ?? '-', next ?? '-', String(crashAt)], (_error, stdout) =>
      resolve(stdout),
    );
  });
}

describe('crash safety (SIGKILL at every step)', () => {
  const cases = [
    { op: 'set', before: null, after: PASS },
    { op: 'change', before: PASS, after: PASS_2 },
    { op: 'remove', before: PASS, after: null },
  ] as const;
  for (const { op, before, after } of cases) {
    it(`${op}: the vault opens afterwards with the old or the new passphrase, no secret lost`, async () => {
      const total = Number(
        /done after (\d+) steps/.exec(
          await (async () => {
            if (before) await vault().setPassphrase(undefined, before);
            const out = await runChild(op, before, after, -1);
            // Put the keychain back as it was before this dry run.
            for (const k of await raw.keys()) await raw.delete(k);
            const plain = vault();
            for (const [k, v] of Object.entries(SECRETS)) await plain.set(k, v);
            return out;
          })(),
        )?.[1],
      );
      assert.ok(total >= (op === 'change' ? 1 : 5), `the operation has checkpoints (${total})`);
      console.log(`${op}: ${total} crash points`);
      for (let crashAt = 0; crashAt < total; crashAt++) {
        if (before) await vault().setPassphrase(undefined, before);
        const out = await runChild(op, before, after, crashAt);
        assert.match(out, /^crash at /, `crashed at step ${crashAt}`);
        const v = vault();
        const status = await v.lockStatus();
        if (status.passphraseSet) {
          const opened =
            (await v.unlock(after ?? '').then(
              () => true,
              () => false,
            )) ||
            (before !== null &&
              (await v.unlock(before).then(
                () => true,
                () => false,
              )));
          assert.ok(opened, `step ${crashAt}: opens with the old or the new passphrase`);
        }
        await assertAllReadable(v);
        // Reset for the next crash point.
        for (const k of await raw.keys()) await raw.delete(k);
        const plain = vault();
        for (const [k, value] of Object.entries(SECRETS)) await plain.set(k, value);
      }
    });
  }
});
