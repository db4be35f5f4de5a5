/**
 * A canary password, a canary API key, a canary one-time code and every token
 * and key the WXM test server issues, driven through every IPC channel (and
 * their error paths) via the real vault and dispatcher: real keychain, real
 * data folder, real log file, WXM test server on loopback. Afterwards none of
 * them may appear in the log, in any file of the data folder, in any reply the
 * renderer got, or in any event pushed to it. The keychain is where they belong.
 *
 * The page-side view (DOM, web storage, IndexedDB) is covered by test/e2e/canary.e2e.ts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHANNEL_NAMES, type ChannelName, type Reply } from '../../electron/common/ipc-contract';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { errorCode } from '../harness/failure';
import { ipcCaller } from '../harness/ipc-call';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { x11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

const ORIGIN = 'app://vault';
const top = { origin: ORIGIN, isMainFrame: true };
const PASSWORD = `canaryPW-${randomUUID()}`;
const PASSWORD_2 = `canaryPW2-${randomUUID()}`;
const PASSPHRASE = `canaryPassphrase-${randomUUID()}`;
const PASSPHRASE_2 = `canaryPassphrase2-${randomUUID()}`;
const WRONG_PASSWORD = `canaryWRONG-${randomUUID()}`;
const API_KEY = `canaryKEY-${randomUUID()}`;
const OTP = '987123';
/** Shapes of what the test server issues: every access token and every generated key. */
const ISSUED_TOKEN = /tok-[A-Za-z0-9_-]{20,}/;
const ISSUED_KEY = /key-[0-9a-f]{20,}/;

/** The real X11 clipboard (private Xvfb), recording every write so the test can prove what went through main. */
class CapturingClipboard implements ClipboardPort {
  readonly written: string[] = [];
  readText = x11Clipboard.readText;
  clear = x11Clipboard.clear;
  async writeText(text: string): Promise<void> {
    this.written.push(text);
    await x11Clipboard.writeText(text);
  }
}

usePrivateDisplay();

let server: WxmTestServer;
let h: VaultHarness;
const clip = new CapturingClipboard();
const events: Array<{ event: string; payload: unknown }> = [];
const driven = new Set<ChannelName>();

async function send(channel: ChannelName, payload?: unknown): Promise<Reply<unknown>> {
  driven.add(channel);
  return h.dispatch(top, channel, payload);
}
const call = ipcCaller(send);

function dataFiles(dir: string): Array<{ rel: string; text: string }> {
  const out: Array<{ rel: string; text: string }> = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push({ rel: relative(dir, path), text: readFileSync(path).toString('latin1') });
    }
  };
  walk(dir);
  return out;
}

before(async () => {
  server = await startWxmServer({
    users: [
      { username: 'canary-pw@acme.test', password: PASSWORD, apiKey: API_KEY, station: 'uswest' },
      { username: 'canary-key@acme.test', password: 'unused-password-x', apiKey: API_KEY, station: 'euwest' },
      { username: 'canary-2fa@acme.test', password: PASSWORD, otp: OTP, station: 'au' },
    ],
  });
  h = createVaultHarness({ trustedOrigin: ORIGIN, clipboard: clip });
  h.onEvent = (event, payload) => events.push({ event, payload });
});

after(async () => {
  await h.dispose();
  await server.close();
});

describe('canary secrets through every flow', { skip: needsLinux(X11_CLIPBOARD) }, () => {
  it('drives every channel, happy and error paths, with canary secrets', async () => {
    await call('app:info');
    await call('keychain:status');
    await call('network:status');

    // Accounts: password, API key and two-factor logins.
    const pw = await call('accounts:add', {
      label: 'PW',
      username: 'canary-pw@acme.test',
      secret: PASSWORD,
      authMode: 'password',
      baseUrl: server.baseUrl,
    });
    const key = await call('accounts:add', {
      label: 'KEY',
      username: 'canary-key@acme.test',
      secret: API_KEY,
      authMode: 'apiKey',
      baseUrl: server.baseUrl,
    });
    assert.equal(
      await errorCode(
        call('accounts:add', { label: '2FA', username: 'canary-2fa@acme.test', secret: PASSWORD, authMode: 'password', baseUrl: server.baseUrl }),
      ),
      'two-factor-required',
    );
    const twoFa = await call('accounts:add', {
      label: '2FA',
      username: 'canary-2fa@acme.test',
      secret: PASSWORD,
      authMode: 'password',
      baseUrl: server.baseUrl,
      otp: OTP,
    });
    await call('accounts:list');
    await call('accounts:login', { id: pw.id });
    await call('accounts:login', { id: key.id });
    await errorCode(call('accounts:login', { id: twoFa.id })).catch(() => 'ok'); // may need a fresh code
    await send('accounts:sendCode', { id: twoFa.id }); // within a minute of the code-less login: refused, with the wait
    await send('accounts:login', { id: twoFa.id, otp: OTP });

    // Wrong and changed passwords.
    assert.equal(await errorCode(call('accounts:update', { id: pw.id, secret: WRONG_PASSWORD })), 'invalid-credentials');
    server.updateUser('canary-pw@acme.test', { password: PASSWORD_2 });
    await call('accounts:update', { id: pw.id, secret: PASSWORD_2, label: 'PW renamed' });

    // API keys: fetch, generate (the server mints a new one), use.
    await call('apikey:fetch', { id: pw.id });
    await call('apikey:generate', { id: pw.id });
    const generated = server.user('canary-pw@acme.test')?.apiKey;
    assert.match(String(generated), ISSUED_KEY);
    await call('apikey:use', { id: pw.id, enabled: true });
    await call('apikey:use', { id: pw.id, enabled: false });

    // Copies of every kind, a clear, and copies after the server revoked our tokens (re-login path).
    await call('settings:update', { clipboardClearSeconds: 0, idleLockMinutes: 5, expiryWarningMinutes: 30 });
    await call('settings:get');
    for (const kind of ['token', 'bearerHeader', 'apiKey'] as const) await call('clipboard:copy', { id: pw.id, kind });
    await call('clipboard:copy', { id: key.id, kind: 'token' });
    await call('clipboard:clear');
    server.revokeTokens();
    await send('clipboard:copy', { id: pw.id, kind: 'bearerHeader' });
    server.failNext(500, { count: 1, endpoint: 'LoginToken' });
    await send('accounts:login', { id: key.id });
    server.failNext(429, { count: 1, endpoint: 'LoginToken', retryAfter: '1' });
    await send('accounts:login', { id: key.id });

    // Refused payloads that carry the canary (must be refused without being logged).
    await errorCode(call('accounts:add', { label: 'x', username: 'y', secret: PASSWORD, authMode: 'password', baseUrl: `ftp://${PASSWORD}` }));
    await errorCode(call('accounts:update', { id: pw.id, otp: PASSWORD }));
    await errorCode(call('accounts:import', { json: `{"secret":"${PASSWORD}"` }));
    await errorCode(call('accounts:import', { json: JSON.stringify([{ label: 'i', username: 'u', secret: PASSWORD, apiKey: API_KEY }]) })).catch(
      () => 'imported',
    );

    // Export and import back; lock; remove.
    const exported = await call('accounts:export');
    const written = await call('accounts:exportToFile');
    assert.ok(written.path?.startsWith(h.exportDir), 'the file export went to the harness folder, which the data-folder scan covers');
    assert.equal(JSON.parse(readFileSync(written.path!, 'utf8')).accounts.length, written.count);
    await call('accounts:import', { json: exported.json });
    await call('clipboard:copy', { id: key.id, kind: 'token' });
    await call('vault:lock');
    await call('accounts:remove', { id: twoFa.id });

    // The vault passphrase: set, lock, a wrong and the right unlock, change, remove; then forgot-passphrase.
    await call('vault:status');
    await call('vault:passphrase', { next: PASSPHRASE });
    await call('vault:lock');
    assert.equal(await errorCode(call('clipboard:copy', { id: key.id, kind: 'token' })), 'vault-locked');
    assert.equal(await errorCode(call('vault:unlock', { passphrase: WRONG_PASSWORD })), 'wrong-passphrase');
    await call('vault:unlock', { passphrase: PASSPHRASE });
    await call('clipboard:copy', { id: key.id, kind: 'token' });
    await call('vault:passphrase', { current: PASSPHRASE, next: PASSPHRASE_2 });
    await call('vault:passphrase', { current: PASSPHRASE_2, next: null });
    await call('vault:reset', { confirm: 'RESET' });
    await h.vault.shutdown();

    assert.ok(
      clip.written.some((t) => ISSUED_TOKEN.test(t)),
      'a real issued token went through the clipboard (and so through main)',
    );
    assert.ok(clip.written.includes(generated!), 'the generated API key went through the clipboard');
  });

  it('every channel in the contract was driven', () => {
    assert.deepEqual([...driven].sort(), [...CHANNEL_NAMES].sort());
  });

  it('no canary, issued token or issued key is in the log, any data file, any reply or any event', () => {
    const canaries = [PASSWORD, PASSWORD_2, WRONG_PASSWORD, API_KEY, encodeURIComponent(PASSWORD), OTP, PASSPHRASE, PASSPHRASE_2];
    const generated = server.user('canary-pw@acme.test')!.apiKey!;
    const haystacks: Array<{ where: string; text: string }> = [
      { where: 'log', text: readFileSync(h.logPath, 'utf8') },
      ...dataFiles(h.dataDir).map((f) => ({ where: `data file ${f.rel}`, text: f.text })),
      ...h.replies.map((r, i) => ({ where: `reply #${i} (${String(r.channel)})`, text: JSON.stringify(r.reply) })),
      ...events.map((e, i) => ({ where: `event #${i} (${e.event})`, text: JSON.stringify(e.payload) })),
    ];
    assert.ok(haystacks.length > 40, 'there is something to scan');
    assert.ok(haystacks[0]!.text.length > 1000, 'the log recorded the flows');
    const found: string[] = [];
    for (const { where, text } of haystacks) {
      for (const c of canaries) if (text.includes(c)) found.push(`${where}: canary ${c.slice(0, 12)}…`);
      if (text.includes(generated)) found.push(`${where}: the generated API key`);
      const token = ISSUED_TOKEN.exec(text);
      if (token) found.push(`${where}: an issued token ${token[0].slice(0, 10)}…`);
      const keyHit = ISSUED_KEY.exec(text);
      if (keyHit) found.push(`${where}: an issued key ${keyHit[0].slice(0, 10)}…`);
    }
    assert.deepEqual(found, []);
  });
});
