/**
 * API keys: fetch and generate over Bearer, keep in the keychain, switch the
 * account to API-key login only after proving the key works.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { VaultError } from '../../electron/core/errors';
import { accountFixture, accountFixtureWithOps, type AccountFixture } from '../harness/account-fixture';
import { errorCode } from '../harness/failure';

let f: AccountFixture;
let id: string;
beforeEach(async () => {
  ({ f, id } = await accountFixtureWithOps({
    password: 'ops-password',
    apiKey: 'ops-api-key-1',
    others: [{ username: 'fresh@acme', password: 'fresh-password' }],
  }));
});
afterEach(() => f.dispose());

describe('API key', () => {
  it('fetches the key with the cached token and stores it in the keychain', async () => {
    f.server.resetCounts();
    const view = await f.service.fetchApiKey(id);
    assert.equal(view.hasApiKey, true);
    assert.equal(await f.secrets.get(`account:${id}:apikey`), 'ops-api-key-1');
    assert.equal(await f.service.apiKey(id), 'ops-api-key-1');
    assert.equal(f.server.loginAttempts(), 0, 'used the cached token');
    assert.ok(!JSON.stringify(view).includes('ops-api-key-1'));
    assert.ok(f.logLines.every((l) => !l.includes('ops-api-key-1')));
  });

  for (const shape of ['string', 'object'] as const) {
    it(`generates a new key (answer as a JSON ${shape}) and replaces the stored one`, async () => {
      f.server.options.generateShape = shape;
      await f.service.fetchApiKey(id);
      await f.service.generateApiKey(id);
      const generated = f.server.user('ops@acme')?.apiKey;
      assert.notEqual(generated, 'ops-api-key-1');
      assert.equal(await f.service.apiKey(id), generated);
    });
  }

  it('says to fetch or generate one when no key is stored', async () => {
    const err = await f.service.apiKey(id).catch((e: VaultError) => e);
    assert.ok(err instanceof VaultError);
    assert.equal(err.code, 'not-found');
    assert.match(err.message, /Open "API key…".*fetch or generate/);
  });

  it('reports that WXM has no key yet, suggesting Generate', async () => {
    const fresh = await f.service.add({
      label: 'Fresh',
      username: 'fresh@acme',
      secret: 'fresh-password',
      authMode: 'password',
      baseUrl: f.server.baseUrl,
    });
    const err = await f.service.fetchApiKey(fresh.id).catch((e: VaultError) => e);
    assert.ok(err instanceof VaultError);
    assert.equal(err.code, 'not-found');
    assert.match(err.message, /Generate new API key/);
  });

  it('switches to API-key login after verifying the key, and back to the password', async () => {
    await f.service.fetchApiKey(id);
    f.server.resetCounts();
    const view = await f.service.useApiKey(id, true);
    assert.equal(view.authMode, 'apiKey');
    assert.equal(f.server.logins[0]?.usedApiKey, true);
    // Later logins use the key.
    f.clock.advance(13 * 3600_000);
    await f.service.accessToken(id);
    assert.equal(f.server.logins.at(-1)?.usedApiKey, true);
    const back = await f.service.useApiKey(id, false);
    assert.equal(back.authMode, 'password');
    assert.equal(f.server.logins.at(-1)?.usedApiKey, false);
  });

  it('does not switch when the stored key no longer works', async () => {
    await f.service.fetchApiKey(id);
    f.server.updateUser('ops@acme', { apiKey: 'revoked-and-replaced' });
    assert.equal(await errorCode(f.service.useApiKey(id, true)), 'invalid-credentials');
    assert.equal((await f.service.view(id)).authMode, 'password');
  });

  it('refuses to switch without a stored key, before calling WXM', async () => {
    f.server.resetCounts();
    assert.equal(await errorCode(f.service.useApiKey(id, true)), 'not-found');
    assert.equal(f.server.loginAttempts(), 0);
  });

  it('re-logs in once when the token was revoked before fetching', async () => {
    await f.service.accessToken(id);
    f.server.revokeTokens();
    f.server.resetCounts();
    await f.service.fetchApiKey(id);
    assert.equal(f.server.loginAttempts(), 1);
  });

  it('an account added with an API key logs in with it and keeps it under the apikey entry', async () => {
    const other = await accountFixture({ server: { users: [{ username: 'k@acme', password: 'k-password', apiKey: 'k-api-key-9' }] } });
    try {
      const view = await other.service.add({
        label: 'K',
        username: 'k@acme',
        secret: 'k-api-key-9',
        authMode: 'apiKey',
        baseUrl: other.server.baseUrl,
      });
      assert.equal(view.authMode, 'apiKey');
      assert.equal(view.hasApiKey, true);
      assert.deepEqual((await other.secrets.keys()).sort(), [`account:${view.id}:apikey`, `account:${view.id}:binding`]);
      assert.equal(other.server.logins[0]?.usedApiKey, true);
    } finally {
      await other.dispose();
    }
  });
});
