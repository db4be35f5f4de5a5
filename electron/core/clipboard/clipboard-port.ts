import type { ClipboardMarker } from './clipboard-markers';

/**
 * What the core needs from a system clipboard. Electron's `clipboard` module
 * implements it in main; tests use the real X11 clipboard through xclip.
 */
export interface ClipboardPort {
  readText(): Promise<string>;
  /**
   * Writes the text and, in the same operation, the markers (raw platform
   * formats, see clipboard-markers.ts): a history or manager that looks between
   * two writes would record an unmarked copy. No markers: a plain text copy.
   */
  writeText(text: string, markers?: readonly ClipboardMarker[]): Promise<void>;
  clear(): Promise<void>;
}
