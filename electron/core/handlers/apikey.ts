import type { AccountService } from '../accounts/account-service';
import type { Handlers } from '../ipc-dispatcher';

export function apiKeyHandlers(accounts: AccountService): Pick<Handlers, 'apikey:fetch' | 'apikey:generate' | 'apikey:use'> {
  return {
    'apikey:fetch': (req) => accounts.fetchApiKey(req.id),
    'apikey:generate': (req) => accounts.generateApiKey(req.id),
    'apikey:use': (req) => accounts.useApiKey(req.id, req.enabled),
  };
}
