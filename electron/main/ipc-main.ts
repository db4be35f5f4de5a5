/** Wires the contract onto Electron IPC; the logic lives in ipc-register.ts. */
import { ipcMain } from 'electron';
import type { Dispatch } from '../core/ipc-dispatcher';
import { registerChannels } from './ipc-register';

export function registerIpc(dispatch: Dispatch): void {
  registerChannels(ipcMain, dispatch);
}
