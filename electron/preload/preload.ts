/**
 * Runs in the sandboxed preload of the one window. Exposes `window.wxmVault`:
 * named functions from the shared contract, never `ipcRenderer` itself.
 * Bundled to a single CommonJS file because sandboxed preloads cannot load modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from '../common/bridge';
import { IPC_PREFIX } from '../common/ipc-contract';

const bridge = createBridge(
  (channel, payload) => ipcRenderer.invoke(IPC_PREFIX + channel, payload),
  (event, listener) => {
    // Hand the listener the payload only: the IPC event's `sender` would leak ipcRenderer.
    const relay = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_PREFIX + event, relay);
    return () => {
      ipcRenderer.removeListener(IPC_PREFIX + event, relay);
    };
  },
);

contextBridge.exposeInMainWorld('wxmVault', bridge);
