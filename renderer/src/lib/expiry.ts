/**
 * When tokens change state by time alone (valid → expiring soon → expired), as
 * pure functions: the next such moment across all accounts, so one timer can
 * serve the whole list instead of every row reading a ticking clock; and what
 * to announce when it comes.
 */
import type { AccountView } from '../../../electron/common/ipc-contract';
import { tokenStatus, type RowStatus } from './format';

type Timed = Pick<AccountView, 'id' | 'label' | 'tokenExpiresAt' | 'tokenState' | 'problem'>;

/** The first moment after `now` at which some account's status changes by time alone, or null. */
export function nextBoundary(accounts: readonly Timed[], now: number, warnMinutes: number): number | null {
  const warnMs = warnMinutes * 60_000;
  let next: number | null = null;
  for (const account of accounts) {
    const status = tokenStatus(account, now, warnMinutes).status;
    if (status !== 'valid' && status !== 'expiring') continue;
    const expires = account.tokenExpiresAt!;
    const at = status === 'valid' ? expires - warnMs : expires;
    if (next === null || at < next) next = at;
  }
  return next;
}

/** What the watch remembers of each account between two looks. */
export interface Seen {
  tokenExpiresAt: number | null;
  status: RowStatus;
}

/** Nothing seen yet. */
export const NOTHING_SEEN: ReadonlyMap<string, Seen> = new Map();

export interface Transition {
  label: string;
  status: 'expiring' | 'expired';
}

/**
 * The accounts whose token went on to expiring soon or expired since `before`,
 * by time alone: the same token (same expiry) a step further. A new login, a
 * lock or a first look is not a transition, so each is told once.
 */
export function transitions(
  before: ReadonlyMap<string, Seen>,
  after: readonly Timed[],
  now: number,
  warnMinutes: number,
): { seen: ReadonlyMap<string, Seen>; news: Transition[] } {
  const seen = new Map<string, Seen>();
  const news: Transition[] = [];
  for (const account of after) {
    const status = tokenStatus(account, now, warnMinutes).status;
    seen.set(account.id, { tokenExpiresAt: account.tokenExpiresAt, status });
    const was = before.get(account.id);
    if (!was || was.tokenExpiresAt !== account.tokenExpiresAt || was.status === status) continue;
    if (status === 'expired' || (status === 'expiring' && was.status === 'valid')) news.push({ label: account.label, status });
  }
  return { seen, news };
}

const SAID: Record<Transition['status'], { one: string; many: string }> = {
  expiring: { one: 'token expires soon', many: 'tokens expire soon' },
  expired: { one: 'token expired', many: 'tokens expired' },
};

/** One sentence per kind of change, naming at most three accounts: "Ops US: token expired." */
export function announce(news: readonly Transition[]): string {
  const parts: string[] = [];
  for (const status of ['expired', 'expiring'] as const) {
    const labels = news.filter((n) => n.status === status).map((n) => n.label);
    if (labels.length === 0) continue;
    if (labels.length === 1) {
      parts.push(`${labels[0]}: ${SAID[status].one}.`);
      continue;
    }
    const named = labels.slice(0, 3).join(', ');
    const more = labels.length > 3 ? ` and ${labels.length - 3} more` : '';
    parts.push(`${labels.length} ${SAID[status].many}: ${named}${more}.`);
  }
  return parts.join(' ');
}
