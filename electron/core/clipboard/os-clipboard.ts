/**
 * The system clipboard through the OS's clipboard commands (clipboard-tools.ts),
 * as the core's ClipboardPort, for shells without Electron's clipboard (the
 * browser shell). "Clear only if it still holds our value" is the
 * ClipboardGuard's job; this port only reads, writes and clears.
 *
 * The commands offer one format per copy, so the markers that keep a copy out
 * of clipboard history and managers (clipboard-markers.ts) cannot travel with
 * the text: they are dropped here, and the auto-clear remains the defence.
 */
import { execFile, spawn } from 'node:child_process';
import { VaultError } from '../errors';
import type { ClipboardPort } from './clipboard-port';
import { pickClipboardTool, toolNotFound, type ClipboardTool, type ToolCommand } from './clipboard-tools';

// PowerShell can take a few seconds to start on a busy Windows machine.
const TIMEOUT_MS = 10_000;
const MAX_READ = 16 * 1024 * 1024;

export interface OsClipboardOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** A fixed tool instead of the one the session would pick (tests). */
  tool?: ClipboardTool;
}

function failed(tool: ClipboardTool, what: 'read' | 'written' | 'cleared'): VaultError {
  return new VaultError(
    'internal',
    `The clipboard could not be ${what} (${tool.name} failed). Try again; if it keeps failing, check that ${tool.name} works in a terminal.`,
  );
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function envFor(tool: ClipboardTool, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return tool.env ? { ...env, ...tool.env } : env;
}

function read(tool: ClipboardTool, env: NodeJS.ProcessEnv): Promise<string> {
  const { file, args } = tool.read;
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: TIMEOUT_MS, env: envFor(tool, env), maxBuffer: MAX_READ, windowsHide: true }, (error, stdout) => {
      if (!error) return resolve(stdout);
      if (isMissing(error)) return reject(toolNotFound(tool, file));
      // xclip, xsel and wl-paste exit non-zero when nobody owns the selection: an empty clipboard.
      if (tool.forks) return resolve('');
      reject(failed(tool, 'read'));
    });
  });
}

/** Runs `command` with `input` on stdin (never in its arguments). */
function run(tool: ClipboardTool, command: ToolCommand, input: string, env: NodeJS.ProcessEnv, what: 'written' | 'cleared'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, {
      // A forked owner keeps inherited stdio open; give it none, or we would wait for it forever.
      stdio: ['pipe', 'ignore', 'ignore'],
      env: envFor(tool, env),
      timeout: TIMEOUT_MS,
      windowsHide: true,
    });
    child.on('error', (error) => reject(isMissing(error) ? toolNotFound(tool, command.file) : failed(tool, what)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(failed(tool, what))));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/**
 * For a tool whose owner process takes the selection a moment after the
 * command returns: done once the clipboard reads back `text`, so a
 * clear-if-unchanged check right after sees our value, not the previous one.
 */
async function settled(tool: ClipboardTool, text: string, env: NodeJS.ProcessEnv, what: 'written' | 'cleared'): Promise<void> {
  if (!tool.forks) return;
  const deadline = Date.now() + TIMEOUT_MS;
  while ((await read(tool, env)) !== text) {
    if (Date.now() > deadline) throw failed(tool, what);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function write(tool: ClipboardTool, text: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run(tool, tool.write, text, env, 'written');
  await settled(tool, text, env, 'written');
}

async function clear(tool: ClipboardTool, env: NodeJS.ProcessEnv): Promise<void> {
  if (!tool.clear) return write(tool, '', env);
  await run(tool, tool.clear, '', env, 'cleared');
  await settled(tool, '', env, 'cleared');
}

export function createOsClipboard(options: OsClipboardOptions = {}): ClipboardPort {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const tool = () => options.tool ?? pickClipboardTool(platform, env);
  return {
    readText: async () => read(tool(), env),
    writeText: async (text) => write(tool(), text, env),
    clear: async () => clear(tool(), env),
  };
}
