/**
 * Runs `wxm-vault` (its source, through tsx) as its own process, as a user or
 * a script would: a data folder and keychain service of the test's own, the
 * WXM test server on loopback, and no controlling terminal (setsid), so a
 * passphrase prompt can never reach the terminal of whoever runs the tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../electron/cli/bin.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What package.json `bin` points at: the bundle `npm i -g` and `npx` run. */
export const BUILT_BIN = fileURLToPath(new URL('../../dist/cli/wxm-vault.mjs', import.meta.url));

/** Variables of the runner's own environment that would change what the CLI does. */
const DROPPED = /^(WXM_|HTTPS?_PROXY$|NO_PROXY$|NODE_EXTRA_CA_CERTS$|NODE_OPTIONS$)/i;

export interface CliTarget {
  dataDir: string;
  keychainService: string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

export function cliEnv(target: CliTarget, extra: Record<string, string> = {}): Record<string, string> {
  const base = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !DROPPED.test(e[0])));
  return { ...base, WXM_VAULT_DATA_DIR: target.dataDir, WXM_VAULT_KEYCHAIN_SERVICE: target.keychainService, ...extra };
}

/** The command line to run wxm-vault from source: for `script` (a real terminal) and the like. */
export function cliCommand(args: readonly string[]): string[] {
  return [process.execPath, '--import', 'tsx', BIN, ...args];
}

export function spawnCli(target: CliTarget, args: readonly string[], options: CliOptions = {}): ChildProcessWithoutNullStreams {
  const [node, ...rest] = cliCommand(args);
  return spawn(node!, rest, { cwd: ROOT, env: cliEnv(target, options.env), stdio: 'pipe', detached: true });
}

export function runCli(target: CliTarget, args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(target, args, options);
  return collect(child, options);
}

/**
 * Runs the built bundle (dist/cli/wxm-vault.mjs), not the source: `how` 'node' as `node <file>`, 'shebang' as the
 * file itself, as a shell runs an installed command. From a folder outside the repository, as an installed
 * command runs: what it finds (package.json, the native keyring binary) must come from its own location.
 * A missing build fails, never skips: a skipped test would let a broken bundle through.
 */
export function runBuiltCli(target: CliTarget, args: readonly string[], how: 'node' | 'shebang', options: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(BUILT_BIN)) throw new Error(`${BUILT_BIN} is missing: run npm run build first (npm test does).`);
  const [command, rest] = how === 'node' ? [process.execPath, [BUILT_BIN, ...args]] : [BUILT_BIN, [...args]];
  const child = spawn(command, rest, { cwd: tmpdir(), env: cliEnv(target, options.env), stdio: 'pipe', detached: true });
  return collect(child, options);
}

export function collect(child: ChildProcessWithoutNullStreams, options: Pick<CliOptions, 'input' | 'timeoutMs'> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Runs wxm-vault on a real terminal: a pty made by util-linux `script`, whose
 * input is what `respond` writes (keys as typed: `\r` for Enter, `\x03` for
 * Ctrl-C) as the output so far comes in. `output` is the terminal's, stdout and stderr mixed.
 */
export function runOnTerminal(
  target: CliTarget,
  args: readonly string[],
  respond: (output: string, type: (keys: string) => void) => void,
): Promise<{ code: number | null; output: string }> {
  const quoted = cliCommand(args)
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
  // `script` runs the line with $SHELL -c, or /bin/sh when SHELL is unset (as in CI). Dash does not exec a lone
  // command, so it would wait in the terminal's foreground group and die of a typed Ctrl-C itself (exit 130),
  // whatever wxm-vault did. `exec` keeps wxm-vault the terminal's only job; SHELL is pinned so every run is CI's.
  const child = spawn('script', ['-qefc', `exec ${quoted}`, '/dev/null'], {
    cwd: ROOT,
    env: cliEnv(target, { SHELL: '/bin/sh' }),
    stdio: 'pipe',
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    respond(output, (keys) => child.stdin.write(keys));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Resolves once the child has printed `text` on stdout. */
export function printed(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const listen = (c: Buffer) => {
      seen += c.toString('utf8');
      if (seen.includes(text)) {
        child.stdout.off('data', listen);
        resolve();
      }
    };
    child.stdout.on('data', listen);
  });
}
