/**
 * Runs exec's command as a child that owns the terminal with us: stdin,
 * stdout and stderr are its own (inherited), signals sent to wxm-vault are
 * passed on, and its exit code, or the signal it died of, becomes ours.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Outcome } from './context';

/** What a shell or a supervisor sends to stop or poke a job; each is passed to the child instead of ending us first. */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/**
 * What a terminal sends to its whole foreground job, the child included: sent on again, a Ctrl-C would reach the
 * child twice (and a "press Ctrl-C again to force quit" program would force-quit). With a terminal we only
 * survive these; without one (a supervisor signalling our pid alone) we pass them on like the others.
 */
const FROM_THE_TERMINAL = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT', 'SIGWINCH']);

function hasTerminal(): boolean {
  // A Windows console sends Ctrl-C to every process attached to it.
  if (process.platform === 'win32') return true;
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

export function runChild(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  say: (line: string) => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const terminal = hasTerminal();
    const forward = (signal: NodeJS.Signals) => {
      if (!(terminal && FROM_THE_TERMINAL.has(signal))) child.kill(signal);
    };
    const listeners = FORWARDED.map((signal) => [signal, () => forward(signal)] as const);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    let done = false;
    const finish = (outcome: Outcome) => {
      if (done) return;
      done = true;
      for (const [signal, listener] of listeners) process.off(signal, listener);
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      // As a shell reports them: 127 not found, 126 found but not runnable.
      const notFound = error.code === 'ENOENT';
      say(
        notFound
          ? `${command}: command not found. Check its name, or give its full path.`
          : `${command}: cannot run it (${error.code ?? error.message}).`,
      );
      finish({ code: notFound ? 127 : 126 });
    });
    child.once('exit', (code, signal) => finish(signal ? { signal } : { code: code ?? 1 }));
  });
}
