/** `wxm-vault list [--json]`: accounts by station, token state and time left; never a token. */
import { readAccountSnapshot } from '../../core/accounts/account-snapshot';
import type { AccountRecord } from '../../core/accounts/account-record';
import type { SharedTokenInfo } from '../../core/accounts/shared-tokens';
import { parseArgs, expectPositionals } from '../args';
import type { CliContext, Outcome } from '../context';
import { EXIT } from '../exit';
import { byStation, columns, timeLeft, tokenState, type TokenStateName } from '../format';
import { commandHelp } from '../help';
import { locate, openSession, unlock, type Session } from '../session';

export interface Row {
  record: AccountRecord;
  token: SharedTokenInfo | null;
  state: TokenStateName;
}

/** Every account with the state of its shared token (asks for the vault passphrase when one is set and sharing is on). */
export async function accountRows(session: Session, ctx: CliContext, records: AccountRecord[]): Promise<Row[]> {
  const { shared } = session.vault.accounts;
  if (records.length && shared.enabled) await unlock(session, ctx);
  const warnMs = session.vault.settings.current.expiryWarningMinutes * 60_000;
  const rows: Row[] = [];
  for (const record of records) {
    const token = shared.enabled ? await shared.peek(record) : null;
    rows.push({ record, token, state: tokenState(record, token, ctx.now(), warnMs) });
  }
  return rows;
}

export function stateText(row: Row, now: number): string {
  if (row.state === 'needs-attention') return 'needs attention';
  if (!row.token || row.state === 'none') return 'no token';
  if (row.state === 'expired') return 'expired';
  return `${row.state}, ${timeLeft(row.token.expiresAt - now)} left`;
}

export async function list(ctx: CliContext, argv: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs('list', argv, [{ long: 'json' }]);
  if (parsed.help) {
    ctx.out(commandHelp('list'));
    return { code: EXIT.ok };
  }
  expectPositionals('list', parsed, []);
  const location = locate(ctx);
  const { records, warning } = await readAccountSnapshot(location.dataDir);
  if (warning) ctx.err(`${warning}\n`);
  const session = await openSession(ctx, location, 'list', false);
  try {
    const rows = await accountRows(session, ctx, records);
    if (parsed.flags.has('json')) {
      ctx.out(`${JSON.stringify(rows.map(toJson), null, 2)}\n`);
      return { code: EXIT.ok };
    }
    if (!rows.length) {
      ctx.err(`No accounts in ${location.dataDir}. Add one in the WXM Vault app.\n`);
      return { code: EXIT.ok };
    }
    const now = ctx.now();
    const state = new Map(rows.map((r) => [r.record.id, r]));
    const groups = byStation(records).map(([station, members]) => {
      const table = columns(members.map((r) => [r.label, r.username, stateText(state.get(r.id)!, now)]));
      return `${station}\n${table}`;
    });
    ctx.out(`${groups.join('\n\n')}\n`);
    return { code: EXIT.ok };
  } finally {
    await session.close();
  }
}

function toJson({ record: r, token, state }: Row) {
  return {
    id: r.id,
    label: r.label,
    username: r.username,
    station: r.station,
    baseUrl: r.baseUrl,
    authMode: r.authMode,
    state,
    tokenExpiresAt: token ? new Date(token.expiresAt).toISOString() : null,
    problem: r.problem,
  };
}
