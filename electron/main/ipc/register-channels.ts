/**
 * Puts the contract on an ipcMain-like object: one `handle` per channel, all
 * going through the core dispatcher, which checks sender, channel and payload.
 * No Electron import at run time, so node tests drive it with a fake ipcMain.
 */
import { CHANNEL_NAMES, IPC_PREFIX } from '../../common/ipc-contract';
import type { Dispatch, SenderFrame } from '../../core/ipc-dispatcher';

/** The parts of an IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  senderFrame: { origin: string } | null | undefined;
  sender: { mainFrame: unknown };
}

export interface IpcMainLike<E extends InvokeEventLike> {
  handle(channel: string, listener: (event: E, payload: unknown) => Promise<unknown>): void;
}

export function senderOf(event: InvokeEventLike): SenderFrame {
  const frame = event.senderFrame;
  // Origin, not URL: about:blank and sandboxed documents have URLs that say nothing about who controls them.
  return { origin: frame ? frame.origin : null, isMainFrame: !!frame && frame === event.sender.mainFrame };
}

/** Registers exactly the contract's channels (prefixed); anything else has no handler at all. */
export function registerChannels<E extends InvokeEventLike>(ipcMain: IpcMainLike<E>, dispatch: Dispatch): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(IPC_PREFIX + channel, (event, payload) => dispatch(senderOf(event), channel, payload));
  }
}
