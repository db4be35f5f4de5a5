/**
 * The expiry watch's rules (renderer/src/lib/expiry.ts), imported directly: when
 * the list's one timer must fire next, and which state changes are announced,
 * each once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccountView } from '../../electron/common/ipc-contract';
import { announce, nextBoundary, NOTHING_SEEN, transitions } from '../../renderer/src/lib/expiry';

const NOW = Date.UTC(2025, 0, 1, 12);
const MIN = 60_000;
const WARN = 5;
type Timed = Pick<AccountView, 'id' | 'label' | 'tokenExpiresAt' | 'tokenState' | 'problem'>;
const account = (id: string, tokenExpiresAt: number | null, over: Partial<Timed> = {}): Timed => ({
  id,
  label: `Account ${id}`,
  tokenExpiresAt,
  tokenState: tokenExpiresAt === null ? 'none' : 'valid',
  problem: null,
  ...over,
});

describe('nextBoundary: when the one timer fires', () => {
  it('is the earliest "expiring soon" or expiry moment still ahead', () => {
    const list = [account('a', NOW + 60 * MIN), account('b', NOW + 7 * MIN), account('c', NOW + 2 * MIN)];
    // b turns "expiring soon" at +2 min, c expires at +2 min: the same moment.
    assert.equal(nextBoundary(list, NOW, WARN), NOW + 2 * MIN);
    assert.equal(nextBoundary([account('a', NOW + 60 * MIN)], NOW, WARN), NOW + 55 * MIN);
  });

  it('is null when nothing will change by time alone: no token, expired, or needing attention', () => {
    const list = [account('a', null), account('b', NOW - MIN), account('c', NOW + 60 * MIN, { tokenState: 'needs-attention' })];
    assert.equal(nextBoundary(list, NOW, WARN), null);
  });
});

describe('transitions: what is announced', () => {
  it('tells each step of the same token once, and nothing on a first look', () => {
    const list = [account('a', NOW + 6 * MIN), account('b', NOW + 30 * 1000)];
    const first = transitions(NOTHING_SEEN, list, NOW, WARN);
    assert.deepEqual(first.news, []);
    const later = transitions(first.seen, list, NOW + 2 * MIN, WARN);
    assert.deepEqual(later.news, [
      { label: 'Account a', status: 'expiring' },
      { label: 'Account b', status: 'expired' },
    ]);
    assert.deepEqual(transitions(later.seen, list, NOW + 3 * MIN, WARN).news, []);
  });

  it('does not announce a new token or a lock as a change: only time passing counts', () => {
    const before = transitions(NOTHING_SEEN, [account('a', NOW + MIN)], NOW, WARN).seen;
    assert.deepEqual(transitions(before, [account('a', NOW + 60 * MIN)], NOW, WARN).news, []);
    assert.deepEqual(transitions(before, [account('a', null)], NOW, WARN).news, []);
  });

  it('says it in one sentence per kind, naming at most three', () => {
    assert.equal(announce([{ label: 'Ops US', status: 'expired' }]), 'Ops US: token expired.');
    assert.equal(
      announce(['A', 'B', 'C', 'D', 'E'].map((label) => ({ label, status: 'expiring' as const }))),
      '5 tokens expire soon: A, B, C and 2 more.',
    );
    assert.equal(
      announce([
        { label: 'A', status: 'expiring' },
        { label: 'B', status: 'expired' },
      ]),
      'B: token expired. A: token expires soon.',
    );
  });
});
