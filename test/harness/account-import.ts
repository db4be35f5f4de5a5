/**
 * How an imported account gets its password: an export carries no secret, so the account comes in without one and
 * the user enters it in an edit, which logs in and binds the password to the account's user name and server.
 */
import type { AccountView } from '../../electron/common/ipc-contract';
import type { AccountService } from '../../electron/core/accounts/account-service';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../electron/core/accounts/account-transfer';

/** Imports one password account (the vault's only one) and enters `password` for it; returns the edited account. */
export async function importThenEnterPassword(
  service: AccountService,
  account: { label: string; username: string; baseUrl: string },
  password: string,
): Promise<AccountView> {
  const json = JSON.stringify({ format: EXPORT_FORMAT, schemaVersion: EXPORT_VERSION, accounts: [{ ...account, authMode: 'password' }] });
  await service.importJson(json);
  const [imported] = await service.list();
  if (!imported) throw new Error('the import added no account');
  return service.update({ id: imported.id, secret: password });
}
