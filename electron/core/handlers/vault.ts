import type { AccountService } from '../accounts/account-service';
import type { Handlers } from '../ipc-dispatcher';
import type { PassphraseVault } from '../passphrase/passphrase-vault';

export function vaultHandlers(
  passphrase: PassphraseVault,
  accounts: AccountService,
): Pick<Handlers, 'vault:status' | 'vault:unlock' | 'vault:passphrase' | 'vault:reset'> {
  return {
    'vault:status': () => passphrase.lockStatus(),
    'vault:unlock': async (req) => {
      await passphrase.unlock(req.passphrase);
      return passphrase.lockStatus();
    },
    'vault:passphrase': (req) => passphrase.setPassphrase(req.current, req.next),
    'vault:reset': async () => {
      await accounts.forgetTokens();
      await passphrase.reset();
      await accounts.secretsRemoved();
      return passphrase.lockStatus();
    },
  };
}
