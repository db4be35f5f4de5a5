/**
 * Exit codes and errors of `wxm-vault`. Scripts branch on the code; people
 * read the message: what happened, then what to run next (as `gh` does).
 *
 * 0 ok · 1 failure · 2 usage (a wrong command, flag or account name) ·
 * 3 locked or needs attention (a vault passphrase that could not be asked
 * for or was wrong, an account that needs the user in the app, or the app
 * holding the data folder with no token to share).
 */
import type { ErrorCode } from '../common/ipc-contract';
import { VaultError } from '../core/errors';

export const EXIT = { ok: 0, failure: 1, usage: 2, attention: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** The next thing to run or do, on its own line. */
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A wrong command line: the message, then how to get help for `command`. */
export class UsageError extends CliError {
  constructor(message: string, command: string | null) {
    super(message, EXIT.usage, `Run \`wxm-vault ${command ? `${command} ` : ''}--help\` for usage.`);
    this.name = 'UsageError';
  }
}

/** Failures only the user can clear (in the app, or by unlocking): exit 3, so a script stops instead of retrying. */
const NEEDS_ATTENTION = new Set<ErrorCode>([
  'vault-locked',
  'wrong-passphrase',
  'invalid-credentials',
  'secret-required',
  'two-factor-required',
  'account-locked',
]);

export function exitCodeOf(error: VaultError): number {
  if (NEEDS_ATTENTION.has(error.code)) return EXIT.attention;
  if (error.code === 'bad-request') return EXIT.usage;
  return EXIT.failure;
}

/** What to print on stderr for any error, and the exit code; an unexpected error shows its first line only (no stack). */
export function report(error: unknown): { text: string; exitCode: number } {
  if (error instanceof CliError) return { text: error.hint ? `${error.message}\n${error.hint}` : error.message, exitCode: error.exitCode };
  if (error instanceof VaultError) return { text: error.message, exitCode: exitCodeOf(error) };
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 300) ?? '';
  return {
    text: `wxm-vault failed unexpectedly (${first}).\nRun it again; if it keeps failing, report this with the log in the data folder's logs/cli.log.`,
    exitCode: EXIT.failure,
  };
}
