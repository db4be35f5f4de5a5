/**
 * Setting and removing the vault passphrase re-seal every keychain entry, in the
 * app. `wxm-vault` runs beside the app on the same keychain; it used to finish,
 * at its unlock, a set or removal it found half done, even one the app was still
 * in the middle of. Now only the data folder's holder re-seals. So a real
 * wxm-vault process on a real terminal is run at every step of the app's set and
 * removal: it must read the right token and write nothing, the app's operation
 * must end as it would alone, and the vault must afterwards open with the new
 * passphrase (or none), every secret sealed (or plain) and intact.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { acquireDataLock, type DataLock } from '../../electron/core/data-folder/data-lock';
import { createLogger } from '../../electron/core/logger';
import { isSealed } from '../../electron/core/passphrase/envelope';
import { PassphraseVault } from '../../electron/core/passphrase/passphrase-vault';
import { Redactor } from '../../electron/core/redactor';
import { useCliVault } from '../harness/cli-fixture';
import { runOnTerminal } from '../harness/cli-run';
import { needsLinux, UTIL_LINUX_TERMINAL } from '../harness/host-needs';
import { TEST_KDF } from './fixtures/test-kdf';

const v = await useCliVault();
const PASS = `migrating ${randomUUID()}`;

let appLock: DataLock;
/** The keychain as the app left it with no passphrase: the account's password, binding and shared token. */
let plain: Map<string, string>;
let token: string;

beforeEach(async () => {
  await v.h.vault.accounts.forgetTokens();
  token = await v.h.vault.accounts.accessToken(v.ops);
  plain = new Map();
  for (const key of await v.h.secrets.keys()) plain.set(key, (await v.h.secrets.get(key))!);
  assert.ok(
    [...plain.values()].some((value) => value.includes(token)),
    'the app shares its token',
  );
  // The app runs: it holds the data folder, so wxm-vault only reads the token it shares.
  appLock = acquireDataLock(v.h.dataDir, { shell: 'browser' });
});
afterEach(() => appLock.release());

/** Every keychain entry as stored, but the wrong-passphrase count (which any unlock may write). */
async function snapshot(): Promise<Map<string, string | null>> {
  const names = (await v.h.secrets.keys()).filter((key) => key !== 'vault:unlock-throttle').sort();
  return new Map(await Promise.all(names.map(async (key) => [key, await v.h.secrets.get(key)] as const)));
}

async function restorePlain(): Promise<void> {
  for (const key of await v.h.secrets.keys()) await v.h.secrets.delete(key);
  for (const [key, value] of plain) await v.h.secrets.set(key, value);
}

/** The app's passphrase layer (the same class on the same keychain), pausing at checkpoint `at` for `during`. */
function appLayer(at: number, during: () => Promise<void>): PassphraseVault & { steps: string[] } {
  const steps: string[] = [];
  const layer = new PassphraseVault(v.h.secrets, {
    logger: createLogger(new Redactor(), []),
    now: Date.now,
    kdf: TEST_KDF,
    checkpoint: async (step) => {
      if (steps.push(step) - 1 === at) await during();
    },
  });
  return Object.assign(layer, { steps });
}

/** `wxm-vault token ops` on a terminal, answering its passphrase prompt, if any, with `passphrase`. */
function tokenOnTerminal(passphrase: string): Promise<{ code: number | null; output: string }> {
  let answered = false;
  return runOnTerminal(v.target, ['token', 'ops'], (output, type) => {
    if (answered || !output.includes('WXM Vault passphrase: ')) return;
    answered = true;
    type(`${passphrase}\r`);
  });
}

const cases = [
  { op: 'set', before: null, after: PASS },
  { op: 'remove', before: PASS, after: null },
] as const;

describe('wxm-vault while the app sets or removes the passphrase', { skip: needsLinux(UTIL_LINUX_TERMINAL) }, () => {
  for (const { op, before, after } of cases) {
    it(`${op}: at every step, wxm-vault reads the shared token and the app's ${op} ends as it would alone`, async () => {
      const prepare = async () => {
        await restorePlain();
        if (before)
          await new PassphraseVault(v.h.secrets, { logger: createLogger(new Redactor(), []), now: Date.now, kdf: TEST_KDF }).setPassphrase(
            undefined,
            before,
          );
      };
      await prepare();
      const dry = appLayer(-1, async () => {});
      await dry.setPassphrase(before ?? undefined, after);
      assert.ok(dry.steps.length >= 4, `the ${op} has steps: ${dry.steps.join(', ')}`);

      for (let at = 0; at < dry.steps.length; at++) {
        await prepare();
        const where = `wxm-vault run at "${dry.steps[at]}"`;
        let cli: { code: number | null; output: string } | null = null;
        let untouched = false;
        const app = appLayer(at, async () => {
          const seen = await snapshot();
          cli = await tokenOnTerminal(before ?? after!);
          untouched = isDeepStrictEqual(await snapshot(), seen);
        });
        if (before) await app.unlock(before);
        const outcome = await app.setPassphrase(before ?? undefined, after).then(
          (status) => status,
          (error: unknown) => error,
        );
        assert.deepEqual(outcome, { passphraseSet: after !== null, locked: false }, `${where}: the app's ${op} ends as alone`);
        assert.ok(cli, `${where}: it ran`);
        const ran = cli as { code: number | null; output: string };
        assert.equal(ran.code, 0, `${where}: ${ran.output}`);
        assert.ok(ran.output.includes(token), `${where}: the shared token is printed`);
        assert.ok(untouched, `${where}: it wrote nothing to the keychain the app is re-sealing`);

        const [first] = plain.keys();
        if (after) {
          const sealed = (await v.h.secrets.get(first!))!;
          await v.h.secrets.set(first!, 'planted by another program');
          assert.equal(await app.get(first!), null, `${where}: the app still refuses an unsealed value`);
          await v.h.secrets.set(first!, sealed);
        }
        const reopened = new PassphraseVault(v.h.secrets, { logger: createLogger(new Redactor(), []), now: Date.now });
        assert.deepEqual(await reopened.lockStatus(), { passphraseSet: after !== null, locked: after !== null }, where);
        if (after) await reopened.unlock(after);
        for (const [key, value] of plain) {
          if (after) assert.ok(isSealed((await v.h.secrets.get(key))!), `${where}: ${key} sealed`);
          if (!after) assert.equal(await v.h.secrets.get(key), value, `${where}: ${key} plain again`);
          assert.equal(await reopened.get(key), value, `${where}: ${key} intact`);
        }
      }
    });
  }
});

describe('a process without the data folder', () => {
  it('cannot start a set or a removal either, and is told where to do it', async () => {
    const beside = new PassphraseVault(v.h.secrets, { logger: createLogger(new Redactor(), []), now: Date.now, holdsDataFolder: () => false });
    const before = await snapshot();
    await assert.rejects(beside.setPassphrase(undefined, PASS), /in the WXM Vault app/);
    assert.deepEqual(await snapshot(), before);
  });
});

describe('wxm-vault once the app is gone', () => {
  it('holding the data folder itself, it finishes a set that the app’s end cut short', async () => {
    appLock.release();
    const cut = appLayer(1, async () => {
      throw new Error('the app is gone');
    });
    await assert.rejects(cut.setPassphrase(undefined, PASS), /the app is gone/);
    assert.notEqual(await v.h.secrets.get('vault:key-next'), null, 'the set is half done');

    const ran = await tokenOnTerminal(PASS);
    assert.equal(ran.code, 0, ran.output);
    assert.equal(await v.h.secrets.get('vault:key-next'), null, 'finished');
    const reopened = new PassphraseVault(v.h.secrets, { logger: createLogger(new Redactor(), []), now: Date.now });
    await reopened.unlock(PASS);
    for (const [key, value] of plain) {
      assert.ok(isSealed((await v.h.secrets.get(key))!), `${key} sealed`);
      assert.equal(await reopened.get(key), value, `${key} intact`);
    }
  });
});
