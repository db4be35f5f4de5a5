/**
 * The search box: plain words match label, username, email, station and host;
 * `station:uswest`, `user:ops`, `host:127.0.0.1` narrow to one field;
 * `is:valid|expiring|expired|none|attention` filters by token status.
 * All terms must match (AND), case-insensitive.
 */
import type { AccountView } from '../../../electron/common/ipc-contract';
import { hostOf, tokenStatus, type RowStatus } from './format';

export interface Term {
  field: 'any' | 'station' | 'user' | 'host' | 'label' | 'is';
  value: string;
}

const FIELDS = new Set(['station', 'user', 'host', 'label', 'is']);

export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  for (const raw of query.trim().toLowerCase().split(/\s+/)) {
    if (!raw) continue;
    const colon = raw.indexOf(':');
    const field = colon > 0 ? raw.slice(0, colon) : '';
    if (FIELDS.has(field) && colon < raw.length - 1) terms.push({ field: field as Term['field'], value: raw.slice(colon + 1) });
    else terms.push({ field: 'any', value: raw });
  }
  return terms;
}

/** Each account's searchable text, built once per list load (views are replaced, never changed). */
const haystacks = new WeakMap<AccountView, string>();
function haystack(account: AccountView): string {
  let hay = haystacks.get(account);
  if (hay === undefined) {
    hay = `${account.label}\n${account.username}\n${account.email ?? ''}\n${account.station ?? ''}\n${hostOf(account.baseUrl)}`.toLowerCase();
    haystacks.set(account, hay);
  }
  return hay;
}

export function matches(account: AccountView, terms: Term[], now: number, warnMinutes: number): boolean {
  for (const term of terms) {
    const v = term.value;
    switch (term.field) {
      case 'station':
        if (!(account.station ?? 'none').toLowerCase().includes(v)) return false;
        break;
      case 'user':
        if (!account.username.toLowerCase().includes(v) && !(account.email ?? '').toLowerCase().includes(v)) return false;
        break;
      case 'host':
        if (!hostOf(account.baseUrl).toLowerCase().includes(v)) return false;
        break;
      case 'label':
        if (!account.label.toLowerCase().includes(v)) return false;
        break;
      case 'is': {
        const status: RowStatus = tokenStatus(account, now, warnMinutes).status;
        if (!status.startsWith(v)) return false;
        break;
      }
      default:
        if (!haystack(account).includes(v)) return false;
    }
  }
  return true;
}

export function idsOf(accounts: readonly AccountView[]): ReadonlySet<string> {
  return new Set(accounts.map((a) => a.id));
}

/** The ids of the accounts that match every term. */
export function matchingIds(accounts: readonly AccountView[], terms: Term[], now: number, warnMinutes: number): ReadonlySet<string> {
  return idsOf(accounts.filter((a) => matches(a, terms, now, warnMinutes)));
}

export interface StationGroup {
  key: string;
  title: string;
  accounts: AccountView[];
}

const NO_STATION = '\uffff';
/** One collator for every comparison: localeCompare with options builds one per call, 10,000 times for 1,000 rows. */
const byLabel = new Intl.Collator(undefined, { sensitivity: 'base' }).compare;

/** Groups by station (alphabetical, "not signed in yet" last), accounts by label within each. */
export function groupByStation(accounts: readonly AccountView[]): StationGroup[] {
  const byStation = new Map<string, AccountView[]>();
  for (const account of accounts) {
    const key = account.station ?? NO_STATION;
    let list = byStation.get(key);
    if (!list) byStation.set(key, (list = []));
    list.push(account);
  }
  return [...byStation.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => ({
      key,
      title: key === NO_STATION ? 'Station not known yet' : key,
      accounts: list.sort((a, b) => byLabel(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    }));
}

/**
 * How well an account's name answers the query's plain and `label:` words: the
 * whole name, its start, the start of a word in it, anywhere in it. Matches
 * through other fields (user, host, station) score 0 and tie.
 */
export function relevance(account: Pick<AccountView, 'label'>, terms: readonly Term[]): number {
  const label = account.label.toLowerCase();
  let score = 0;
  for (const { field, value } of terms) {
    if (field !== 'any' && field !== 'label') continue;
    if (label === value) score += 4;
    else if (label.startsWith(value)) score += 3;
    else if (label.includes(` ${value}`) || label.includes(`-${value}`) || label.includes(`_${value}`)) score += 2;
    else if (label.includes(value)) score += 1;
  }
  return score;
}

/**
 * The account Enter copies from the search box: the most relevant match; among
 * equals the one copied most recently, then the first in the list's order.
 */
export function topMatch(shown: readonly AccountView[], terms: readonly Term[], lastCopied: ReadonlyMap<string, number>): AccountView | null {
  let best: AccountView | null = null;
  let bestScore = -1;
  let bestCopied = -1;
  for (const account of shown) {
    const score = relevance(account, terms);
    const copied = lastCopied.get(account.id) ?? 0;
    if (score > bestScore || (score === bestScore && copied > bestCopied)) {
      best = account;
      bestScore = score;
      bestCopied = copied;
    }
  }
  return best;
}
