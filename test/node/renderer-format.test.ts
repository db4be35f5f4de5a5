/**
 * The renderer's pure formatting and token-status rules (renderer/src/lib/format.ts),
 * imported directly: every countdown, badge and the `is:` search filter rest on them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BASE_URL } from '../../electron/common/field-rules';
import { formatDuration, hostOf, spokenDuration, tokenStatus } from '../../renderer/src/lib/format';

const NOW = Date.UTC(2025, 0, 1, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;
const account = (over: Partial<Parameters<typeof tokenStatus>[0]> = {}) => ({
  tokenExpiresAt: null,
  tokenState: 'none' as const,
  problem: null,
  ...over,
});

describe('formatDuration: the countdown on each row and on the copy bar', () => {
  it('shows hours and zero-padded minutes from an hour up, dropping seconds', () => {
    assert.equal(formatDuration(3 * HOUR + 5 * MIN + 59_000), '3h 05m');
    assert.equal(formatDuration(HOUR), '1h 00m');
    assert.equal(formatDuration(25 * HOUR), '25h 00m');
  });

  it('shows minutes and zero-padded seconds under an hour', () => {
    assert.equal(formatDuration(12 * MIN + 3_000), '12m 03s');
    assert.equal(formatDuration(HOUR - 1), '59m 59s');
  });

  it('shows seconds alone under a minute, rounding down so it never shows time that is not left', () => {
    assert.equal(formatDuration(42_000), '42s');
    assert.equal(formatDuration(59_999), '59s');
    assert.equal(formatDuration(999), '0s');
  });

  it('never goes negative once the deadline has passed', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(-5 * MIN), '0s');
  });
});

describe('spokenDuration: the same time for screen readers', () => {
  it('spells out units, singular for one', () => {
    assert.equal(spokenDuration(3 * HOUR + 12 * MIN), '3 hours 12 minutes');
    assert.equal(spokenDuration(HOUR + MIN), '1 hour 1 minute');
    assert.equal(spokenDuration(2 * MIN + 1_000), '2 minutes 1 second');
    assert.equal(spokenDuration(1_000), '1 second');
    assert.equal(spokenDuration(42_500), '42 seconds');
  });

  it('says "0 seconds" rather than a negative time', () => {
    assert.equal(spokenDuration(-1), '0 seconds');
  });
});

describe('tokenStatus: the badge on each row', () => {
  const warn = 10;

  it('is valid with the time left while more than the warning time remains', () => {
    assert.deepEqual(tokenStatus(account({ tokenExpiresAt: NOW + 2 * HOUR, tokenState: 'valid' }), NOW, warn), {
      status: 'valid',
      text: 'Valid',
      remaining: '2h 00m',
    });
  });

  it('turns to expiring soon at exactly the warning time, still with the time left', () => {
    assert.deepEqual(tokenStatus(account({ tokenExpiresAt: NOW + warn * MIN, tokenState: 'valid' }), NOW, warn), {
      status: 'expiring',
      text: 'Expiring soon',
      remaining: '10m 00s',
    });
    assert.equal(tokenStatus(account({ tokenExpiresAt: NOW + warn * MIN + 1, tokenState: 'valid' }), NOW, warn).status, 'valid');
  });

  it('is expired, with no time left shown, from the expiry instant on', () => {
    assert.deepEqual(tokenStatus(account({ tokenExpiresAt: NOW, tokenState: 'valid' }), NOW, warn), {
      status: 'expired',
      text: 'Expired',
      remaining: null,
    });
    assert.equal(tokenStatus(account({ tokenExpiresAt: NOW - HOUR, tokenState: 'valid' }), NOW, warn).status, 'expired');
  });

  it('says no token when main holds none and nothing is wrong', () => {
    assert.deepEqual(tokenStatus(account(), NOW, warn), { status: 'none', text: 'No token', remaining: null });
  });

  it('says needs attention for an account main marked, even while an old token is still valid', () => {
    const marked = account({ tokenExpiresAt: NOW + 2 * HOUR, tokenState: 'needs-attention' });
    assert.deepEqual(tokenStatus(marked, NOW, warn), { status: 'attention', text: 'Needs attention', remaining: null });
  });

  it('says needs attention for a problem without a token, but keeps showing a token that still works', () => {
    const problem = { code: 'server-error' as const, message: 'WXM answered 503. Try again in a minute.' };
    assert.equal(tokenStatus(account({ problem }), NOW, warn).status, 'attention');
    assert.equal(tokenStatus(account({ problem, tokenExpiresAt: NOW + 2 * HOUR, tokenState: 'valid' }), NOW, warn).status, 'valid');
  });

  it('follows the warning setting', () => {
    const a = account({ tokenExpiresAt: NOW + 30 * MIN, tokenState: 'valid' });
    assert.equal(tokenStatus(a, NOW, 10).status, 'valid');
    assert.equal(tokenStatus(a, NOW, 60).status, 'expiring');
  });
});

describe('hostOf: the host shown under each account and searched by host:', () => {
  it('keeps the port and drops scheme and path', () => {
    assert.equal(hostOf('http://127.0.0.1:8443/api'), '127.0.0.1:8443');
    assert.equal(hostOf(DEFAULT_BASE_URL), 'api.getcloudcherry.com');
  });

  it('falls back to the text as stored when it is not a URL, rather than throwing while rendering', () => {
    assert.equal(hostOf('not a url'), 'not a url');
  });
});
