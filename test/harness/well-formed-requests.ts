/**
 * One well-formed request for every IPC channel: what the dispatcher tests send
 * when only the lock (or a sender check) may stop a call, and what the fuzz test
 * breaks. A channel added to the contract fails to compile here until it has one.
 */
import { RESET_CONFIRMATION } from '../../electron/common/field-rules';
import type { ChannelName } from '../../electron/common/ipc-contract';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

export const WELL_FORMED: Readonly<Record<ChannelName, Readonly<Record<string, unknown>> | undefined>> = {
  'app:info': undefined,
  'keychain:status': undefined,
  'network:status': undefined,
  'accounts:list': undefined,
  'accounts:add': { label: 'L', username: 'u@x', secret: 'well-formed-secret', authMode: 'password' },
  'accounts:update': { id: ID, label: 'L' },
  'accounts:remove': { id: ID },
  'accounts:login': { id: ID },
  'accounts:sendCode': { id: ID },
  'accounts:export': undefined,
  'accounts:exportToFile': undefined,
  'accounts:import': { json: '[]' },
  'apikey:fetch': { id: ID },
  'apikey:generate': { id: ID },
  'apikey:use': { id: ID, enabled: true },
  'clipboard:copy': { id: ID, kind: 'token' },
  'clipboard:clear': undefined,
  'settings:get': undefined,
  'settings:update': { clipboardClearSeconds: 30 },
  'vault:lock': undefined,
  'vault:status': undefined,
  'vault:unlock': { passphrase: 'well-formed-passphrase' },
  'vault:passphrase': { next: 'well-formed-passphrase' },
  'vault:reset': { confirm: RESET_CONFIRMATION },
};
