import type { AccountService } from '../accounts/account-service';
import { exportToFile, type ChooseExportFile } from '../accounts/export-file';
import type { Handlers } from '../ipc-dispatcher';
import type { Logger } from '../logger';

type AccountChannels =
  | 'accounts:list'
  | 'accounts:add'
  | 'accounts:update'
  | 'accounts:remove'
  | 'accounts:login'
  | 'accounts:sendCode'
  | 'accounts:export'
  | 'accounts:exportToFile'
  | 'accounts:import';

export interface ExportFileSetup {
  choose: ChooseExportFile;
  logger: Logger;
  now: () => number;
}

export function accountHandlers(accounts: AccountService, exportFile: ExportFileSetup): Pick<Handlers, AccountChannels> {
  return {
    'accounts:list': () => accounts.list(),
    'accounts:add': (req) => accounts.add(req),
    'accounts:update': (req) => accounts.update(req),
    'accounts:remove': (req) => accounts.remove(req.id),
    'accounts:login': (req) => accounts.login(req.id, req.otp),
    'accounts:sendCode': (req) => accounts.sendCode(req.id),
    'accounts:export': () => accounts.exportJson(),
    'accounts:exportToFile': () => exportToFile({ ...exportFile, exportJson: () => accounts.exportJson() }),
    'accounts:import': (req) => accounts.importJson(req.json),
  };
}
