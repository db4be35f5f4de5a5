/** `wxm-vault exec <account> [--force] -- <command…>`: the command runs with the token in its environment, under one unlock. */
import { parseArgs, expectPositionals } from '../args';
import { runChild } from '../child';
import type { CliContext, Outcome } from '../context';
import { CliError, EXIT, UsageError } from '../exit';
import { commandHelp } from '../help';
import { tokenFor } from './token';

export async function exec(ctx: CliContext, argv: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs('exec', argv, [{ long: 'force' }], { positionalsBeforeRest: 1 });
  if (parsed.help) {
    ctx.out(commandHelp('exec'));
    return { code: EXIT.ok };
  }
  const [query] = expectPositionals('exec', parsed, ['<account>']);
  const [command, ...args] = parsed.rest ?? [];
  if (!command) throw new UsageError('missing the command to run: wxm-vault exec <account> -- <command> [args…]', 'exec');
  const outer = ctx.env['WXM_ACCOUNT'];
  if (outer !== undefined && !parsed.flags.has('force')) {
    throw new CliError(
      `This is already inside wxm-vault exec (for "${outer}"): a nested one would mix two accounts' tokens in one environment.`,
      EXIT.usage,
      'Leave it first (exit), or add --force to run it anyway.',
    );
  }
  // The data folder lock is released before the command starts: a long script must not keep the app from starting.
  const { record, issued } = await tokenFor(ctx, 'exec', query!);
  const env = {
    ...ctx.env,
    WXM_TOKEN: issued.token,
    WXM_AUTHORIZATION: `Bearer ${issued.token}`,
    WXM_BASE_URL: record.baseUrl,
    WXM_STATION: issued.station ?? '',
    WXM_ACCOUNT: record.label,
    WXM_TOKEN_EXPIRES_AT: issued.expiresAt !== null ? new Date(issued.expiresAt).toISOString() : '',
  };
  return runChild(command, args, env, (line) => ctx.err(`${line}\n`));
}
