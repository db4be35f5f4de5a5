/**
 * What the core needs from a system clipboard. Electron's `clipboard` module
 * implements it in main; tests use the real X11 clipboard through xclip.
 */
export interface ClipboardPort {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
  clear(): Promise<void>;
}
