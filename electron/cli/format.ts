/** How the command line shows accounts and tokens: states, time left, columns. */
import type { AccountRecord } from '../core/accounts/account-record';
import type { SharedTokenInfo } from '../core/accounts/shared-tokens';

export type TokenStateName = 'valid' | 'expiring' | 'expired' | 'none' | 'needs-attention';

export function tokenState(record: AccountRecord, token: SharedTokenInfo | null, now: number, warnMs: number): TokenStateName {
  if (record.problem) return 'needs-attention';
  if (!token) return 'none';
  if (now >= token.expiresAt) return 'expired';
  return token.expiresAt - now <= warnMs ? 'expiring' : 'valid';
}

/** "11 h 58 min", "4 min", "45 s". */
export function timeLeft(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** Left-aligned columns, two spaces apart; the last column is not padded. */
export function columns(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** Accounts grouped by station, stations in name order, accounts without one last. */
export function byStation(records: AccountRecord[]): Array<[string, AccountRecord[]]> {
  const groups = new Map<string, AccountRecord[]>();
  for (const r of [...records].sort((a, b) => a.label.localeCompare(b.label))) {
    const key = r.station ?? '';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([station, list]) => [station || '(no station yet: never logged in)', list]);
}
