import { clipboard } from 'electron';
import type { ClipboardPort } from '../core/clipboard-port';

// Electron 45's clipboard is asynchronous (modelled on navigator.clipboard) and works on
// the system clipboard; on Linux the selection clipboard is `clipboard.selection`.
export const electronClipboard: ClipboardPort = {
  readText: () => clipboard.readText(),
  writeText: (text) => clipboard.writeText(text),
  clear: async () => clipboard.clear(),
};
