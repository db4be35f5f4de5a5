/**
 * Channels in the contract whose handlers are not built yet. Each answers with
 * a clear `not-implemented` error instead of crashing. Issues #3-#5 move every
 * entry out of here into its own handler module; this file then goes away.
 */
import type { ChannelName } from '../../common/ipc-contract';
import { VaultError } from '../errors';
import type { Handlers } from '../ipc-dispatcher';

const PENDING = [
  'vault:lock',
] as const satisfies readonly ChannelName[];

type Pending = (typeof PENDING)[number];

export function pendingHandlers(): Pick<Handlers, Pending> {
  const out: Partial<Record<Pending, () => Promise<never>>> = {};
  for (const channel of PENDING) {
    out[channel] = async () => {
      throw new VaultError('not-implemented', `"${channel}" is not available in this build yet.`);
    };
  }
  return out as Pick<Handlers, Pending>;
}
