/**
 * Electron's clipboard as the core's ClipboardPort. Written against the few
 * members it uses (type-only Electron import), so node tests drive it with a
 * recording fake and check exactly what reaches `clipboard.write()`; main.ts
 * hands in Electron's `clipboard` and `ClipboardItem`.
 */
import type { Clipboard, ClipboardItem } from 'electron';
import type { ClipboardMarker } from '../../core/clipboard/clipboard-markers';
import type { ClipboardPort } from '../../core/clipboard/clipboard-port';

export type ElectronClipboardLike = Pick<Clipboard, 'readText' | 'write' | 'clear'>;
export type ClipboardItemConstructor = new (items: Record<string, string | Blob>) => ClipboardItem;

/** Electron's spelling of a raw platform format (Windows format name, macOS pasteboard type, X11/Wayland MIME type). */
export function osClipboardFormat(format: string): string {
  return `electron application/osclipboard;format="${format}"`;
}

/** The one item a copy writes: the text, plus each marker as a raw platform format (bytes as a Blob). */
export function clipboardItemData(text: string, markers: readonly ClipboardMarker[]): Record<string, string | Blob> {
  const item: Record<string, string | Blob> = { 'text/plain': text };
  for (const { format, data } of markers) item[osClipboardFormat(format)] = typeof data === 'string' ? data : new Blob([data]);
  return item;
}

// Electron 45's clipboard is asynchronous (modelled on navigator.clipboard) and works on
// the system clipboard; on Linux the selection clipboard is `clipboard.selection`.
export function createElectronClipboard(clipboard: ElectronClipboardLike, Item: ClipboardItemConstructor): ClipboardPort {
  return {
    readText: () => clipboard.readText(),
    // One write() with one item: Electron commits it atomically, so no reader sees the text without its markers.
    writeText: (text, markers = []) => clipboard.write([new Item(clipboardItemData(text, markers))]),
    clear: async () => clipboard.clear(),
  };
}
