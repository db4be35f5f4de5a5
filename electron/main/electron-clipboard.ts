import { clipboard } from 'electron';
import type { ClipboardPort } from '../core/clipboard-port';

export const electronClipboard: ClipboardPort = {
  readText: async () => clipboard.readText('clipboard'),
  writeText: async (text) => clipboard.writeText(text, 'clipboard'),
  clear: async () => clipboard.clear('clipboard'),
};
