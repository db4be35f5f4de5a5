/**
 * Which account `<account>` means: an exact id, label or username, in any
 * case. An id is unique, so it wins; otherwise a name that fits several
 * accounts lists them (exit 2) rather than guessing which one gets a token.
 */
import type { AccountRecord } from '../core/accounts/account-record';
import { CliError, EXIT } from './exit';
import { columns } from './format';

export function matchAccount(records: readonly AccountRecord[], query: string): AccountRecord {
  const wanted = query.trim().toLowerCase();
  const byId = records.find((r) => r.id === wanted);
  if (byId) return byId;
  const found = records.filter((r) => r.label.toLowerCase() === wanted || r.username.toLowerCase() === wanted);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new CliError(
      records.length ? `No account is named "${query}" (by name, username or id).` : 'There are no accounts in WXM Vault yet.',
      EXIT.usage,
      records.length ? 'Run `wxm-vault list` to see them.' : 'Add one in the WXM Vault app first.',
    );
  }
  const table = columns(found.map((r) => [r.label, r.username, r.baseUrl, r.id]));
  throw new CliError(`"${query}" fits ${found.length} accounts:\n${table}`, EXIT.usage, 'Name one of them by its id.');
}
