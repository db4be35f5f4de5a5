/**
 * Token lifetime and sharing: one login per account however many callers
 * ask at once, early refresh before WXM's expiry; in memory, and in the
 * keychain only as the token shared with the command line (shared-tokens.test.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { refreshMargin, TokenCache } from '../../electron/core/accounts/token-cache';
import type { LoginResult } from '../../electron/core/wxm/login-response';
import { accountFixture, fakeClock, type AccountFixture } from '../harness/account-fixture';
import { VaultError } from '../../electron/core/errors';

const MIN = 60_000;

function result(token: string, issuedAt: number, lifetimeMs: number): LoginResult {
  return { accessToken: token, issuedAt, expiresAt: issuedAt + lifetimeMs, station: null, email: null, role: null };
}

describe('token cache', () => {
  it('refreshes 5 minutes early, or a quarter of the lifetime for short tokens', () => {
    assert.equal(refreshMargin(12 * 60 * MIN), 5 * MIN);
    assert.equal(refreshMargin(2 * MIN), 30_000);
    assert.equal(refreshMargin(0), 0);
  });

  it('shares one login between concurrent callers', async () => {
    const clock = fakeClock();
    const cache = new TokenCache(clock.now);
    let logins = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const login = async () => {
      logins++;
      await gate;
      return result('t1', clock.now(), 60 * MIN);
    };
    const waiting = Array.from({ length: 100 }, () => cache.get('a', login));
    release();
    assert.deepEqual(new Set(await Promise.all(waiting)), new Set(['t1']));
    assert.equal(logins, 1);
    assert.equal(await cache.get('a', login), 't1');
    assert.equal(logins, 1);
  });

  it('stops handing out a token once inside the refresh margin, but still shows it until expiry', () => {
    const clock = fakeClock();
    const cache = new TokenCache(clock.now);
    cache.put('a', result('t1', clock.now(), 60 * MIN));
    clock.advance(55 * MIN - 1);
    assert.equal(cache.fresh('a'), 't1');
    clock.advance(1);
    assert.equal(cache.fresh('a'), null);
    assert.equal(cache.peek('a')?.token, 't1');
    clock.advance(5 * MIN);
    assert.equal(cache.peek('a'), null);
  });

  it('a login that started before invalidate neither stores nor hands out its token', async () => {
    const clock = fakeClock();
    const forgotten: string[] = [];
    const cache = new TokenCache(clock.now, (t) => forgotten.push(t));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const p = cache.get('a', async () => {
      await gate;
      return result('old-creds', clock.now(), 60 * MIN);
    });
    cache.invalidate('a');
    release();
    await assert.rejects(p, (e: unknown) => e instanceof VaultError && e.code === 'interrupted');
    assert.equal(cache.fresh('a'), null);
    assert.deepEqual(forgotten, ['old-creds'], 'the dropped token is forgotten, not just uncached');
  });

  it('tells onForget about every token it drops: replaced, rejected, invalidated, cleared', async () => {
    const clock = fakeClock();
    const forgotten: string[] = [];
    const cache = new TokenCache(clock.now, (t) => forgotten.push(t));
    cache.put('a', result('t1', clock.now(), 60 * MIN));
    cache.put('a', result('t2', clock.now(), 60 * MIN));
    cache.reject('a', 't2');
    cache.put('b', result('t3', clock.now(), 60 * MIN));
    cache.invalidate('b');
    cache.put('c', result('t4', clock.now(), 60 * MIN));
    cache.clear();
    assert.deepEqual(forgotten, ['t1', 't2', 't3', 't4']);
  });

  it('a failed login is not cached and the next caller tries again', async () => {
    const cache = new TokenCache(Date.now);
    await assert.rejects(cache.get('a', async () => Promise.reject(new Error('boom'))));
    assert.equal(cache.inflight('a'), null);
    assert.equal(await cache.get('a', async () => result('t2', Date.now(), MIN)), 't2');
  });

  it('reject() drops only the token that was rejected, not a newer one', () => {
    const cache = new TokenCache(Date.now);
    cache.put('a', result('new', Date.now(), 60 * MIN));
    cache.reject('a', 'old');
    assert.equal(cache.fresh('a'), 'new');
    cache.reject('a', 'new');
    assert.equal(cache.fresh('a'), null);
  });
});

describe('account tokens against the WXM test server', () => {
  let f: AccountFixture;
  afterEach(() => f?.dispose());

  async function withAccount(lifetimeSeconds: number, delayMs = 0) {
    f = await accountFixture({ server: { users: [{ username: 'ops@acme', password: 'ops-password' }], tokenLifetimeSeconds: lifetimeSeconds } });
    const view = await f.service.add({ label: 'Ops', username: 'ops@acme', secret: 'ops-password', authMode: 'password', baseUrl: f.server.baseUrl });
    f.server.options.delayMs = delayMs;
    f.server.resetCounts();
    return view.id;
  }

  it('serves the cached token without logging in again', async () => {
    const id = await withAccount(3600);
    const a = await f.service.accessToken(id);
    const b = await f.service.accessToken(id);
    assert.equal(a, b);
    assert.equal(f.server.loginAttempts(), 0);
  });

  it('50 concurrent token requests after expiry cause exactly one login', async () => {
    const id = await withAccount(3600, 50);
    f.clock.advance(3600_000);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => f.service.accessToken(id)));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(f.server.loginAttempts('ops@acme'), 1);
  });

  it('logs in again 5 minutes before a 12-hour token expires', async () => {
    const id = await withAccount(43200);
    const first = await f.service.accessToken(id);
    f.clock.advance(43200_000 - 5 * MIN - 1000);
    assert.equal(await f.service.accessToken(id), first);
    assert.equal(f.server.loginAttempts(), 0);
    f.clock.advance(1000);
    const second = await f.service.accessToken(id);
    assert.notEqual(second, first);
    assert.equal(f.server.loginAttempts(), 1);
  });

  it('keeps a 2-minute token for 90 seconds, then logs in again', async () => {
    const id = await withAccount(120);
    const first = await f.service.accessToken(id);
    f.clock.advance(89_000);
    assert.equal(await f.service.accessToken(id), first);
    f.clock.advance(1_000);
    assert.notEqual(await f.service.accessToken(id), first);
    assert.equal(f.server.loginAttempts(), 1);
    const [view] = await f.service.list();
    assert.equal(view?.tokenState, 'valid');
    assert.equal(view?.tokenExpiresAt, f.clock.now() + 120_000);
  });

  it('forgetTokens drops every token from memory and the next request logs in once', async () => {
    const id = await withAccount(3600);
    const before = await f.service.accessToken(id);
    f.events.length = 0;
    await f.service.forgetTokens();
    assert.deepEqual(f.events, [{ ids: [id] }]);
    const [view] = await f.service.list();
    assert.equal(view?.tokenState, 'none');
    assert.equal(view?.tokenExpiresAt, null);
    const after = await Promise.all([f.service.accessToken(id), f.service.accessToken(id)]);
    assert.notEqual(after[0], before);
    assert.equal(f.server.loginAttempts(), 1);
  });

  it('never writes a token to the account file or the log, and to the keychain only in its shared-token entry', async () => {
    const id = await withAccount(3600);
    await f.service.forgetTokens();
    const token = await f.service.accessToken(id);
    assert.ok(!readFileSync(join(f.dataDir, 'accounts.json'), 'utf8').includes(token));
    const holding = [];
    for (const key of await f.secrets.keys()) if ((await f.secrets.get(key))?.includes(token)) holding.push(key);
    assert.deepEqual(holding, [`account:${id}:token`]);
    assert.ok(f.logLines.every((l) => !l.includes(token)));
  });
});
