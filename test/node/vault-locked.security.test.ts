/**
 * The locked state through the real vault and dispatcher (real keychain, real
 * X11 clipboard, the WXM test server): with a passphrase set and the vault
 * locked, every channel but the lock screen's answers `vault-locked` before any
 * handler runs — with valid and with fuzzed payloads — nothing reaches WXM or
 * the keychain's secrets, and neither a canary passphrase nor the data key
 * itself (unwrapped from the raw keychain) appears in any log, reply, event or
 * file.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { CHANNEL_NAMES, CHANNELS_WHILE_LOCKED, type AccountView, type ChannelName, type Reply } from '../../electron/common/ipc-contract';
import { isSealed, open } from '../../electron/core/passphrase/envelope';
import { VAULT_ENTRY } from '../../electron/core/passphrase/entries';
import { unwrapDataKey } from '../../electron/core/passphrase/wrapped-key';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { x11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { startWxmServer } from '../../electron/sandbox/wxm-sandbox';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

usePrivateDisplay();
const top = { origin: 'app://vault', isMainFrame: true };
const PASSWORD = `canary-pw-${randomUUID()}`;
const PASSPHRASE = `canary-passphrase-${randomUUID()}`;
const ID = randomUUID();

const server = await startWxmServer({
  users: [
    { username: 'locked@acme', password: PASSWORD, station: 'eu' },
    { username: 'second@acme', password: PASSWORD, station: 'au' },
  ],
});
after(() => server.close());

let h: VaultHarness;
let events: unknown[];
let id: string;

async function call<T>(channel: string, payload?: unknown): Promise<T> {
  const reply = await h.dispatch(top, channel, payload);
  if (!reply.ok) throw Object.assign(new Error(`${channel}: ${reply.error.message}`), { code: reply.error.code });
  return reply.value as T;
}

const VALID: Partial<Record<ChannelName, unknown>> = {
  'accounts:add': { label: 'L', username: 'locked@acme', secret: PASSWORD, authMode: 'password' },
  'accounts:update': { id: ID, label: 'L' },
  'accounts:remove': { id: ID },
  'accounts:login': { id: ID },
  'accounts:sendCode': { id: ID },
  'accounts:import': { json: '[]' },
  'apikey:fetch': { id: ID },
  'apikey:generate': { id: ID },
  'apikey:use': { id: ID, enabled: true },
  'clipboard:copy': { id: ID, kind: 'token' },
  'settings:update': { clipboardClearSeconds: 30 },
  'vault:passphrase': { next: 'another passphrase' },
};

beforeEach(async () => {
  h = createVaultHarness({ trustedOrigin: top.origin, clipboard: x11Clipboard });
  events = [];
  h.onEvent = (event, payload) => events.push([event, payload]);
  id = (
    await call<AccountView>('accounts:add', {
      label: 'Locked',
      username: 'locked@acme',
      secret: PASSWORD,
      authMode: 'password',
      baseUrl: server.baseUrl,
    })
  ).id;
  VALID['accounts:update'] = { id, label: 'L' };
  VALID['clipboard:copy'] = { id, kind: 'token' };
  await call('vault:passphrase', { next: PASSPHRASE });
  await call('vault:lock');
});
afterEach(() => h.dispose());

describe('a locked vault', () => {
  it("reports itself locked, and every channel but the lock screen's answers vault-locked without running a handler", async () => {
    assert.deepEqual(await call('vault:status'), { passphraseSet: true, locked: true });
    server.resetCounts();
    const keysBefore = (await h.secrets.keys()).sort();
    for (const channel of CHANNEL_NAMES.filter((c) => !CHANNELS_WHILE_LOCKED.has(c))) {
      for (const payload of [VALID[channel], { ...(VALID[channel] as object), extra: 'x'.repeat(10_000) }, null]) {
        const reply = await h.dispatch(top, channel, payload);
        assert.equal(reply.ok, false, channel);
        // A malformed payload is still refused as such first; a well-formed one meets the lock.
        if (!reply.ok && payload === VALID[channel]) assert.equal(reply.error.code, 'vault-locked', channel);
        if (!reply.ok) assert.ok(['vault-locked', 'bad-request'].includes(reply.error.code), `${channel}: ${reply.error.code}`);
      }
    }
    assert.equal(server.requests.length, 0, 'nothing reached WXM');
    assert.deepEqual((await h.secrets.keys()).sort(), keysBefore, 'no keychain entry added or removed');
  });

  it('keeps every stored secret sealed, and unlocks with the passphrase; a wrong one is refused', { skip: needsLinux(X11_CLIPBOARD) }, async () => {
    const accountEntries = (await h.secrets.keys()).filter((k) => k.startsWith('account:'));
    assert.equal(accountEntries.length, 2, 'the password and its binding');
    for (const key of accountEntries) {
      const value = await h.secrets.get(key);
      assert.ok(value === null || isSealed(value), `${key} sealed at rest`);
    }
    const wrong = await h.dispatch(top, 'vault:unlock', { passphrase: 'not it' });
    assert.equal(wrong.ok, false);
    if (!wrong.ok) assert.equal(wrong.error.code, 'wrong-passphrase');
    assert.deepEqual(await call('vault:unlock', { passphrase: PASSPHRASE }), { passphraseSet: true, locked: false });
    await call('clipboard:copy', { id, kind: 'token' });
    assert.equal(server.loginSuccesses('locked@acme'), 2, 'logged in again with the unsealed password');
  });

  it('forgot passphrase: a reset needs the typed confirmation, removes the stored secrets and keeps the accounts, asking for passwords', async () => {
    const refused = await h.dispatch(top, 'vault:reset', { confirm: 'yes' });
    assert.equal(refused.ok, false);
    assert.deepEqual(await call('vault:reset', { confirm: 'RESET' }), { passphraseSet: false, locked: false });
    assert.deepEqual(await h.secrets.keys(), []);
    const [view] = await call<AccountView[]>('accounts:list');
    assert.equal(view?.id, id);
    assert.equal(view?.tokenState, 'needs-attention');
    assert.match(view!.problem!.message, /vault was reset.*enter its password again/);
  });

  it('the passphrase and the password appear in no log line, reply, event or data file', async () => {
    await h.dispatch(top, 'vault:unlock', { passphrase: `${PASSPHRASE}-wrong` });
    await call('vault:unlock', { passphrase: PASSPHRASE });
    await call('vault:passphrase', { current: PASSPHRASE, next: `${PASSPHRASE}-2` });
    await call('vault:lock');
    await call('vault:unlock', { passphrase: `${PASSPHRASE}-2` });
    await call('vault:passphrase', { current: `${PASSPHRASE}-2`, next: null });
    const files = readdirSync(h.dataDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => readFileSync(join(d.parentPath, d.name), 'utf8'));
    const everything = [...files, JSON.stringify(h.replies as Array<{ reply: Reply<unknown> }>), JSON.stringify(events)].join('\n');
    for (const canary of [PASSPHRASE, PASSWORD]) assert.ok(!everything.includes(canary), 'canary leaked');
    assert.ok(readFileSync(h.logPath, 'utf8').includes('wrong passphrase'), 'the fact of a wrong passphrase is logged');
  });

  it(
    'the data key, in any encoding, appears in no log, data file, reply, event or keychain value after a use of the vault',
    { skip: needsLinux(X11_CLIPBOARD) },
    async () => {
      await call('vault:unlock', { passphrase: PASSPHRASE });
      // The key itself, read the way an attacker with the passphrase would: the raw keychain record, unwrapped.
      const record = await h.secrets.get(VAULT_ENTRY.key);
      assert.ok(record, 'the wrapped key is in the keychain');
      const dataKey = await unwrapDataKey(record, PASSPHRASE);
      assert.ok(dataKey, 'the passphrase unwraps it');
      // It is the key in use, not some other: it opens the sealed password entry.
      const passwordEntry = `account:${id}:password`;
      assert.equal(open(dataKey, passwordEntry, (await h.secrets.get(passwordEntry))!), PASSWORD);

      const second = await call<AccountView>('accounts:add', {
        label: 'Second',
        username: 'second@acme',
        secret: PASSWORD,
        authMode: 'password',
        baseUrl: server.baseUrl,
      });
      await call('accounts:login', { id });
      await call('clipboard:copy', { id, kind: 'token' });
      await call('clipboard:copy', { id: second.id, kind: 'bearerHeader' });
      await call('vault:lock');
      await call('vault:unlock', { passphrase: PASSPHRASE });
      await call('clipboard:copy', { id, kind: 'token' });
      await call('accounts:list');
      await call('accounts:export');
      // Changing rewraps the same key: still the one to look for.
      await call('vault:passphrase', { current: PASSPHRASE, next: `${PASSPHRASE}-2` });
      assert.ok(dataKey.equals((await unwrapDataKey((await h.secrets.get(VAULT_ENTRY.key))!, `${PASSPHRASE}-2`))!), 'same data key');
      await call('vault:lock');
      await call('vault:unlock', { passphrase: `${PASSPHRASE}-2` });
      await call('clipboard:copy', { id: second.id, kind: 'token' });
      await call('clipboard:clear');
      await call('vault:lock');

      const forms = {
        base64: dataKey.toString('base64'),
        base64url: dataKey.toString('base64url'),
        hex: dataKey.toString('hex'),
        HEX: dataKey.toString('hex').toUpperCase(),
        'byte list': dataKey.toJSON().data.join(','),
      };
      const haystacks: Array<{ where: string; bytes: Buffer }> = [
        // The data folder holds the log too (logs/), rotated files included.
        ...readdirSync(h.dataDir, { recursive: true, withFileTypes: true })
          .filter((d) => d.isFile())
          .map((d) => ({ where: `file ${join(d.parentPath, d.name).slice(h.dataDir.length)}`, bytes: readFileSync(join(d.parentPath, d.name)) })),
        ...h.replies.map((r, i) => ({ where: `reply #${i} (${String(r.channel)})`, bytes: Buffer.from(JSON.stringify(r.reply)) })),
        ...events.map((e, i) => ({ where: `event #${i}`, bytes: Buffer.from(JSON.stringify(e)) })),
      ];
      for (const key of await h.secrets.keys()) haystacks.push({ where: `keychain ${key}`, bytes: Buffer.from((await h.secrets.get(key)) ?? '') });
      assert.ok(
        haystacks.some((x) => x.where.endsWith('main.log') && x.bytes.length > 500),
        'the log recorded the flow',
      );
      assert.ok(h.replies.length > 10 && events.length > 0, 'replies and events to scan');
      const found: string[] = [];
      for (const { where, bytes } of haystacks) {
        for (const [name, text] of Object.entries(forms)) if (bytes.includes(text)) found.push(`${where}: ${name}`);
        if (bytes.includes(dataKey)) found.push(`${where}: raw bytes`);
      }
      assert.deepEqual(found, []);
    },
  );
});
