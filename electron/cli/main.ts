/**
 * `wxm-vault`: WXM tokens for scripts and other tools, from the same account
 * list and keychain as the app, without the clipboard. Plain Node: the
 * packaged app cannot run it (its RunAsNode fuse is off), so it is installed
 * from the repository (README, "Command line").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownAppRoot } from '../core/keychain/native-loader';
import { api } from './commands/api';
import { exec } from './commands/exec';
import { list } from './commands/list';
import { status } from './commands/status';
import { token } from './commands/token';
import type { CliContext, Outcome } from './context';
import { EXIT, report, UsageError } from './exit';
import { COMMAND_NAMES, commandHelp, mainHelp, type CommandName } from './help';

const COMMANDS: Record<CommandName, (ctx: CliContext, argv: readonly string[]) => Promise<Outcome>> = { list, status, token, exec, api };

function isCommand(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(join(ownAppRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

export async function runCli(argv: readonly string[], ctx: CliContext): Promise<Outcome> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h') {
      ctx.out(mainHelp());
      return { code: EXIT.ok };
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command "${topic}" for "wxm-vault"`, null);
      ctx.out(topic ? commandHelp(topic) : mainHelp());
      return { code: EXIT.ok };
    }
    if (first === '--version' || first === 'version') {
      ctx.out(`wxm-vault ${version()}\n`);
      return { code: EXIT.ok };
    }
    if (!isCommand(first)) throw new UsageError(`unknown command "${first}" for "wxm-vault"`, null);
    return await COMMANDS[first](ctx, rest);
  } catch (error) {
    const { text, exitCode } = report(error);
    ctx.err(`${text}\n`);
    return { code: exitCode };
  }
}
