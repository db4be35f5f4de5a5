/**
 * The WXM client against the WXM test server over loopback: request shape,
 * login parsing, and every failure mapped to a code with a next step.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { VaultError } from '../../electron/core/errors';
import { DEFAULT_BASE_URL } from '../../electron/common/field-rules';
import { normaliseBaseUrl } from '../../electron/core/wxm/base-url';
import { WxmClient } from '../../electron/core/wxm/client';
import { expiryFrom, FALLBACK_LIFETIME_MS, MAX_LIFETIME_MS, parseLoginResponse, parseRfc1123 } from '../../electron/core/wxm/login-response';
import { failure } from '../harness/failure';
import { DENIED_MESSAGE, startWxmServer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';

const PASSWORD = 'p&ss=w+rd %20 ü#1';
let server: WxmTestServer;
const client = new WxmClient({ timeoutMs: 2_000 });
const now = () => Date.now();

async function rejectsWith(p: Promise<unknown>, code: string, message?: RegExp): Promise<VaultError> {
  const error = await failure(p);
  assert.equal(error.code, code, error.message);
  if (message) assert.match(error.message, message);
  return error;
}

before(async () => {
  server = await startWxmServer({
    users: [
      { username: 'ops@acme', password: PASSWORD, apiKey: 'key-ops-123456', station: 'eu', role: 'Admin', email: 'ops@acme.example' },
      { username: 'twofa@acme', password: 'twofa-pw', otp: '424242' },
      { username: 'locked@acme', password: 'locked-pw', locked: true },
      { username: 'nokey@acme', password: 'nokey-pw' },
    ],
  });
});
after(() => server.close());

describe('WXM client: login', () => {
  it('posts a form-encoded password grant that survives &, +, =, % and # in the password', async () => {
    server.resetCounts();
    const result = await client.login(server.baseUrl, { username: 'ops@acme', secret: PASSWORD, mode: 'password' }, now);
    assert.deepEqual(server.loginForms[0], { grant_type: 'password', username: 'ops@acme', password: PASSWORD });
    assert.match(result.accessToken, /^tok-/);
    assert.equal(result.station, 'eu');
    assert.equal(result.role, 'Admin');
    assert.equal(result.email, 'ops@acme.example');
  });

  it('logs in with the API key in the password field', async () => {
    server.resetCounts();
    await client.login(server.baseUrl, { username: 'ops@acme', secret: 'key-ops-123456', mode: 'apiKey' }, now);
    assert.equal(server.logins[0]?.usedApiKey, true);
  });

  it('takes the expiry from the login response', async () => {
    server.options.tokenLifetimeSeconds = 120;
    try {
      const t0 = Date.now();
      const result = await client.login(server.baseUrl, { username: 'ops@acme', secret: PASSWORD, mode: 'password' }, now);
      // The lifetime WXM gave, counted from when the answer arrived by our clock.
      assert.ok(result.issuedAt >= t0 && result.issuedAt <= Date.now());
      assert.equal(result.expiresAt - result.issuedAt, 120_000);
    } finally {
      server.options.tokenLifetimeSeconds = 43199;
    }
  });

  it('sends the two-factor code as username#otp', async () => {
    server.resetCounts();
    await client.login(server.baseUrl, { username: 'twofa@acme', secret: 'twofa-pw', mode: 'password', otp: '424242' }, now);
    assert.equal(server.loginForms[0]?.username, 'twofa@acme#424242');
    assert.equal(server.loginSuccesses('twofa@acme'), 1);
  });

  for (const status of [400, 401] as const) {
    it(`maps a wrong password answered with ${status} to invalid-credentials that says to edit the account`, async () => {
      server.options.wrongPasswordStatus = status;
      try {
        const e = await rejectsWith(
          client.login(server.baseUrl, { username: 'ops@acme', secret: 'wrong-password', mode: 'password' }, now),
          'invalid-credentials',
          /rejected the password for ops@acme\. Edit the account/,
        );
        assert.doesNotMatch(e.message, /wrong-password/);
      } finally {
        server.options.wrongPasswordStatus = 400;
      }
    });
  }

  it('says "API key" when an API-key login is refused', async () => {
    await rejectsWith(
      client.login(server.baseUrl, { username: 'ops@acme', secret: 'key-wrong', mode: 'apiKey' }, now),
      'invalid-credentials',
      /API key/,
    );
  });

  it('maps a missing two-factor code and a wrong one to two-factor-required with the next step', async () => {
    await rejectsWith(
      client.login(server.baseUrl, { username: 'twofa@acme', secret: 'twofa-pw', mode: 'password' }, now),
      'two-factor-required',
      /asks for a two-factor code/,
    );
    await rejectsWith(
      client.login(server.baseUrl, { username: 'twofa@acme', secret: 'twofa-pw', mode: 'password', otp: '000000' }, now),
      'two-factor-required',
      /rejected the two-factor code.*newest code/,
    );
  });

  it('maps a locked account to account-locked: contact the administrator, no retry', async () => {
    await rejectsWith(
      client.login(server.baseUrl, { username: 'locked@acme', secret: 'locked-pw', mode: 'password' }, now),
      'account-locked',
      /Contact your WXM administrator.*will not retry/,
    );
  });

  it('maps 429 to rate-limited and passes on Retry-After', async () => {
    server.failNext(429, { endpoint: 'LoginToken', retryAfter: '30' });
    await rejectsWith(client.login(server.baseUrl, { username: 'ops@acme', secret: PASSWORD, mode: 'password' }, now), 'rate-limited', /Wait 30 s/);
  });

  for (const status of [500, 502, 503]) {
    it(`maps ${status} to server-error with "try again in a few minutes"`, async () => {
      server.failNext(status, { endpoint: 'LoginToken' });
      await rejectsWith(
        client.login(server.baseUrl, { username: 'ops@acme', secret: PASSWORD, mode: 'password' }, now),
        'server-error',
        /Try again in a few minutes/,
      );
    });
  }

  it('gives up on a slow server after its timeout and says it is a network problem', async () => {
    const impatient = new WxmClient({ timeoutMs: 150 });
    server.options.delayMs = 1_000;
    try {
      await rejectsWith(
        impatient.login(server.baseUrl, { username: 'ops@acme', secret: PASSWORD, mode: 'password' }, now),
        'network',
        /no answer within/,
      );
    } finally {
      server.options.delayMs = 0;
    }
  });

  it('maps a refused connection to network', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await rejectsWith(
      client.login(`http://127.0.0.1:${port}`, { username: 'a', secret: 'b', mode: 'password' }, now),
      'network',
      /connection was refused/,
    );
  });

  it('maps an unresolvable host to network', async () => {
    await rejectsWith(
      client.login('https://no-such-host.invalid', { username: 'a', secret: 'b', mode: 'password' }, now),
      'network',
      /could not be resolved|could not be completed/,
    );
  });

  it('says to check the base URL when the server does not answer like WXM', async () => {
    // Another web server on this machine, where no WXM API lives: every path is 404.
    const notWxm = createHttpServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => notWxm.listen(0, '127.0.0.1', r));
    try {
      const port = (notWxm.address() as AddressInfo).port;
      await rejectsWith(client.settings(`http://127.0.0.1:${port}`, 'tok', 'ops@acme'), 'not-found', /base URL/);
    } finally {
      await new Promise((r) => notWxm.close(r));
    }
  });

  it('refuses a base URL it would not have stored (a path, plain http elsewhere), before any request', async () => {
    const before = server.requests.length;
    await rejectsWith(client.settings(`${server.baseUrl}/nope`, 'tok', 'ops@acme'), 'data-file', /did not contact it/);
    await rejectsWith(client.settings('http://wxm.example.test', 'tok', 'ops@acme'), 'data-file', /did not contact it/);
    assert.equal(server.requests.length, before);
  });
});

describe('WXM client: authenticated calls', () => {
  it('reads the API key (a JSON string) with a Bearer token', async () => {
    const { accessToken } = await client.login(server.baseUrl, { username: 'ops@acme', secret: PASSWORD, mode: 'password' }, now);
    assert.equal(await client.getApiKey(server.baseUrl, accessToken, 'ops@acme'), 'key-ops-123456');
    assert.deepEqual(await client.settings(server.baseUrl, accessToken, 'ops@acme'), { user: 'ops@acme' });
  });

  it('reports a missing API key as not-found with "generate one"', async () => {
    const { accessToken } = await client.login(server.baseUrl, { username: 'nokey@acme', secret: 'nokey-pw', mode: 'password' }, now);
    await rejectsWith(client.getApiKey(server.baseUrl, accessToken, 'nokey@acme'), 'not-found', /Generate/);
  });

  for (const shape of ['string', 'object'] as const) {
    it(`accepts GenerateAPIKey answering with a JSON ${shape}`, async () => {
      server.options.generateShape = shape;
      const { accessToken } = await client.login(server.baseUrl, { username: 'nokey@acme', secret: 'nokey-pw', mode: 'password' }, now);
      const key = await client.generateApiKey(server.baseUrl, accessToken, 'nokey@acme');
      assert.equal(key, server.user('nokey@acme')?.apiKey);
      server.options.generateShape = 'string';
    });
  }

  it('answers 401 with the ASP.NET message once a token expires, and maps it to token-rejected', async () => {
    const { accessToken } = await client.login(server.baseUrl, { username: 'ops@acme', secret: PASSWORD, mode: 'password' }, now);
    server.revokeTokens('ops@acme');
    const raw = await fetch(`${server.baseUrl}/api/Settings`, { headers: { Authorization: `Bearer ${accessToken}` } });
    assert.equal(raw.status, 401);
    assert.deepEqual(await raw.json(), { message: DENIED_MESSAGE });
    await rejectsWith(client.settings(server.baseUrl, accessToken, 'ops@acme'), 'token-rejected', /Log in to the account again/);
    await rejectsWith(client.getApiKey(server.baseUrl, 'not-a-token', 'ops@acme'), 'token-rejected');
  });
});

describe('WXM base URL', () => {
  it('defaults to api.getcloudcherry.com and strips a trailing slash or /api', () => {
    assert.equal(normaliseBaseUrl(undefined), DEFAULT_BASE_URL);
    assert.equal(normaliseBaseUrl(''), DEFAULT_BASE_URL);
    assert.equal(normaliseBaseUrl('https://api.getcloudcherry.com/'), DEFAULT_BASE_URL);
    assert.equal(normaliseBaseUrl('https://API.getcloudcherry.com/api/'), DEFAULT_BASE_URL);
    assert.equal(normaliseBaseUrl('https://wxm.proxy.example:8443'), 'https://wxm.proxy.example:8443');
  });

  it('allows plain http only to loopback hosts', () => {
    assert.equal(normaliseBaseUrl('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
    assert.equal(normaliseBaseUrl('http://localhost:1234'), 'http://localhost:1234');
    assert.equal(normaliseBaseUrl('http://[::1]:99'), 'http://[::1]:99');
    assert.throws(
      () => normaliseBaseUrl('http://api.getcloudcherry.com'),
      (e: VaultError) => e.code === 'bad-request' && /unencrypted/.test(e.message),
    );
    assert.throws(() => normaliseBaseUrl('http://127.0.0.1.evil.example'), VaultError);
  });

  it('refuses a host name that punycode makes longer than DNS or the account list allow, saying what to enter', () => {
    // Distinct CJK characters, as in a real name: each one costs about 3 ASCII characters in xn-- form.
    const cjk = (n: number, offset: number) =>
      Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919 + offset) % 20000))).join('');
    const cases: Array<[string, RegExp]> = [
      // 298 characters typed (under the 300 limit on input) -> a 900+ character host once converted.
      [`https://${Array.from({ length: 10 }, (_, k) => cjk(28, k * 100)).join('.')}.c`, /host name is 9\d\d characters once converted.*at most 253/],
      // One 20-character label -> 68 characters of punycode, over the 63 DNS allows per label.
      [`https://${cjk(20, 0)}.example`, /One part of the WXM base URL's host name \(between dots\) is 68 characters once converted.*at most 63/],
      [`https://${'a'.repeat(64)}.example`, /is 64 characters; at most 63/],
    ];
    for (const [input, why] of cases) {
      assert.ok(input.length <= 300, 'each is short enough to pass the input limit');
      assert.throws(
        () => normaliseBaseUrl(input),
        (e: VaultError) =>
          e.code === 'bad-request' && why.test(e.message) && /Use a shorter host name/.test(e.message) && /scheme and host/.test(e.message),
        input.slice(0, 40),
      );
    }
    // Right at the limits is fine, and what comes back fits the stored record (<= 300 characters).
    const label63 = 'a'.repeat(63);
    const host253 = [label63, label63, label63, 'a'.repeat(61)].join('.');
    assert.equal(normaliseBaseUrl(`https://${host253}`), `https://${host253}`);
    const idn = normaliseBaseUrl(`https://${cjk(15, 0)}.example`);
    assert.ok(idn.startsWith('https://xn--') && idn.length <= 300);
  });

  it('refuses credentials, paths, queries and other schemes with a message saying what to enter', () => {
    for (const bad of [
      'https://user:pw@host.example',
      'https://host.example/x',
      'https://host.example/?a=1',
      'https://host.example/#f',
      'ftp://host.example',
      'not a url',
    ]) {
      assert.throws(
        () => normaliseBaseUrl(bad),
        (e: VaultError) => e.code === 'bad-request' && /scheme and host/.test(e.message),
        bad,
      );
    }
  });
});

describe('login response parsing', () => {
  const t = Date.UTC(2025, 0, 1, 12, 0, 0);

  const rfc = (ms: number) => new Date(ms).toUTCString();

  it('takes the shorter of expires_in and .expires − .issued, counted from our clock', () => {
    assert.equal(expiryFrom({ expires_in: 3600, '.issued': rfc(t), '.expires': rfc(t + 7200_000) }, t), t + 3600_000);
    assert.equal(expiryFrom({ expires_in: 86399, '.issued': rfc(t), '.expires': rfc(t + 43200_000) }, t), t + 43200_000);
    assert.equal(expiryFrom({ '.issued': rfc(t - 5000), '.expires': rfc(t + 595_000) }, t), t + 600_000);
    assert.equal(expiryFrom({ expires_in: '120' }, t), t + 120_000);
  });

  it('ignores clock skew: a WXM clock days behind or ahead of ours still gives the token its full lifetime', () => {
    for (const skew of [-3 * 86400_000, 2 * 86400_000]) {
      const server = t + skew;
      assert.equal(expiryFrom({ expires_in: 43199, '.issued': rfc(server), '.expires': rfc(server + 43199_000) }, t), t + 43199_000);
      assert.equal(expiryFrom({ '.issued': rfc(server), '.expires': rfc(server + 3600_000) }, t), t + 3600_000);
    }
    // `.expires` alone is on WXM's clock, which we cannot compare with ours: not used.
    assert.equal(expiryFrom({ '.expires': rfc(t - 86400_000) }, t), t + FALLBACK_LIFETIME_MS);
  });

  it('caps the lifetime at 24 hours', () => {
    assert.equal(MAX_LIFETIME_MS, 24 * 3600_000);
    assert.equal(expiryFrom({ expires_in: 30 * 86400 }, t), t + MAX_LIFETIME_MS);
    assert.equal(expiryFrom({ '.issued': rfc(t), '.expires': rfc(t + 10 * 86400_000) }, t), t + MAX_LIFETIME_MS);
  });

  it('reads .issued / .expires only as strict RFC 1123 dates', () => {
    assert.equal(parseRfc1123('Wed, 01 Jan 2025 12:00:00 GMT'), t);
    for (const loose of [
      '2025-01-01T12:00:00Z',
      'Wed, 1 Jan 2025 12:00:00 GMT',
      'Thu, 01 Jan 2025 12:00:00 GMT',
      'Fri, 31 Feb 2025 12:00:00 GMT',
      'Wed, 01 Jan 2025 12:00:00 PST',
      '1',
      'Jan 1 2025',
      1735732800000,
    ]) {
      assert.equal(parseRfc1123(loose), null, String(loose));
    }
    // A lenient parse of either date would have produced a lifetime here; strictly, none: the fallback.
    assert.equal(expiryFrom({ '.issued': '2025-01-01', '.expires': '2025-01-02' }, t), t + FALLBACK_LIFETIME_MS);
    assert.equal(expiryFrom({ expires_in: ' 5e9', '.issued': rfc(t), '.expires': rfc(t) }, t), t + FALLBACK_LIFETIME_MS);
  });

  it('falls back to a short lifetime when WXM gives no expiry', () => {
    assert.equal(expiryFrom({}, t), t + FALLBACK_LIFETIME_MS);
    assert.equal(expiryFrom({ expires_in: -5, '.expires': 'garbage' }, t), t + FALLBACK_LIFETIME_MS);
    assert.equal(expiryFrom({ expires_in: Infinity }, t), t + FALLBACK_LIFETIME_MS);
  });

  it('finds no login in a success body without a usable token', () => {
    for (const body of [null, 'x', [], {}, { access_token: '' }, { access_token: 5 }, { access_token: 'x'.repeat(16_385) }]) {
      assert.equal(parseLoginResponse(body, t), null, JSON.stringify(body).slice(0, 40));
    }
    assert.equal(parseLoginResponse({ access_token: 'tok-1' }, t)?.accessToken, 'tok-1');
  });
});
