/** For an account that needs attention: the exact thing to do, in the app (the command line cannot type a password or code). */
import type { ErrorCode } from '../common/ipc-contract';
import type { AccountRecord } from '../core/accounts/account-record';
import { secretName } from '../core/accounts/account-rules';

/** `code`: the problem to fix, by default the one recorded on the account. */
export function fixFor(record: AccountRecord, code: ErrorCode | undefined = record.problem?.code): string {
  const name = `"${record.label}"`;
  const secret = secretName(record.authMode);
  switch (code) {
    case 'invalid-credentials':
    case 'secret-required':
      return `Open WXM Vault, edit ${name} and enter its ${secret} again.`;
    case 'two-factor-required':
      return `Open WXM Vault and press Log in on ${name} to enter the code WXM sends; wxm-vault then uses the token the app shares.`;
    case 'account-locked':
      return `Ask your WXM administrator to unlock ${record.username}, then press Log in on ${name} in WXM Vault.`;
    case 'data-file':
      return `Open WXM Vault and edit ${name}: check its server and username, and enter its ${secret} again.`;
    default:
      return `Open WXM Vault and press Log in on ${name}.`;
  }
}
