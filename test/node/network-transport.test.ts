/**
 * The plain-Node HTTP path honours what a company network hands a Node
 * process: NODE_EXTRA_CA_CERTS for its root CA, HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY for its proxy; and what the app shows and the Electron wiring do
 * with proxies. All on loopback: the WXM test server over HTTPS with a CA made
 * here, a real CONNECT proxy.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { createLogger } from '../../electron/core/logger';
import { chromiumProxy } from '../../electron/core/net/chromium-proxy';
import { displayProxy, proxyCredentialsFor, proxySettings, rawProxyFor } from '../../electron/core/net/env-proxy';
import { createNodeTransport } from '../../electron/core/net/node-transport';
import { Redactor } from '../../electron/core/redactor';
import { WxmClient } from '../../electron/core/wxm/client';
import { NetworkError } from '../../electron/core/wxm/network-failure';
import { wireProxyLogin, type LoginListener } from '../../electron/main/net/proxy-login';
import { startConnectProxy } from '../harness/connect-proxy';
import { useLoopbackNetwork } from '../harness/loopback-network';
import { loginInChild } from '../harness/run-login-child';

const USER = { username: 'ops@acme', password: 'transport-password-1', station: 'euwest' };
const login = { username: USER.username, secret: USER.password };

const net = useLoopbackNetwork({ users: [USER] });

describe('NODE_EXTRA_CA_CERTS and HTTPS_PROXY in a real Node process', () => {
  it('trusts a company root CA from NODE_EXTRA_CA_CERTS: a login over HTTPS succeeds', async () => {
    const out = await loginInChild({ NODE_EXTRA_CA_CERTS: net.pki.caPath }, { baseUrl: net.server.baseUrl, ...login });
    assert.deepEqual([out.ok, out.station], [true, 'euwest'], out.output);
  });

  it('without it the same login fails as untrusted: the CA is what made the difference', async () => {
    const out = await loginInChild({}, { baseUrl: net.server.baseUrl, ...login });
    assert.equal(out.kind, 'cert-untrusted', out.output);
  });

  it('logs in through the CONNECT proxy in HTTPS_PROXY: one tunnel to the WXM host, no plain request', async () => {
    const before = net.proxy.seen.length;
    const out = await loginInChild({ NODE_EXTRA_CA_CERTS: net.pki.caPath, HTTPS_PROXY: net.proxy.url }, { baseUrl: net.server.baseUrl, ...login });
    assert.equal(out.ok, true, out.output);
    const seen = net.proxy.seen.slice(before);
    assert.deepEqual(
      seen.map((r) => `${r.method} ${r.url}`),
      [`CONNECT ${new URL(net.server.baseUrl).host}`],
    );
  });

  it('lower-case https_proxy counts too, and HTTP_PROXY stands in when HTTPS_PROXY is unset', async () => {
    for (const env of [{ https_proxy: net.proxy.url }, { HTTP_PROXY: net.proxy.url }] as Record<string, string>[]) {
      const before = net.proxy.seen.length;
      const out = await loginInChild({ NODE_EXTRA_CA_CERTS: net.pki.caPath, ...env }, { baseUrl: net.server.baseUrl, ...login });
      assert.equal(out.ok, true, out.output);
      assert.equal(net.proxy.seen.length, before + 1, `${Object.keys(env)[0]} routed through the proxy`);
    }
  });

  it('sends Basic credentials from the proxy URL to a proxy that needs them', async () => {
    const strict = await startConnectProxy({ credentials: { username: 'corp user', password: 'p@ss:word/1' } });
    try {
      const url = new URL(strict.url);
      url.username = encodeURIComponent('corp user');
      url.password = encodeURIComponent('p@ss:word/1');
      const out = await loginInChild({ NODE_EXTRA_CA_CERTS: net.pki.caPath, HTTPS_PROXY: url.href }, { baseUrl: net.server.baseUrl, ...login });
      assert.equal(out.ok, true, out.output);
      assert.equal(strict.refused, 0);
      assert.equal(strict.seen.length, 1);
    } finally {
      await strict.close();
    }
  });
});

describe('NO_PROXY', () => {
  it('a host in NO_PROXY goes direct: the proxy sees nothing', async () => {
    const before = net.proxy.seen.length;
    const transport = createNodeTransport({ HTTPS_PROXY: net.proxy.url, NO_PROXY: 'example.com, 127.0.0.1' });
    const client = new WxmClient({ timeoutMs: 5_000, transport });
    // Untrusted here (no CA in this process): enough to show the request left without the proxy.
    await assert.rejects(
      client.login(net.server.baseUrl, { ...login, mode: 'password' }, Date.now),
      (e) => e instanceof NetworkError && e.kind === 'cert-untrusted' && !e.message.includes('proxy'),
    );
    assert.equal(net.proxy.seen.length, before);
    assert.deepEqual(await transport.proxyFor(net.server.baseUrl), {
      proxy: null,
      bypass: { proxy: net.proxy.url, variable: 'HTTPS_PROXY', noProxyVariable: 'NO_PROXY' },
    });
  });

  it('reads NO_PROXY the way undici routes: suffixes, ports, *', () => {
    const via = (url: string, noProxy: string) => rawProxyFor(url, proxySettings({ HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy }));
    assert.equal(via('https://api.getcloudcherry.com', 'getcloudcherry.com'), null);
    assert.equal(via('https://api.getcloudcherry.com', '.getcloudcherry.com'), null);
    assert.equal(via('https://api.getcloudcherry.com', '*.getcloudcherry.com'), null);
    assert.equal(via('https://api.getcloudcherry.com', 'cloudcherry.com'), 'http://p:1', 'not a suffix at a dot');
    assert.equal(via('https://api.getcloudcherry.com', 'api.getcloudcherry.com:8443'), 'http://p:1', 'another port');
    assert.equal(via('https://api.getcloudcherry.com', 'api.getcloudcherry.com:443'), null);
    assert.equal(via('https://api.getcloudcherry.com', '*'), null);
    assert.equal(via('https://api.getcloudcherry.com', ''), 'http://p:1');
  });
});

describe('which proxy is shown', () => {
  it('names the proxy by scheme, host and port only', async () => {
    const transport = createNodeTransport({ HTTPS_PROXY: 'http://corp%20user:s3cret-proxy-pw@proxy.corp.example:3128/' });
    assert.equal(transport.source, 'environment');
    assert.deepEqual(await transport.proxyFor('https://api.getcloudcherry.com'), {
      proxy: 'http://proxy.corp.example:3128',
      variable: 'HTTPS_PROXY',
    });
    assert.equal(displayProxy('not a url with s3cret'), '(an unreadable proxy URL)');
  });

  it('names the variable the proxy came from as it is spelt: lower case first, HTTP_PROXY when no HTTPS_PROXY', async () => {
    const route = (env: Record<string, string>) => createNodeTransport(env).proxyFor('https://api.getcloudcherry.com');
    assert.deepEqual(await route({ https_proxy: 'http://a.corp:1', HTTPS_PROXY: 'http://b.corp:2' }), {
      proxy: 'http://a.corp:1',
      variable: 'https_proxy',
    });
    assert.deepEqual(await route({ HTTP_PROXY: 'http://c.corp:3' }), { proxy: 'http://c.corp:3', variable: 'HTTP_PROXY' });
    assert.deepEqual(await route({ http_proxy: 'http://c.corp:3', no_proxy: 'getcloudcherry.com' }), {
      proxy: null,
      bypass: { proxy: 'http://c.corp:3', variable: 'http_proxy', noProxyVariable: 'no_proxy' },
    });
    assert.deepEqual(await route({ https_proxy: '', HTTP_PROXY: 'http://c.corp:3' }), { proxy: 'http://c.corp:3', variable: 'HTTP_PROXY' });
  });

  it("reads Chromium's proxy answer (Electron's resolveProxy), PAC lists included", () => {
    assert.equal(chromiumProxy('DIRECT'), null);
    assert.equal(chromiumProxy('PROXY proxy.corp:3128; DIRECT'), 'http://proxy.corp:3128');
    assert.equal(chromiumProxy('HTTPS secure.corp:443'), 'https://secure.corp:443');
    assert.equal(chromiumProxy('SOCKS5 127.0.0.1:1080'), 'socks5://127.0.0.1:1080');
    assert.equal(chromiumProxy(''), null);
  });
});

describe("Electron's proxy login (the app's `login` event)", () => {
  function drive(env: Record<string, string>, authInfo: { isProxy: boolean; host: string; port: number }, firstAuthAttempt = true) {
    const app = new EventEmitter();
    const lines: string[] = [];
    wireProxyLogin(app as unknown as Parameters<typeof wireProxyLogin>[0], env, createLogger(new Redactor(), [(l) => lines.push(l)]));
    let prevented = false;
    let answer: unknown[] | null = null;
    const listener = app.listeners('login')[0] as LoginListener;
    listener(
      { preventDefault: () => void (prevented = true) },
      null,
      { firstAuthAttempt },
      { scheme: 'basic', ...authInfo },
      (...args) => void (answer = args),
    );
    return { prevented, answer, log: lines.join('\n') };
  }
  const env = { HTTPS_PROXY: 'http://corp:s3cret-proxy-pw@proxy.corp.example:3128' };

  it('answers the proxy in HTTPS_PROXY with its credentials, once, and logs neither', () => {
    const r = drive(env, { isProxy: true, host: 'proxy.corp.example', port: 3128 });
    assert.equal(r.prevented, true);
    assert.deepEqual(r.answer, ['corp', 's3cret-proxy-pw']);
    assert.ok(!r.log.includes('s3cret-proxy-pw') && r.log.includes('proxy.corp.example:3128'), r.log);
  });

  it('gives nothing to another proxy, to a server asking for a login, or on a second ask (wrong credentials would loop)', () => {
    for (const r of [
      drive(env, { isProxy: true, host: 'evil.example', port: 3128 }),
      drive(env, { isProxy: true, host: 'proxy.corp.example', port: 8080 }),
      drive(env, { isProxy: false, host: 'proxy.corp.example', port: 3128 }),
      drive(env, { isProxy: true, host: 'proxy.corp.example', port: 3128 }, false),
      drive({ HTTPS_PROXY: 'http://proxy.corp.example:3128' }, { isProxy: true, host: 'proxy.corp.example', port: 3128 }),
    ]) {
      assert.deepEqual([r.prevented, r.answer], [false, null]);
      assert.ok(!r.log.includes('s3cret-proxy-pw'));
    }
    assert.equal(proxyCredentialsFor({ host: 'PROXY.corp.example', port: 3128 }, env)?.username, 'corp', 'host names compare without case');
  });
});
