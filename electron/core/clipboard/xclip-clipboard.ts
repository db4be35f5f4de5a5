/**
 * The X11 CLIPBOARD through `xclip`, as the core's ClipboardPort, for shells
 * without Electron's clipboard (the browser shell). The text reaches xclip on
 * stdin, never in its arguments, where any user could read it in the process
 * list. "Clear only if it still holds our value" is the ClipboardGuard's job.
 *
 * xclip owns a selection with one target, so the markers that keep a copy out
 * of clipboard managers (x-kde-passwordManagerHint) cannot travel with the
 * text: they are ignored here, and the auto-clear remains the defence.
 */
import { execFile, spawn } from 'node:child_process';
import { VaultError } from '../errors';
import type { ClipboardPort } from './clipboard-port';

const XCLIP = 'xclip';
const TIMEOUT_MS = 5000;

function missingXclip(): VaultError {
  return new VaultError(
    'internal',
    'Copying needs xclip, which is not installed. Install it (Debian/Ubuntu: sudo apt install xclip), then copy again.',
  );
}

function failed(what: string): VaultError {
  return new VaultError('internal', `The clipboard could not be ${what} (xclip failed). Check that the X display is reachable, then try again.`);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

export function readXclip(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(XCLIP, ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING'], { timeout: TIMEOUT_MS, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (!error) return resolve(stdout);
      if (isMissing(error)) return reject(missingXclip());
      // xclip exits non-zero when nobody owns the selection: an empty clipboard.
      resolve('');
    });
  });
}

function startOwner(text: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // xclip forks an owner that keeps inherited stdio open; give it none, or we would wait for it forever.
    const child = spawn(XCLIP, ['-selection', 'clipboard', '-i'], { stdio: ['pipe', 'ignore', 'ignore'], env });
    child.on('error', (error) => reject(isMissing(error) ? missingXclip() : failed('written')));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(failed('written'))));
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
}

/**
 * Resolves once the clipboard reads back `text`: xclip's parent exits after
 * forking, and the forked owner may take the selection a moment later, so a
 * clear-if-unchanged check right after would still see the previous value.
 */
async function writeXclip(text: string, env: NodeJS.ProcessEnv): Promise<void> {
  await startOwner(text, env);
  const deadline = Date.now() + TIMEOUT_MS;
  while ((await readXclip(env)) !== text) {
    if (Date.now() > deadline) throw failed('written');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function createXclipClipboard(env: NodeJS.ProcessEnv = process.env): ClipboardPort {
  return {
    readText: () => readXclip(env),
    writeText: (text) => writeXclip(text, env),
    clear: () => writeXclip('', env),
  };
}
