/**
 * A token for one account, the same way for `token`, `exec` and `api`: from
 * this command's own core when it holds the data folder (the shared token, or
 * one login), else only the token the running app shares.
 */
import type { AccountRecord } from '../core/accounts/account-record';
import { VaultError } from '../core/errors';
import type { Session } from './session';
import { CliError, EXIT, exitCodeOf } from './exit';
import { fixFor } from './fixes';

export interface Issued {
  token: string;
  /** Epoch ms; null when not known. */
  expiresAt: number | null;
  /** As the latest login told it (a first login in this very command included). */
  station: string | null;
}

/** Refuses an account that needs the user in the app: nothing is sent to WXM for it. */
export function refuseIfNeedsAttention(record: AccountRecord): void {
  if (record.problem && record.problem.code !== 'two-factor-required') {
    throw new CliError(`"${record.label}" needs attention: ${record.problem.message}`, EXIT.attention, fixFor(record));
  }
}

/** While the app holds the data folder, wxm-vault does not log in (a refused login must be recorded, and the app owns the file). */
export function appHasNoToken(session: Session, record: AccountRecord, why = 'has no current token'): CliError {
  const app = `WXM Vault is running${session.app?.pid ? ` (process ${session.app.pid})` : ''}`;
  if (!session.vault.accounts.shared.enabled) {
    return new CliError(
      `${app} and does not share tokens with the command line.`,
      EXIT.attention,
      'Turn on "Share tokens with the wxm-vault command line" in its Settings, or quit it and run this again.',
    );
  }
  return new CliError(
    `${app} and ${why} for "${record.label}"; while it runs, wxm-vault does not log in on its own.`,
    EXIT.attention,
    'Copy the token once in WXM Vault (it logs in and shares the token), or quit WXM Vault and run this again.',
  );
}

export async function obtainToken(session: Session, record: AccountRecord): Promise<Issued> {
  refuseIfNeedsAttention(record);
  const { accounts } = session.vault;
  if (!session.writer) {
    const shared = await accounts.shared.take(record);
    if (!shared) throw appHasNoToken(session, record);
    return { token: shared.token, expiresAt: shared.expiresAt, station: record.station };
  }
  try {
    const token = await accounts.accessToken(record.id);
    const view = await accounts.view(record.id);
    return { token, expiresAt: view.tokenExpiresAt, station: view.station };
  } catch (error) {
    throw withFix(error, record);
  }
}

/** A failure only the user can clear gets the fix in the app on its own line. */
export function withFix(error: unknown, record: AccountRecord): unknown {
  if (error instanceof VaultError && exitCodeOf(error) === EXIT.attention && error.code !== 'vault-locked') {
    return new CliError(error.message, EXIT.attention, fixFor(record, error.code));
  }
  return error;
}
