/**
 * Answers that are not WXM's (a proxy's sign-in page, unquoted text, an empty
 * or oversized body, JSON of the wrong shape) are named as such, with the
 * host: never read as "no API key" (whose next step revokes the key
 * integrations use), "no token", or a rejected password that parks the
 * account. Nothing of the body, which may echo the request, reaches a message.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { VaultError } from '../../electron/core/errors';
import { sniffAnswer } from '../../electron/core/wxm/answer-kind';
import { WxmClient } from '../../electron/core/wxm/client';
import { failure } from '../harness/failure';
import { accountFixtureWithOps, type AccountFixture } from '../harness/account-fixture';
import { startWxmServer, type NotWxmAnswer, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';

const PASSWORD = 'ops-password-canary-7c1e';
const KINDS: NotWxmAnswer[] = ['html', 'text', 'empty', 'oversized', 'wrong-json'];
/** How each kind must be named to the user. */
const NAMED: Record<NotWxmAnswer, RegExp> = {
  html: /an HTML page, not WXM/,
  text: /plain text, not WXM/,
  empty: /an empty answer, not WXM/,
  oversized: /too large/,
  'wrong-json': /JSON .*not shaped like WXM/,
};

let server: WxmTestServer;
let host: string;
const client = new WxmClient({ timeoutMs: 5_000 });
const now = () => Date.now();
const creds = { username: 'ops@acme', secret: PASSWORD, mode: 'password' as const };

async function notWxm(p: Promise<unknown>): Promise<VaultError> {
  const error = await failure(p);
  assert.equal(error.code, 'not-wxm', error.message);
  assert.ok(error.message.includes(host), `names the host: ${error.message}`);
  assert.match(error.message, /did not answer like WXM/);
  assert.match(error.message, /base URL/);
  assert.match(error.message, /proxy/);
  assert.doesNotMatch(error.message, /You sent|Sign in to the proxy|tok-|echo/, 'no body text in the message');
  assert.ok(!error.message.includes(PASSWORD));
  return error;
}

describe('answers that are not WXM: the client', () => {
  before(async () => {
    server = await startWxmServer({
      users: [
        { username: 'ops@acme', password: PASSWORD, apiKey: 'ops-api-key-1' },
        { username: 'nokey@acme', password: PASSWORD },
      ],
    });
    host = new URL(server.baseUrl).host;
  });
  after(() => server.close());

  for (const kind of KINDS) {
    it(`names a login answered 200 with ${kind} as not WXM, with the host, instead of "no token"`, async () => {
      server.answerNotLikeWxm(kind, { endpoint: 'LoginToken' });
      const e = await notWxm(client.login(server.baseUrl, creds, now));
      assert.match(e.message, NAMED[kind]);
      assert.doesNotMatch(e.message, /without a token/);
    });

    it(`names GetAPIKey answered 200 with ${kind} as not WXM, never "no API key, generate one"`, async () => {
      const { accessToken } = await client.login(server.baseUrl, creds, now);
      server.answerNotLikeWxm(kind, { endpoint: 'GetAPIKey' });
      const e = await notWxm(client.getApiKey(server.baseUrl, accessToken, 'ops@acme'));
      assert.match(e.message, NAMED[kind]);
      assert.doesNotMatch(e.message, /Generate|no API key/i);
      assert.ok(!e.message.includes(accessToken));
    });
  }

  it('names GenerateAPIKey answered with an HTML page as not WXM and points to Fetch, not to generating again', async () => {
    const { accessToken } = await client.login(server.baseUrl, creds, now);
    server.answerNotLikeWxm('html', { endpoint: 'GenerateAPIKey' });
    const e = await notWxm(client.generateApiKey(server.baseUrl, accessToken, 'ops@acme'));
    assert.match(e.message, /an HTML page, not WXM/);
    assert.match(e.message, /Fetch API key/);
  });

  it('reads a login refused with an HTML page (HTTP 401) as not WXM, not as a rejected password', async () => {
    server.answerNotLikeWxm('html', { endpoint: 'LoginToken', status: 401 });
    await notWxm(client.login(server.baseUrl, creds, now));
  });

  it('reads GetAPIKey answered 404 with an HTML page as not WXM, not as "no key"', async () => {
    const { accessToken } = await client.login(server.baseUrl, creds, now);
    server.answerNotLikeWxm('html', { endpoint: 'GetAPIKey', status: 404 });
    await notWxm(client.getApiKey(server.baseUrl, accessToken, 'ops@acme'));
  });

  it("still reads WXM's own answers as before: a key, and no key (404 JSON)", async () => {
    const ops = await client.login(server.baseUrl, creds, now);
    assert.equal(await client.getApiKey(server.baseUrl, ops.accessToken, 'ops@acme'), 'ops-api-key-1');
    const nokey = await client.login(server.baseUrl, { ...creds, username: 'nokey@acme' }, now);
    const e = await client.getApiKey(server.baseUrl, nokey.accessToken, 'nokey@acme').catch((x: VaultError) => x);
    assert.ok(e instanceof VaultError);
    assert.equal(e.code, 'not-found');
  });
});

describe('answers that are not WXM: the classifier', () => {
  const kind = (text: string, type: string | null, truncated = false) => sniffAnswer(text, type, truncated).kind;

  it('tells JSON, HTML, XML, plain text, empty and oversized apart by body first, content type second', () => {
    assert.equal(kind('"key-1"', 'application/json'), 'json');
    assert.equal(kind('null', 'application/json'), 'json');
    // A body that parses is JSON whatever the header says; one that does not is never JSON.
    assert.equal(kind('{"a":1}', 'text/html'), 'json');
    assert.equal(kind('\uFEFF  <!doctype html><p>hi', 'application/json'), 'html');
    assert.equal(kind('<HTML><body>x</body></HTML>', null), 'html');
    assert.equal(kind('Please sign in', 'text/html; charset=utf-8'), 'html');
    assert.equal(kind('<?xml version="1.0"?><Error/>', 'application/xml'), 'xml');
    assert.equal(kind('key-unquoted-1', 'text/plain'), 'text');
    assert.equal(kind('{"access_token": "tok-1"', 'application/json'), 'text');
    assert.equal(kind('', 'application/json'), 'empty');
    assert.equal(kind(' \r\n', null), 'empty');
    assert.equal(kind('{"access_token":"tok-1","pad":"xxxx', 'application/json', true), 'oversized');
    assert.equal(sniffAnswer('"key-1"', null, false).json, 'key-1');
    assert.equal(sniffAnswer('<html>', null, false).json, undefined);
  });
});

describe('answers that are not WXM: the account', () => {
  let f: AccountFixture;
  let id: string;
  beforeEach(async () => {
    ({ f, id } = await accountFixtureWithOps({
      password: PASSWORD,
      apiKey: 'ops-api-key-1',
      others: [{ username: 'new@acme', password: PASSWORD }],
    }));
    host = new URL(f.server.baseUrl).host;
  });
  afterEach(() => f.dispose());

  for (const status of [200, 401]) {
    it(`a proxy page answering the login (HTTP ${status}) does not park the account as needing a new password`, async () => {
      f.server.revokeTokens();
      f.clock.advance(13 * 3600_000);
      f.server.answerNotLikeWxm('html', { endpoint: 'LoginToken', status });
      await notWxm(f.service.accessToken(id));
      const view = await f.service.view(id);
      assert.equal(view.problem, null);
      assert.notEqual(view.tokenState, 'needs-attention');
      // Once the proxy lets it through, the stored password logs in again by itself.
      assert.match(await f.service.accessToken(id), /^tok-/);
    });
  }

  it('adding an account behind a proxy page says so and leaves nothing behind', async () => {
    const before = (await f.secrets.keys()).length;
    f.server.answerNotLikeWxm('html', { endpoint: 'LoginToken' });
    await notWxm(f.service.add({ label: 'Behind proxy', username: 'new@acme', secret: PASSWORD, authMode: 'password', baseUrl: f.server.baseUrl }));
    assert.equal((await f.service.list()).length, 1);
    assert.equal((await f.secrets.keys()).length, before);
  });

  it('a proxy page answering GetAPIKey stores nothing, and the password and token stay out of the log', async () => {
    const token = await f.service.accessToken(id);
    f.server.answerNotLikeWxm('html', { endpoint: 'GetAPIKey' });
    await notWxm(f.service.fetchApiKey(id));
    assert.equal((await f.service.view(id)).hasApiKey, false);
    assert.equal(await f.secrets.get(`account:${id}:apikey`), null);
    assert.ok(f.logLines.every((l) => !l.includes(PASSWORD) && !l.includes(token)));
  });
});
