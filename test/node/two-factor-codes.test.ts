/**
 * Acceptance finding 10: e-mailed or SMS two-factor codes never arrived,
 * because WXM sends a code only in answer to a login without one, and we sent
 * none. Now a login that needs a code first goes out without it (at most once
 * a minute per account), then the user enters the code WXM just sent; "Send a
 * new code" asks for another, once a minute, enforced in main. Real keychain,
 * and a WXM test server whose e-mail users get a fresh code per code-less login.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CODE_RESEND_MS } from '../../electron/core/accounts/account-service';
import { errorCode, failure } from '../harness/failure';
import { accountFixture, type AccountFixture } from '../harness/account-fixture';

let f: AccountFixture;

beforeEach(async () => {
  f = await accountFixture({
    server: {
      users: [
        { username: 'mail@acme', password: 'mail-password', sendsCodes: true },
        { username: 'totp@acme', password: 'totp-password', otp: '246810' },
      ],
    },
  });
});
afterEach(() => f.dispose());

/** Adds the e-mail account the way the form does: a first try without a code, then the code WXM sent. */
async function addMailAccount(): Promise<string> {
  const req = { label: 'Mail', username: 'mail@acme', secret: 'mail-password', authMode: 'password' as const, baseUrl: f.server.baseUrl };
  assert.equal(await errorCode(f.service.add(req)), 'two-factor-required');
  const view = await f.service.add({ ...req, otp: f.server.sentCodes('mail@acme').at(-1)! });
  f.clock.advance(13 * 3600_000); // the token expired
  f.server.resetCounts();
  return view.id;
}

describe('two-factor codes sent by e-mail or text message', () => {
  it('a copy that needs a login sends one login without a code, so WXM sends a code, and that code logs in', async () => {
    const id = await addMailAccount();
    const before = f.server.sentCodes('mail@acme').length;
    const err = await failure(f.service.accessToken(id));
    assert.equal(err.code, 'two-factor-required');
    assert.match(err.message, /WXM has sent mail@acme a new two-factor code by e-mail or text message/);
    assert.equal(f.server.loginAttempts('mail@acme'), 1);
    assert.equal(f.server.loginForms.at(-1)?.username, 'mail@acme', 'no code in that login');
    assert.equal(f.server.sentCodes('mail@acme').length, before + 1, 'WXM sent a code');
    const view = await f.service.login(id, f.server.sentCodes('mail@acme').at(-1));
    assert.equal(view.tokenState, 'valid');
    assert.match(await f.service.accessToken(id), /^tok-/);
  });

  it('one prompt never costs more than one login without a code: repeated copies and Log in within a minute send nothing', async () => {
    const id = await addMailAccount();
    await errorCode(f.service.accessToken(id));
    assert.equal(await errorCode(f.service.accessToken(id)), 'two-factor-required');
    assert.equal(await errorCode(f.service.login(id)), 'two-factor-required');
    f.clock.advance(CODE_RESEND_MS - 1000);
    assert.equal(await errorCode(f.service.accessToken(id)), 'two-factor-required');
    assert.equal(f.server.loginAttempts('mail@acme'), 1);
  });

  it('"Send a new code" is refused within a minute (with the wait), then sends a new one; only the newest code works', async () => {
    const id = await addMailAccount();
    await errorCode(f.service.accessToken(id));
    const first = f.server.sentCodes('mail@acme').at(-1)!;
    f.clock.advance(20_000);
    const refused = await failure(f.service.sendCode(id));
    assert.equal(refused.code, 'rate-limited');
    assert.match(refused.message, /ask for another in 40 s/);
    assert.equal(f.server.loginAttempts('mail@acme'), 1);

    f.clock.advance(41_000);
    const sent = await f.service.sendCode(id);
    assert.deepEqual(sent, { loggedIn: false, nextCodeAt: f.clock.now() + CODE_RESEND_MS });
    assert.equal(f.server.loginAttempts('mail@acme'), 2);
    const newest = f.server.sentCodes('mail@acme').at(-1)!;
    assert.notEqual(newest, first);
    if (first !== newest) assert.equal(await errorCode(f.service.login(id, first)), 'two-factor-required', 'the old code was replaced');
    assert.equal((await f.service.login(id, newest)).tokenState, 'valid');
  });

  it('"Send a new code" logs in when WXM no longer asks for a code', async () => {
    const id = await addMailAccount();
    f.server.updateUser('mail@acme', { sendsCodes: false, otp: undefined });
    assert.deepEqual(await f.service.sendCode(id), { loggedIn: true, nextCodeAt: f.clock.now() });
    assert.match(await f.service.accessToken(id), /^tok-/);
    assert.equal(f.server.loginAttempts('mail@acme'), 1);
  });

  it('authenticator-style codes keep working the same way', async () => {
    const req = { label: 'Totp', username: 'totp@acme', secret: 'totp-password', authMode: 'password' as const, baseUrl: f.server.baseUrl };
    const { id } = await f.service.add({ ...req, otp: '246810' });
    f.clock.advance(13 * 3600_000);
    assert.equal(await errorCode(f.service.accessToken(id)), 'two-factor-required');
    assert.equal((await f.service.login(id, '246810')).tokenState, 'valid');
    assert.match(await f.service.accessToken(id), /^tok-/);
  });
});
