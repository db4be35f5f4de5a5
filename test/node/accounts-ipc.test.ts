/**
 * The accounts and API-key channels through the real dispatcher and vault
 * (real keychain, real files, real log file), as the renderer reaches them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ipcCaller } from '../harness/ipc-call';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { readX11Clipboard, x11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

const ORIGIN = 'app://vault';
const top = { origin: ORIGIN, isMainFrame: true };
const canary = `canary-pw-${randomUUID()}`;
usePrivateDisplay();

let h: VaultHarness;
let server: WxmTestServer;
before(async () => {
  server = await startWxmServer({ users: [{ username: 'canary@acme', password: canary, station: 'au' }] });
  h = createVaultHarness({ trustedOrigin: ORIGIN, clipboard: x11Clipboard });
});
after(async () => {
  await h.dispose();
  await server.close();
});

const call = ipcCaller((channel, payload) => h.dispatch(top, channel, payload));

describe('accounts over IPC', () => {
  let id: string;

  it('adds, lists, renames and logs in through the channels', async () => {
    const added = await call('accounts:add', {
      label: 'Canary',
      username: 'canary@acme',
      secret: canary,
      authMode: 'password',
      baseUrl: server.baseUrl,
    });
    id = added.id;
    assert.equal(added.station, 'au');
    const list = await call('accounts:list');
    assert.deepEqual(
      list.map((a) => a.id),
      [id],
    );
    assert.equal((await call('accounts:update', { id, label: 'Renamed' })).label, 'Renamed');
    assert.equal((await call('accounts:login', { id })).tokenState, 'valid');
  });

  it('answers a wrong password with a typed error and a next step', async () => {
    const reply = await h.dispatch(top, 'accounts:update', { id, secret: `${canary}-wrong` });
    assert.equal(reply.ok, false);
    if (!reply.ok) {
      assert.equal(reply.error.code, 'invalid-credentials');
      assert.match(reply.error.message, /Edit the account and enter the current password/);
    }
  });

  it('exports without the password and the account comes back on import as a duplicate', async () => {
    const { json, count } = await call('accounts:export');
    assert.equal(count, 1);
    assert.deepEqual(await call('accounts:import', { json }), { imported: 0, skipped: 1 });
  });

  it('copies a Bearer header through the clipboard channel using the cached token', { skip: needsLinux(X11_CLIPBOARD) }, async () => {
    const before = server.loginAttempts();
    const reply = await h.dispatch(top, 'clipboard:copy', { id, kind: 'bearerHeader' });
    assert.equal(reply.ok, true, JSON.stringify(reply));
    assert.equal(server.loginAttempts(), before);
    const issued = server.issuedTokens('canary@acme');
    assert.equal(await readX11Clipboard(), `Authorization: Bearer ${issued.at(-1)}`, 'the real clipboard holds the header with the token WXM issued');
    assert.ok(!JSON.stringify(reply).includes(issued.at(-1)!), 'the reply does not carry the token');
  });

  it('removes the account and leaves no keychain entry', async () => {
    await call('accounts:remove', { id });
    assert.deepEqual(await h.secrets.keys(), []);
    assert.deepEqual(await call('accounts:list'), []);
  });

  it('never lets the canary password into a reply, the log file or accounts.json', () => {
    const replies = JSON.stringify(h.replies);
    const log = readFileSync(h.logPath, 'utf8');
    const file = readFileSync(join(h.dataDir, 'accounts.json'), 'utf8');
    assert.ok(log.length > 0 && h.replies.length > 5, 'there was something to scan');
    for (const text of [replies, log, file]) assert.ok(!text.includes(canary) && !text.includes(encodeURIComponent(canary)));
  });
});
