/**
 * `wxm-vault api` sends an account's token with a path the user typed. The
 * token must only ever reach the account's own base URL: every path that could
 * name another host, or climb out of the path it names, is refused in the WXM
 * client (one gate, whoever calls it) before anything is sent.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { apiPath, pathUnder } from '../../electron/core/wxm/api-path';
import { WxmClient } from '../../electron/core/wxm/client';
import { startWxmServer } from '../../electron/sandbox/wxm-sandbox';

const ESCAPES = [
  'https://evil.example/api/Settings',
  'http://127.0.0.1:1/api/Settings',
  'HTTPS:/evil.example',
  'javascript:alert(1)',
  '//evil.example/api/Settings',
  '//evil.example',
  '/api/../../x',
  '../api/Settings',
  '/api/./Settings',
  '/api/%2e%2e/x',
  '/api/%2E./x',
  '/api/..;/x',
  '/api/%2f%2fevil.example',
  '/api\\..\\x',
  '\\\\evil.example\\x',
  '/api/Settings#frag',
  '/api/Set tings',
  '/api/Settings\r\nHost: evil.example',
  '/api/Séttings',
  '',
];

describe('the API path gate', () => {
  for (const path of ESCAPES) {
    it(`refuses ${JSON.stringify(path)}`, () => {
      assert.throws(() => apiPath(path), { code: 'bad-request' });
    });
  }

  it('accepts paths and queries under the base URL, adding a missing leading slash', () => {
    assert.equal(apiPath('/api/Settings'), '/api/Settings');
    assert.equal(apiPath('api/Settings'), '/api/Settings');
    assert.equal(apiPath('/api/Questions?take=10&skip=0'), '/api/Questions?take=10&skip=0');
    assert.equal(
      apiPath('/api/x?redirect=https://elsewhere.example/..'),
      '/api/x?redirect=https://elsewhere.example/..',
      'a query may hold anything',
    );
    assert.equal(pathUnder('https://api.getcloudcherry.com', '/api/{id}'), '/api/%7Bid%7D');
  });

  it('says why, and what a path looks like', () => {
    assert.throws(() => apiPath('//evil.example/x'), /names another host\. Give a path such as \/api\/Settings\./);
  });
});

describe('the WXM client sends nothing for a refused path, and never hands the token back', async () => {
  const server = await startWxmServer({ users: [{ username: 'ops@acme', password: 'ops-password' }] });
  after(() => server.close());
  const client = new WxmClient({ timeoutMs: 5_000 });
  const { accessToken } = await client.login(server.baseUrl, { username: 'ops@acme', secret: 'ops-password', mode: 'password' }, Date.now);

  it('refuses before any request', async () => {
    server.resetCounts();
    for (const path of ESCAPES) {
      await assert.rejects(client.request(server.baseUrl, { method: 'GET', path }, accessToken, 'ops@acme'), { code: 'bad-request' });
    }
    assert.equal(server.requests.length, 0);
  });

  it('blanks the token in an answer that echoes it (a proxy page repeating the Authorization header)', async () => {
    server.answerNotLikeWxm('html', { endpoint: 'Settings', status: 502 });
    const answer = await client.request(server.baseUrl, { method: 'GET', path: '/api/Settings' }, accessToken, 'ops@acme');
    assert.equal(answer.status, 502);
    assert.ok(answer.body.includes('[REDACTED]'), 'the echo was there');
    assert.ok(!answer.body.includes(accessToken));
  });
});
