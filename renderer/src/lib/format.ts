/** Pure formatting and status rules shared by the list, the copy bar and the bench. */
import type { AccountView } from '../../../electron/common/ipc-contract';

/** "3h 12m", "12m 03s", "42s"; never negative. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** The same, spelled out for screen readers: "3 hours 12 minutes". */
export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (h > 0) return `${part(h, 'hour')} ${part(m, 'minute')}`;
  if (m > 0) return `${part(m, 'minute')} ${part(s, 'second')}`;
  return part(s, 'second');
}

export type RowStatus = 'valid' | 'expiring' | 'expired' | 'none' | 'attention';

export interface StatusView {
  status: RowStatus;
  /** Short word(s) shown on the badge. */
  text: string;
  /** Time left, when there is a token that has not expired. */
  remaining: string | null;
}

export function tokenStatus(account: Pick<AccountView, 'tokenExpiresAt' | 'tokenState' | 'problem'>, now: number, warnMinutes: number): StatusView {
  if (account.tokenState === 'needs-attention' || (account.problem && account.tokenExpiresAt === null)) {
    return { status: 'attention', text: 'Needs attention', remaining: null };
  }
  if (account.tokenExpiresAt === null) return { status: 'none', text: 'No token', remaining: null };
  const left = account.tokenExpiresAt - now;
  if (left <= 0) return { status: 'expired', text: 'Expired', remaining: null };
  if (left <= warnMinutes * 60_000) return { status: 'expiring', text: 'Expiring soon', remaining: formatDuration(left) };
  return { status: 'valid', text: 'Valid', remaining: formatDuration(left) };
}

/** Hosts already worked out: most accounts share a handful of base URLs, and parsing 1,000 URLs per render shows. */
const hosts = new Map<string, string>();

export function hostOf(baseUrl: string): string {
  let host = hosts.get(baseUrl);
  if (host === undefined) {
    try {
      host = new URL(baseUrl).host;
    } catch {
      host = baseUrl;
    }
    if (hosts.size > 1000) hosts.clear();
    hosts.set(baseUrl, host);
  }
  return host;
}
