/** The `wxm-vault` executable (built to dist/cli/wxm-vault.mjs; `npm run --silent cli --` runs this source). */
import { constants, homedir } from 'node:os';
import { runCli } from './main';
import { askOnTerminal } from './tty-prompt';

const outcome = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  home: homedir(),
  platform: process.platform,
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  askHidden: askOnTerminal,
  now: Date.now,
});

if ('signal' in outcome) {
  // The child died of a signal: die of the same one, so our parent (a shell, a supervisor) sees what happened.
  process.removeAllListeners(outcome.signal);
  process.kill(process.pid, outcome.signal);
  // A signal Node ignores (SIGPIPE) returns here: exit as a shell reports a death by signal.
  setTimeout(() => process.exit(128 + (constants.signals[outcome.signal] ?? 0)), 50);
} else {
  process.exitCode = outcome.code;
}
