/** Runs test/harness/login-child.ts in a fresh Node process with the given environment. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildOutcome {
  ok: boolean;
  code?: string;
  kind?: string | null;
  message?: string;
  station?: string | null;
  /** Everything the child printed (stdout and stderr), to search for secrets. */
  output: string;
}

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'NODE_EXTRA_CA_CERTS'];

/** `input.dataDir`: log in through the vault core, logging to `dataDir/logs/main.log` (login-child.ts). */
export async function loginInChild(
  env: Record<string, string>,
  input: { baseUrl: string; username: string; secret: string; dataDir?: string },
): Promise<ChildOutcome> {
  // Only what the test sets: a proxy or CA in the runner's own environment must not change the outcome.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PROXY_VARS.includes(k)));
  const script = fileURLToPath(new URL('./login-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stdin.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = output.split('\n').find((l) => l.startsWith('{"ok"'));
  if (!line) throw new Error(`login child exited ${code} without an outcome: ${output.slice(0, 2000)}`);
  return { ...(JSON.parse(line) as Omit<ChildOutcome, 'output'>), output };
}
