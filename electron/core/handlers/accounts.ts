import type { AccountService } from '../accounts/account-service';
import type { Handlers } from '../ipc-dispatcher';

type AccountChannels = 'accounts:list' | 'accounts:add' | 'accounts:update' | 'accounts:remove' | 'accounts:login' | 'accounts:sendCode' | 'accounts:export' | 'accounts:import';

export function accountHandlers(accounts: AccountService): Pick<Handlers, AccountChannels> {
  return {
    'accounts:list': () => accounts.list(),
    'accounts:add': (req) => accounts.add(req),
    'accounts:update': (req) => accounts.update(req),
    'accounts:remove': (req) => accounts.remove(req.id),
    'accounts:login': (req) => accounts.login(req.id, req.otp),
    'accounts:sendCode': (req) => accounts.sendCode(req.id),
    'accounts:export': () => accounts.exportJson(),
    'accounts:import': (req) => accounts.importJson(req.json),
  };
}
