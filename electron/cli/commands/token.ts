/** `wxm-vault token <account> [--header]`: a valid token and a newline on stdout, and nothing else. */
import { readAccountSnapshot } from '../../core/accounts/account-snapshot';
import type { AccountRecord } from '../../core/accounts/account-record';
import { expectPositionals, parseArgs } from '../args';
import type { CliContext, Outcome } from '../context';
import { EXIT } from '../exit';
import { commandHelp } from '../help';
import { matchAccount } from '../match';
import { obtainToken, type Issued } from '../obtain';
import { locate, openSession, unlock } from '../session';

/** Finds the account, then gets its token under the data folder lock, released again before returning. */
export async function tokenFor(ctx: CliContext, command: string, query: string): Promise<{ record: AccountRecord; issued: Issued }> {
  const location = locate(ctx);
  const { records } = await readAccountSnapshot(location.dataDir);
  // Before the passphrase is asked for: a mistyped name costs no key derivation.
  const record = matchAccount(records, query);
  const session = await openSession(ctx, location, command, true);
  try {
    await unlock(session, ctx);
    return { record, issued: await obtainToken(session, record) };
  } finally {
    await session.close();
  }
}

export async function token(ctx: CliContext, argv: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs('token', argv, [{ long: 'header' }]);
  if (parsed.help) {
    ctx.out(commandHelp('token'));
    return { code: EXIT.ok };
  }
  const [query] = expectPositionals('token', parsed, ['<account>']);
  const { issued } = await tokenFor(ctx, 'token', query!);
  ctx.out(parsed.flags.has('header') ? `Authorization: Bearer ${issued.token}\n` : `${issued.token}\n`);
  return { code: EXIT.ok };
}
