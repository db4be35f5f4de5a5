/**
 * Secrets on company networks: the account's password crosses a proxy only
 * inside TLS (the proxy's view of the CONNECT holds none of it), a proxy's own
 * password never reaches a message, a log, the window or the network status,
 * plain http (loopback only) never goes through a proxy, and no redirect is
 * followed whatever fetch runs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fetch as undiciFetch } from 'undici';
import type { NetworkStatus } from '../../electron/common/ipc-contract';
import type { FetchResponse, HttpTransport } from '../../electron/core/net/http-transport';
import { createNodeTransport } from '../../electron/core/net/node-transport';
import { WxmClient } from '../../electron/core/wxm/client';
import { NetworkError } from '../../electron/core/wxm/network-failure';
import { startConnectProxy } from '../harness/connect-proxy';
import { useLoopbackNetwork } from '../harness/loopback-network';
import { loginInChild } from '../harness/run-login-child';
import { createVaultHarness } from '../harness/vault-harness';
import { startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';

const CANARY = 'CANARY-acct-pw-7f3e9a!';
const PROXY_CANARY = 'CANARY-proxy-pw-51c2';
const USER = { username: 'canary@acme.test', password: CANARY };
const ORIGIN = 'app://vault';
const top = { origin: ORIGIN, isMainFrame: true };

/** The forms a password takes on the wire or in a log: as is, URL-encoded (form body), Base64. */
function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), Buffer.from(secret).toString('base64')];
}
function assertAbsent(text: string, secret: string, where: string): void {
  for (const form of forms(secret)) assert.ok(!text.includes(form), `${where} holds the secret (${form.slice(0, 12)}…)`);
}

const net = useLoopbackNetwork({ users: [USER], proxyCredentials: { username: 'corp', password: PROXY_CANARY } });

describe('through a proxy', () => {
  it("the password reaches WXM, but not the proxy's view of the CONNECT, nor any output or file the core wrote", async () => {
    const proxyUrl = new URL(net.proxy.url);
    proxyUrl.username = 'corp';
    proxyUrl.password = PROXY_CANARY;
    // The child logs in through the vault core (add, then a fresh login), logging to a file in this folder, as the app does.
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-proxied-'));
    try {
      const out = await loginInChild(
        { NODE_EXTRA_CA_CERTS: net.pki.caPath, HTTPS_PROXY: proxyUrl.href },
        { baseUrl: net.server.baseUrl, username: USER.username, secret: CANARY, dataDir },
      );
      assert.equal(out.ok, true, out.output);
      assert.equal(net.server.loginForms.at(-1)?.['password'], CANARY, 'the password did reach WXM, through the tunnel');
      assert.ok(net.proxy.seen.length > 0 && net.proxy.seen.every((r) => r.method === 'CONNECT'), 'the proxy only ever saw CONNECTs');
      for (const r of net.proxy.seen) assertAbsent(r.raw, CANARY, `the proxy's view of ${r.method} ${r.url}`);
      assertAbsent(out.output, CANARY, "the child's output");
      assertAbsent(out.output, PROXY_CANARY, "the child's output");
      const log = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');
      assert.match(log, /"account added"/, 'the log file is the one the core wrote to');
      for (const file of readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())) {
        const text = readFileSync(join(file.parentPath, file.name), 'utf8');
        assertAbsent(text, CANARY, `the child's ${file.name}`);
        assertAbsent(text, PROXY_CANARY, `the child's ${file.name}`);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a proxy's password in HTTPS_PROXY is in no reply, log line or network status, even when the proxy refuses it", async () => {
    const h = createVaultHarness({
      trustedOrigin: ORIGIN,
      clipboard: { readText: async () => '', writeText: async () => {}, clear: async () => {} },
      http: createNodeTransport({ HTTPS_PROXY: `http://corp:${PROXY_CANARY}-wrong@${new URL(net.proxy.url).host}` }),
    });
    try {
      const add = await h.dispatch(top, 'accounts:add', {
        label: 'Via proxy',
        username: USER.username,
        secret: CANARY,
        authMode: 'password',
        baseUrl: net.server.baseUrl,
      });
      assert.equal(add.ok, false);
      assert.ok(!add.ok && add.error.code === 'network' && /HTTP 407/.test(add.error.message), JSON.stringify(add));
      const status = await h.dispatch(top, 'network:status', undefined);
      assert.ok(status.ok);
      assert.deepEqual(status.value as NetworkStatus, {
        proxy: net.proxy.url,
        variable: 'HTTPS_PROXY',
        source: 'environment',
        host: 'api.getcloudcherry.com',
      });
      const everything = JSON.stringify(h.replies) + readFileSync(h.logPath, 'utf8');
      assertAbsent(everything, PROXY_CANARY, 'replies and log');
      assertAbsent(everything, CANARY, 'replies and log');
    } finally {
      await h.dispose();
    }
  });
});

describe('plain http', () => {
  it('to this machine never goes through a proxy, whatever HTTP_PROXY and HTTPS_PROXY say', async () => {
    const plain = await startWxmServer({ users: [USER] });
    const open = await startConnectProxy();
    try {
      const transport = createNodeTransport({ HTTP_PROXY: open.url, HTTPS_PROXY: open.url });
      const result = await new WxmClient({ timeoutMs: 5_000, transport }).login(
        plain.baseUrl,
        { username: USER.username, secret: CANARY, mode: 'password' },
        Date.now,
      );
      assert.match(result.accessToken, /^tok-/);
      assert.deepEqual(open.seen, [], 'the proxy saw nothing: the unencrypted form stayed on this machine');
      assert.deepEqual(await transport.proxyFor(plain.baseUrl), { proxy: null });
    } finally {
      await open.close();
      await plain.close();
    }
  });
});

describe('redirects', () => {
  let elsewhere: WxmTestServer;
  let redirector: ReturnType<typeof createServer>;
  let redirectUrl: string;

  before(async () => {
    // Another host that would happily take the password and hand back a token.
    elsewhere = await startWxmServer({ users: [USER] });
    redirector = createServer((req, res) => res.writeHead(307, { Location: `${elsewhere.baseUrl}${req.url}` }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => redirector.close(resolve));
    await elsewhere.close();
  });

  it('the plain-Node fetch does not follow a 307: the password never reaches the other host', async () => {
    const client = new WxmClient({ timeoutMs: 5_000, transport: createNodeTransport({}) });
    await assert.rejects(client.login(redirectUrl, { username: USER.username, secret: CANARY, mode: 'password' }, Date.now), /HTTP 307/);
    assert.equal(elsewhere.loginAttempts(), 0);
  });

  it("our own guard refuses an answer a redirect led to, should a fetch follow one despite redirect: 'manual'", async () => {
    const following: HttpTransport = {
      source: 'environment',
      proxyFor: async () => ({ proxy: null }),
      fetch: async (url, init) => (await undiciFetch(url, { ...init, redirect: 'follow' })) as unknown as FetchResponse,
    };
    const client = new WxmClient({ timeoutMs: 5_000, transport: following });
    await assert.rejects(
      client.login(redirectUrl, { username: USER.username, secret: CANARY, mode: 'password' }, Date.now),
      (e) => e instanceof NetworkError && e.kind === 'redirect' && /never follows/.test(e.message),
    );
    assert.equal(elsewhere.loginSuccesses(), 1, 'the misbehaving fetch did log in elsewhere; the client still refused the token');
  });
});
