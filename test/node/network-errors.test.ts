/**
 * Every way a WXM request can fail on a company network gets its own message
 * and next step: an untrusted certificate (TLS inspection), a certificate for
 * another host, an expired one, a proxy that wants a password (407), a proxy
 * that is down or refuses the tunnel, DNS, a timeout. All on loopback: the WXM
 * test server over HTTPS with a CA made here, a real CONNECT proxy. Trusting
 * the CA needs NODE_EXTRA_CA_CERTS, which Node reads only at start-up, so
 * those cases log in from a child process.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createNodeTransport } from '../../electron/core/net/node-transport';
import { WxmClient } from '../../electron/core/wxm/client';
import { NetworkError, networkFailure, type NetworkFailureKind } from '../../electron/core/wxm/network-failure';
import { closedPort, startConnectProxy } from '../harness/connect-proxy';
import { useLoopbackNetwork } from '../harness/loopback-network';
import { loginInChild } from '../harness/run-login-child';
import { startWxmServer } from '../../electron/sandbox/wxm-sandbox';

const USER = { username: 'ops@acme', password: 'net-errors-password-1' };
const creds = { username: USER.username, secret: USER.password, mode: 'password' as const };

const net = useLoopbackNetwork({ users: [USER] });

async function failure(p: Promise<unknown>, kind: NetworkFailureKind): Promise<NetworkError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof NetworkError, `expected a NetworkError, got ${String(error)}`);
    assert.equal(error.code, 'network');
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected a ${kind} failure`);
}

function clientWith(env: Record<string, string>, timeoutMs = 5_000): WxmClient {
  return new WxmClient({ timeoutMs, transport: createNodeTransport(env) });
}

describe('certificates', () => {
  it('an untrusted certificate (TLS inspection) says to install the company root via NODE_EXTRA_CA_CERTS, and sends nothing', async () => {
    const error = await failure(clientWith({}).login(net.server.baseUrl, creds, Date.now), 'cert-untrusted');
    assert.match(error.message, /not trusted/);
    assert.match(error.message, /If your company inspects TLS, install its root certificate/);
    assert.match(error.message, /NODE_EXTRA_CA_CERTS=/);
    assert.equal(net.server.loginAttempts(), 0, 'no request reached the server');
  });

  it('through a proxy, the untrusted certificate names the proxy it came through', async () => {
    const error = await failure(clientWith({ HTTPS_PROXY: net.proxy.url }).login(net.server.baseUrl, creds, Date.now), 'cert-untrusted');
    assert.ok(error.message.includes(`through the proxy ${net.proxy.url} from HTTPS_PROXY`), error.message);
    assert.equal(net.proxy.seen.at(-1)?.method, 'CONNECT');
  });

  it('a certificate for another host name says to check the base URL', async () => {
    const wrong = await startWxmServer({ tls: net.pki.wrongHost, users: [USER] });
    try {
      const out = await loginInChild({ NODE_EXTRA_CA_CERTS: net.pki.caPath }, { baseUrl: wrong.baseUrl, ...creds });
      assert.equal(out.kind, 'cert-wrong-host', out.output);
      assert.match(out.message!, /certificate made out to another host name/);
      assert.match(out.message!, /Check the account's base URL/);
      assert.equal(wrong.loginAttempts(), 0);
    } finally {
      await wrong.close();
    }
  });

  it("an expired certificate says to check this computer's clock, then IT", async () => {
    const expired = await startWxmServer({ tls: net.pki.expired, users: [USER] });
    try {
      const out = await loginInChild({ NODE_EXTRA_CA_CERTS: net.pki.caPath }, { baseUrl: expired.baseUrl, ...creds });
      assert.equal(out.kind, 'cert-expired', out.output);
      assert.match(out.message!, /has expired or is not valid yet/);
      assert.match(out.message!, /date and time/);
      assert.equal(expired.loginAttempts(), 0);
    } finally {
      await expired.close();
    }
  });
});

describe('proxies', () => {
  it('a 407 from the proxy says to put the user name and password in the proxy URL', async () => {
    const strict = await startConnectProxy({ credentials: { username: 'corp', password: 'proxy-pass-1' } });
    try {
      const error = await failure(clientWith({ HTTPS_PROXY: strict.url }).login(net.server.baseUrl, creds, Date.now), 'proxy-auth');
      assert.match(error.message, /asks for a user name and password \(HTTP 407\)/);
      assert.match(error.message, /proxy URL in HTTPS_PROXY, before the host: user:password@proxy-host:port/);
      assert.equal(strict.refused, 1);
    } finally {
      await strict.close();
    }
  });

  it('an unreachable proxy is named as the problem, with HTTPS_PROXY to fix', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const error = await failure(clientWith({ HTTPS_PROXY: dead }).login(net.server.baseUrl, creds, Date.now), 'proxy-unreachable');
    assert.ok(error.message.includes(`Could not reach the proxy ${dead} named in HTTPS_PROXY`), error.message);
  });

  it('names the variable the proxy came from as the user spelt it, not always HTTPS_PROXY', async () => {
    const lower = await failure(clientWith({ https_proxy: net.proxy.url }).login(net.server.baseUrl, creds, Date.now), 'cert-untrusted');
    assert.ok(lower.message.includes(`through the proxy ${net.proxy.url} from https_proxy)`), lower.message);

    const dead = `http://127.0.0.1:${await closedPort()}`;
    const httpOnly = await failure(clientWith({ HTTP_PROXY: dead }).login(net.server.baseUrl, creds, Date.now), 'proxy-unreachable');
    assert.ok(httpOnly.message.includes(`Could not reach the proxy ${dead} named in HTTP_PROXY.`), httpOnly.message);
    assert.doesNotMatch(httpOnly.message, /HTTPS_PROXY/);

    const strict = await startConnectProxy({ credentials: { username: 'corp', password: 'proxy-pass-2' } });
    try {
      const auth = await failure(clientWith({ http_proxy: strict.url }).login(net.server.baseUrl, creds, Date.now), 'proxy-auth');
      assert.match(auth.message, /Put them in the proxy URL in http_proxy, before the host/);
      assert.doesNotMatch(auth.message, /HTTPS_PROXY/);
    } finally {
      await strict.close();
    }
  });

  it('a proxy that cannot open the tunnel says which status it answered', async () => {
    const nowhere = `https://127.0.0.1:${await closedPort()}`;
    const error = await failure(clientWith({ HTTPS_PROXY: net.proxy.url }).login(nowhere, creds, Date.now), 'proxy-refused');
    assert.match(error.message, /would not connect WXM Vault to 127\.0\.0\.1:\d+ \(it answered HTTP 500\)/);
    assert.match(error.message, /NO_PROXY/);
  });
});

describe('the network itself', () => {
  it('a host name DNS cannot resolve says so, and that plain Node sees no system proxy (HTTPS_PROXY)', async () => {
    const error = await failure(clientWith({}).login('https://wxm-vault-test.invalid', creds, Date.now), 'dns');
    assert.match(error.message, /could not be resolved \(DNS\)/);
    assert.match(error.message, /does not see your system's proxy or PAC settings/);
    assert.match(error.message, /HTTPS_PROXY=/);
  });

  it('a timeout says how long it waited and names HTTPS_PROXY', async () => {
    const slow = await startWxmServer({ users: [USER], delayMs: 2_000 });
    try {
      const error = await failure(clientWith({}, 1_000).login(slow.baseUrl, creds, Date.now), 'timeout');
      assert.match(error.message, /no answer within 1 s/);
      assert.match(error.message, /HTTPS_PROXY/);
    } finally {
      await slow.close();
    }
  });

  it('a host that NO_PROXY sends past the proxy says so and what to change, not "start it with HTTPS_PROXY"', async () => {
    const before = net.proxy.seen.length;
    const env = { HTTPS_PROXY: net.proxy.url, NO_PROXY: 'example.com,127.0.0.1' };
    const refused = await failure(clientWith(env).login(`https://127.0.0.1:${await closedPort()}`, creds, Date.now), 'refused');
    assert.ok(
      refused.message.includes(
        `NO_PROXY covers 127.0.0.1, so WXM Vault connected to it directly, not through the proxy ${net.proxy.url} from HTTPS_PROXY`,
      ),
      refused.message,
    );
    assert.match(refused.message, /take it out of NO_PROXY/);
    assert.doesNotMatch(refused.message, /if your network needs a proxy/);
    assert.equal(net.proxy.seen.length, before, 'the request did go direct');

    const dns = await failure(
      clientWith({ https_proxy: net.proxy.url, no_proxy: '.invalid' }).login('https://wxm-vault-test.invalid', creds, Date.now),
      'dns',
    );
    assert.match(dns.message, /no_proxy covers wxm-vault-test\.invalid, .* from https_proxy: .* take it out of no_proxy/);
    assert.doesNotMatch(dns.message, /if your network needs a proxy/);
  });

  it('a refused connection says to check the base URL and port', async () => {
    const error = await failure(clientWith({}).login(`https://127.0.0.1:${await closedPort()}`, creds, Date.now), 'refused');
    assert.match(error.message, /the connection was refused\. Check the account's base URL and port/);
  });
});

describe("errors we cannot cause on loopback: Node's offline codes and Chromium's names (Electron's net.fetch)", () => {
  // Taking this machine offline, or running Chromium's network stack, is not possible in these tests:
  // the classifier is checked on the exact error shapes Node and Electron produce.
  const system = { host: 'api.getcloudcherry.com', timeoutMs: 20_000, proxy: 'http://proxy.corp:3128', source: 'system' as const };
  const direct = { ...system, proxy: null };
  const cases: Array<[string, unknown, typeof system | typeof direct, NetworkFailureKind, RegExp]> = [
    [
      'ENETUNREACH',
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect ENETUNREACH'), { code: 'ENETUNREACH' }) }),
      direct,
      'offline',
      /seems to be offline/,
    ],
    ['net::ERR_INTERNET_DISCONNECTED', new Error('net::ERR_INTERNET_DISCONNECTED'), direct, 'offline', /seems to be offline/],
    ['net::ERR_CERT_AUTHORITY_INVALID', new Error('net::ERR_CERT_AUTHORITY_INVALID'), system, 'cert-untrusted', /certificate store/],
    ['net::ERR_CERT_COMMON_NAME_INVALID', new Error('net::ERR_CERT_COMMON_NAME_INVALID'), system, 'cert-wrong-host', /another host name/],
    ['net::ERR_CERT_DATE_INVALID', new Error('net::ERR_CERT_DATE_INVALID'), system, 'cert-expired', /date and time/],
    ['net::ERR_PROXY_CONNECTION_FAILED', new Error('net::ERR_PROXY_CONNECTION_FAILED'), system, 'proxy-unreachable', /proxy settings/],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', new Error('net::ERR_TUNNEL_CONNECTION_FAILED'), system, 'proxy-refused', /would not connect/],
    ['net::ERR_PROXY_AUTH_UNSUPPORTED', new Error('net::ERR_PROXY_AUTH_UNSUPPORTED'), system, 'proxy-auth', /407/],
    ['net::ERR_NAME_NOT_RESOLVED', new Error('net::ERR_NAME_NOT_RESOLVED'), direct, 'dns', /could not be resolved/],
    ['net::ERR_TIMED_OUT', new Error('net::ERR_TIMED_OUT'), direct, 'timeout', /no answer within 20 s/],
    ['Redirect was cancelled', new Error('Redirect was cancelled'), direct, 'redirect', /never follows/],
    // A system proxy is known (PAC `PROXY proxy.corp:3128; DIRECT`), but Chromium reports a proxy it cannot reach as
    // ERR_PROXY_…: these came from the direct attempt after the fallback, and are not the proxy's fault.
    ['net::ERR_NAME_NOT_RESOLVED, system proxy known', new Error('net::ERR_NAME_NOT_RESOLVED'), system, 'dns', /could not be resolved/],
    ['net::ERR_CONNECTION_REFUSED, system proxy known', new Error('net::ERR_CONNECTION_REFUSED'), system, 'refused', /was refused/],
    ['net::ERR_INTERNET_DISCONNECTED, system proxy known', new Error('net::ERR_INTERNET_DISCONNECTED'), system, 'offline', /seems to be offline/],
  ];
  for (const [name, cause, ctx, kind, message] of cases) {
    it(`${name} -> ${kind}`, () => {
      const error = networkFailure(cause, ctx);
      assert.equal(error.kind, kind);
      assert.match(error.message, message);
      // Electron sees the system proxy and PAC: its messages never send the user to HTTPS_PROXY for those.
      if (ctx.source === 'system' && kind !== 'proxy-auth') assert.doesNotMatch(error.message, /does not see your system's proxy/);
    });
  }

  it('in plain Node a DNS, refused or offline error with a proxy set is the proxy (undici connects only to it)', () => {
    const env = { ...system, source: 'environment' as const, variable: 'HTTPS_PROXY' };
    for (const code of ['ENOTFOUND', 'ECONNREFUSED', 'EHOSTUNREACH']) {
      const cause = new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
      assert.equal(networkFailure(cause, env).kind, 'proxy-unreachable', code);
    }
  });
});
