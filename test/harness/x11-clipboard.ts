/**
 * The real X11 CLIPBOARD through xclip: what main's clipboard does in the app,
 * done for the harness, so tests read the same clipboard a user pastes from.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';

const run = promisify(execFile);

export function hasX11Display(): boolean {
  return !!process.env.DISPLAY;
}

export async function readX11Clipboard(): Promise<string> {
  try {
    const { stdout } = await run('xclip', ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING'], { timeout: 5000 });
    return stdout;
  } catch {
    // xclip exits non-zero when nobody owns the selection: an empty clipboard.
    return '';
  }
}

function spawnXclipOwner(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // xclip forks an owner that keeps inherited stdio open; give it none, or we would wait forever.
    const child = spawn('xclip', ['-selection', 'clipboard', '-i'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`xclip exited with ${code}`))));
    child.stdin.end(text);
  });
}

/**
 * Resolves once the clipboard reads back `text`, like a synchronous system
 * clipboard write. xclip's parent exits after forking, and the forked owner
 * may take the selection a moment later: a read right after would still see
 * the previous owner's value.
 */
export async function writeX11Clipboard(text: string): Promise<void> {
  await spawnXclipOwner(text);
  const deadline = Date.now() + 3000;
  while ((await readX11Clipboard()) !== text) {
    if (Date.now() > deadline) throw new Error('xclip did not take the clipboard within 3 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Writes the text only; the markers (e.g. `x-kde-passwordManagerHint`) are
 * NOT offered on the X11 clipboard. xclip 0.13 owns a selection with a single
 * target (`-t`), and the X11 CLIPBOARD has one owner, so the text and the hint
 * cannot both be served by it. The markers a copy would carry are checked
 * where they are made and handed over (clipboard-markers and the
 * clipboard-concealed security tests), and what Electron does with them by the
 * Electron-only spec test/electron/clipboard-markers.e2e.ts.
 */
export const x11Clipboard: ClipboardPort = {
  readText: readX11Clipboard,
  writeText: (text) => writeX11Clipboard(text),
  clear: () => writeX11Clipboard(''),
};
