/** `wxm-vault status`: like `gh auth status`: the keychain, the vault, the app, then each account with what is wrong and the fix. */
import { readAccountSnapshot } from '../../core/accounts/account-snapshot';
import { expectPositionals, parseArgs } from '../args';
import type { CliContext, Outcome } from '../context';
import { EXIT } from '../exit';
import { fixFor } from '../fixes';
import { byStation } from '../format';
import { commandHelp } from '../help';
import { locate, openSession } from '../session';
import { accountRows, stateText } from './list';

const OK = '✓';
const BAD = 'X';
const INFO = '-';

export async function status(ctx: CliContext, argv: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs('status', argv, []);
  if (parsed.help) {
    ctx.out(commandHelp('status'));
    return { code: EXIT.ok };
  }
  expectPositionals('status', parsed, []);
  const location = locate(ctx);
  const session = await openSession(ctx, location, 'status', false);
  try {
    const { vault } = session;
    const lines = [`WXM Vault data folder: ${location.dataDir}`];
    const keychain = await vault.passphrase.status();
    if (!keychain.available) {
      // A failure, not a report: on stderr with its fix, as every error is, so stdout stays empty for a script.
      lines.push(`  ${BAD} Keychain: ${keychain.backend} does not work. ${keychain.message ?? ''}`.trimEnd());
      ctx.err(`${lines.join('\n')}\n`);
      return { code: EXIT.failure };
    }
    lines.push(`  ${OK} Keychain: ${keychain.backend} (service "${location.keychainService}")`);
    const { passphraseSet } = await vault.passphrase.lockStatus();
    lines.push(`  ${OK} Vault passphrase: ${passphraseSet ? 'set (asked for on every command; exec asks once per script)' : 'not set'}`);
    const sharing = vault.accounts.shared.enabled;
    lines.push(
      `  ${sharing ? OK : INFO} Token sharing with the app: ${sharing ? 'on' : 'off (turn it on in WXM Vault Settings to reuse its tokens)'}`,
    );
    lines.push(
      session.app
        ? `  ${INFO} WXM Vault is running (process ${session.app.pid}): wxm-vault uses the tokens it shares and does not log in itself`
        : `  ${INFO} WXM Vault is not running`,
    );
    const { records, warning } = await readAccountSnapshot(location.dataDir);
    if (warning) lines.push(`  ${BAD} ${warning}`);
    ctx.out(`${lines.join('\n')}\n`);
    if (!records.length) {
      ctx.out(`\nNo accounts yet: add one in the WXM Vault app.\n`);
      return { code: EXIT.ok };
    }
    const rows = new Map((await accountRows(session, ctx, records)).map((r) => [r.record.id, r]));
    const now = ctx.now();
    let attention = false;
    const out: string[] = [];
    for (const [station, members] of byStation(records)) {
      out.push('', station);
      for (const record of members) {
        const row = rows.get(record.id)!;
        const who = `${record.label} (${record.username} at ${record.baseUrl})`;
        if (record.problem) {
          attention = true;
          out.push(`  ${BAD} ${who}: needs attention. ${record.problem.message}`, `    - To fix: ${fixFor(record)}`);
        } else {
          out.push(`  ${OK} ${who}: ${stateText(row, now)}`);
        }
      }
    }
    ctx.out(`${out.join('\n')}\n`);
    return { code: attention || warning ? EXIT.attention : EXIT.ok };
  } finally {
    await session.close();
  }
}
