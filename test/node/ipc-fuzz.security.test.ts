/**
 * Fuzzes every IPC channel through the real vault and dispatcher (real keychain,
 * real data folder, real log file): malformed, oversized, wrong-typed and
 * prototype-polluting payloads, unknown channels and wrong senders. Each must be
 * refused with a clear `bad-request`, nothing may change on disk or in the
 * keychain, no handler may touch the clipboard, and the vault keeps answering.
 * Twice: without a passphrase, and with one set and the vault locked, where
 * the lock screen's channels get the same junk and every well-formed request on
 * any other channel meets `vault-locked`, and the vault stays locked.
 *
 * Deterministic: a seeded generator, a bounded number of cases per channel.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as contract from '../../electron/common/ipc-contract';
import { CHANNEL_NAMES, CHANNELS_WHILE_LOCKED, IPC_PREFIX, type AccountView, type ChannelName, type Reply } from '../../electron/common/ipc-contract';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import type { SenderFrame } from '../../electron/core/ipc-dispatcher';
import { VAULT_ENTRY } from '../../electron/core/passphrase/entries';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { WELL_FORMED } from '../harness/well-formed-requests';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

const ORIGIN = 'app://vault';
const top = { origin: ORIGIN, isMainFrame: true };
const SEED = 0x5eed_2026;
const RANDOM_CASES_PER_CHANNEL = 60;
const password = `fuzz-pw-${randomUUID()}`;

// ---- a small deterministic generator (mulberry32) ---------------------------------

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}

const MB = 1024 * 1024;
const HUGE = 'A'.repeat(4 * MB);
const HUGE_UNICODE = '\u{1F511}'.repeat(MB); // 2M UTF-16 units, 4 MB of UTF-8
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\r\n{"level":"error","message":"forged"}',
  '../../../../etc/passwd',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "'; DROP TABLE accounts; --",
  '\u202e\u200b\ufeff',
  'A'.repeat(37),
  '00000000-0000-0000-0000-00000000000G',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  HUGE,
  HUGE_UNICODE,
];
const WRONG_TYPES: unknown[] = [
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  10n,
  true,
  false,
  null,
  [],
  ['x'],
  {},
  new Date(0),
  /re/,
  new Map([['a', 1]]),
  new Set([1]),
  new Uint8Array(8),
  new Error('boom'),
];

/** Objects that try to smuggle keys through the prototype chain or as own "magic" keys. */
function pollution(base: Record<string, unknown>): unknown[] {
  return [
    JSON.parse(`{"__proto__":{"polluted":true}${Object.keys(base).length ? `,${JSON.stringify(base).slice(1)}` : '}'}`),
    { ...base, constructor: { prototype: { polluted: true } } },
    { ...base, prototype: { polluted: true } },
    { ...base, toString: 'x', valueOf: 1, hasOwnProperty: 'x' },
    Object.assign(Object.create({ ...base, inherited: true }), {}),
    Object.assign(Object.create({ polluted: true }), base),
    Object.assign(Object.create(null), base, { extra: 1 }),
    { ...base, extra: HUGE },
  ];
}

/** Payloads that must be refused for this channel, each with a label for failure messages. */
function* badPayloads(channel: ChannelName): Generator<[string, unknown]> {
  const base = WELL_FORMED[channel];
  // Whole-payload junk. For request-less channels only undefined, null and {} are valid.
  const whole: unknown[] = [
    ...WRONG_TYPES.filter((v) => v !== null && !(typeof v === 'object' && v !== null && v.constructor === Object)),
    ...NASTY_STRINGS,
  ];
  for (const [i, v] of whole.entries()) yield [`whole#${i}`, v];
  yield ['array of the valid payload', [base ?? {}]];
  yield ['unknown key', { ...(base ?? {}), nope: 1 }];
  for (const [i, v] of pollution(base ?? {}).entries()) yield [`pollution#${i}`, v];
  if (!base) return;
  // Each field replaced by every wrong type and nasty string. No field in the contract takes an
  // object, so every non-primitive must be refused; a primitive is skipped only when it is a
  // legitimately valid value for that field (e.g. `true` for a boolean, 0 for a setting).
  const { channels } = contract;
  for (const key of Object.keys(base)) {
    for (const [i, v] of [...WRONG_TYPES, ...NASTY_STRINGS].entries()) {
      const candidate = { ...base, [key]: v };
      if (v === null || typeof v !== 'object') {
        try {
          channels[channel].request.parse(candidate);
          continue;
        } catch {
          // invalid, as intended
        }
      }
      yield [`${key}=#${i}`, candidate];
    }
  }
}

/** Random junk from the seeded generator: nested values of every structured-clone type. */
function randomValue(r: ReturnType<typeof rng>, depth = 0): unknown {
  const kind = r.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return r.pick([0, -1, 2 ** 53, 1e308, -0, 3.14, Number.NaN]);
    case 1:
      return r.pick(NASTY_STRINGS.slice(0, -2)) + String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(0xffff)));
    case 2:
      return r.pick([true, false, null, undefined]);
    case 3:
      return r.pick(['password', 'apiKey', 'token', 'bearerHeader', ID, ID.toUpperCase()]);
    case 4:
      return r.pick([HUGE, HUGE_UNICODE]);
    case 5:
      return new Uint8Array(r.int(64));
    case 6:
      return Array.from({ length: r.int(5) }, () => randomValue(r, depth + 1));
    default: {
      const keys = ['id', 'label', 'username', 'secret', 'authMode', 'baseUrl', 'otp', 'json', 'kind', 'enabled', '__proto__', 'constructor', 'x'];
      const out: Record<string, unknown> = {};
      for (let i = r.int(5); i >= 0; i--)
        Object.defineProperty(out, r.pick(keys), { value: randomValue(r, depth + 1), enumerable: true, configurable: true, writable: true });
      return out;
    }
  }
}

// ---- the vault under test -----------------------------------------------------------

const clipboardTouches: string[] = [];
/** The fuzz must never reach the clipboard: every call is recorded and the test fails on any. */
const watchedClipboard: ClipboardPort = {
  readText: async () => (clipboardTouches.push('read'), ''),
  writeText: async () => void clipboardTouches.push('write'),
  clear: async () => void clipboardTouches.push('clear'),
};

let server: WxmTestServer;

before(async () => {
  server = await startWxmServer({ users: [{ username: 'fuzz@acme', password, apiKey: 'fuzz-api-key-0000', station: 'au' }] });
});
after(() => server.close());

function snapshotFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const rel = relative(dir, path);
      if (rel === 'logs' || rel.startsWith(`logs/`)) continue; // the log grows by design; scanned separately
      if (entry.isDirectory()) walk(path);
      else out.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** Every raw keychain entry (the passphrase layer's own included) with a digest of its value: a re-seal changes them all. */
async function snapshotKeychain(h: VaultHarness): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of (await h.secrets.keys()).sort())
    out.set(
      key,
      createHash('sha256')
        .update((await h.secrets.get(key)) ?? '')
        .digest('hex'),
    );
  return out;
}

/**
 * 'plain': no passphrase. 'locked': a passphrase set, then locked. The schema is checked before the lock, so the
 * same junk must meet the same `bad-request` on every channel, the lock screen's own included; the lock must
 * then hold against everything that gets through the schema.
 */
function fuzz(mode: 'plain' | 'locked'): void {
  let h: VaultHarness;
  let filesBefore: Map<string, string>;
  let keychainBefore: Map<string, string>;
  let accountsBefore: AccountView[];
  let logSizeBefore: number;
  let cases = 0;

  async function expectRefused(channel: unknown, payload: unknown, label: string, sender: SenderFrame = top): Promise<void> {
    cases++;
    const reply = (await h.dispatch(sender, channel, payload)) as Reply<unknown>;
    assert.equal(reply.ok, false, `${String(channel).slice(0, 40)} ${label}: accepted`);
    if (reply.ok) return;
    assert.equal(reply.error.code, 'bad-request', `${String(channel).slice(0, 40)} ${label}: ${reply.error.code} ${reply.error.message}`);
    assert.match(
      reply.error.message,
      /^(Invalid request: .+: expected .+\.|Unknown request\.|Request refused: it did not come from the WXM Vault window\.)$/,
      `${String(channel).slice(0, 40)} ${label}: unclear message`,
    );
    assert.ok(reply.error.message.length < 400, `${label}: the message echoes the payload`);
    assert.ok(!reply.error.message.includes(HUGE.slice(0, 64)), `${label}: the message echoes the payload`);
  }

  describe(`IPC fuzzing, ${mode === 'plain' ? 'no passphrase' : 'passphrase set and locked'} (real vault, dispatcher, keychain and files)`, () => {
    before(async () => {
      h = createVaultHarness({ trustedOrigin: ORIGIN, clipboard: watchedClipboard });
      // Real data to protect: an account (data file + keychain entry) and saved settings.
      const added = await h.dispatch(top, 'accounts:add', {
        label: 'Fuzz',
        username: 'fuzz@acme',
        secret: password,
        authMode: 'password',
        baseUrl: server.baseUrl,
      });
      assert.equal(added.ok, true, JSON.stringify(added));
      const saved = await h.dispatch(top, 'settings:update', { clipboardClearSeconds: 45 });
      assert.equal(saved.ok, true, JSON.stringify(saved));
      const list = await h.dispatch(top, 'accounts:list', undefined);
      assert.ok(list.ok);
      accountsBefore = list.value as AccountView[];
      if (mode === 'locked') {
        assert.equal((await h.dispatch(top, 'vault:passphrase', { next: `fuzz passphrase ${randomUUID()}` })).ok, true);
        assert.equal((await h.dispatch(top, 'vault:lock', undefined)).ok, true);
        assert.deepEqual(await h.dispatch(top, 'vault:status', undefined), { ok: true, value: { passphraseSet: true, locked: true } });
      }
      filesBefore = snapshotFiles(h.dataDir);
      keychainBefore = await snapshotKeychain(h);
      logSizeBefore = statSync(h.logPath).size;
      clipboardTouches.length = 0;
    });

    after(() => h.dispose());

    it('the data folder and keychain have real things to protect', () => {
      assert.ok(filesBefore.size >= 2, `expected an account file and a settings file, found ${[...filesBefore.keys()].join(', ')}`);
      assert.ok(
        [...keychainBefore.keys()].some((k) => k.startsWith('account:')),
        'an account entry',
      );
      if (mode === 'locked') assert.ok(keychainBefore.has(VAULT_ENTRY.key), 'the wrapped data key');
    });

    for (const channel of CHANNEL_NAMES) {
      it(`${channel}: malformed, oversized, wrong-typed and prototype-polluting payloads are each refused with a clear bad-request`, async () => {
        for (const [label, payload] of badPayloads(channel)) await expectRefused(channel, payload, label);
        const r = rng(SEED ^ channel.length ^ channel.charCodeAt(0) ^ (channel.charCodeAt(channel.length - 1) << 8));
        for (let i = 0; i < RANDOM_CASES_PER_CHANNEL; i++) {
          const payload = randomValue(r);
          // Only undefined, null and {} are valid for request-less channels; skip the rare valid draw.
          if (WELL_FORMED[channel] === undefined && (payload === undefined || payload === null)) continue;
          let valid = true;
          try {
            contract.channels[channel].request.parse(payload);
          } catch {
            valid = false;
          }
          if (valid) continue;
          await expectRefused(channel, payload, `random#${i}`);
        }
      });

      it(`${channel}: a wrong sender is refused before the payload is even looked at`, async () => {
        const evil = [
          { origin: 'https://evil.example', isMainFrame: true },
          { origin: 'app://vault.evil', isMainFrame: true },
          { origin: 'http://127.0.0.1:1', isMainFrame: true },
          { origin: ORIGIN, isMainFrame: false },
          { origin: null, isMainFrame: true },
          { origin: 'null', isMainFrame: true },
          { origin: 'APP://VAULT', isMainFrame: true },
          { origin: `${ORIGIN}/`, isMainFrame: true },
          { origin: ORIGIN, isMainFrame: 'true' as unknown as boolean },
        ];
        for (const sender of evil) await expectRefused(channel, WELL_FORMED[channel], `sender ${JSON.stringify(sender)}`, sender);
      });

      if (mode === 'locked' && !CHANNELS_WHILE_LOCKED.has(channel)) {
        it(`${channel}: a well-formed request meets the lock (vault-locked)`, async () => {
          // Request-less channels take undefined, null and {}; the rest their valid payload and a few valid variants.
          const wellFormed = WELL_FORMED[channel] === undefined ? [undefined, null, {}] : [WELL_FORMED[channel], { ...WELL_FORMED[channel] }];
          for (const payload of wellFormed) {
            contract.channels[channel].request.parse(payload);
            const reply = await h.dispatch(top, channel, payload);
            assert.deepEqual(
              reply,
              { ok: false, error: { code: 'vault-locked', message: 'WXM Vault is locked. Enter your vault passphrase to unlock it.' } },
              channel,
            );
          }
        });
      }
    }

    it('unknown, prefixed, prototype and oversized channel names are refused', async () => {
      const names: unknown[] = [
        'nope',
        '',
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        `${IPC_PREFIX}app:info`,
        'APP:INFO',
        'app:info ',
        HUGE,
        42,
        null,
        undefined,
        {},
        ['app:info'],
      ];
      for (const name of names) await expectRefused(name, undefined, `channel ${String(name).slice(0, 30)}`);
    });

    it('afterwards: no data file, keychain entry or clipboard changed, nothing polluted, and the vault still answers', async () => {
      assert.deepEqual(snapshotFiles(h.dataDir), filesBefore, 'data files are byte-identical');
      assert.deepEqual(await snapshotKeychain(h), keychainBefore, 'keychain entries and their values unchanged');
      assert.deepEqual(clipboardTouches, [], 'no fuzz case reached the clipboard');
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was not polluted');
      const info = await h.dispatch(top, 'app:info', undefined);
      assert.equal(info.ok, true);
      if (mode === 'locked') {
        assert.deepEqual(await h.dispatch(top, 'vault:status', undefined), { ok: true, value: { passphraseSet: true, locked: true } });
        const list = await h.dispatch(top, 'accounts:list', undefined);
        assert.ok(!list.ok && list.error.code === 'vault-locked', 'the list stays behind the lock');
        return;
      }
      const list = await h.dispatch(top, 'accounts:list', undefined);
      assert.ok(list.ok);
      assert.deepEqual(
        (list.value as AccountView[]).map((a) => [a.id, a.label, a.username]),
        accountsBefore.map((a) => [a.id, a.label, a.username]),
      );
      const settings = await h.dispatch(top, 'settings:get', undefined);
      assert.ok(settings.ok && (settings.value as { clipboardClearSeconds: number }).clipboardClearSeconds === 45);
    });

    it('the log recorded the refusals without the payloads (it grew by kilobytes, not megabytes)', () => {
      const grown = statSync(h.logPath).size - logSizeBefore;
      assert.ok(cases > 1000, `only ${cases} cases ran`);
      assert.ok(grown > 0, 'refusals are logged');
      assert.ok(grown < cases * 400, `the log grew by ${grown} bytes for ${cases} cases: payloads are being logged`);
      const log = readFileSync(h.logPath, 'utf8');
      assert.ok(!log.includes(HUGE.slice(0, 256)));
      assert.ok(!log.includes('"message":"forged"'), 'a CR/LF in a payload cannot forge a log line');
    });
  });
}

fuzz('plain');
fuzz('locked');
