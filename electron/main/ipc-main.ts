/**
 * Wires the contract onto Electron IPC: one `ipcMain.handle` per channel, all
 * going through the core dispatcher, which checks sender, channel and payload.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, IPC_PREFIX } from '../common/ipc-contract';
import type { Dispatch, SenderFrame } from '../core/ipc-dispatcher';

function senderOf(event: IpcMainInvokeEvent): SenderFrame {
  const frame = event.senderFrame;
  // Origin, not URL: about:blank and sandboxed documents have URLs that say nothing about who controls them.
  return { origin: frame ? frame.origin : null, isMainFrame: !!frame && frame === event.sender.mainFrame };
}

export function registerIpc(dispatch: Dispatch): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(IPC_PREFIX + channel, (event, payload: unknown) => dispatch(senderOf(event), channel, payload));
  }
}
