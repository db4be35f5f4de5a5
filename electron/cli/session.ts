/**
 * One command's vault: the same core the app runs (createVault), over the
 * same data folder and keychain service (WXM_VAULT_DATA_DIR,
 * WXM_VAULT_KEYCHAIN_SERVICE), logging to `cli.log` beside the app's log.
 *
 * The data folder lock decides what a command may do:
 * - it holds the lock (`writer`): it may log in, which writes accounts.json
 *   (last login, or needs-attention after a refused login) through the core;
 * - the app holds it: only tokens the app shares through the keychain are
 *   used, and nothing is written to the data folder;
 * - another wxm-vault holds it (for the second or so a login takes): wait.
 * `list` and `status` never take it: they read accounts.json without changing it.
 */
import { join } from 'node:path';
import { LocationError, resolveAppLocation, type AppLocation } from '../core/data-folder/app-location';
import type { ClipboardPort } from '../core/clipboard/clipboard-port';
import { acquireDataLock, DataFolderLockedError, dataLockHolder, type DataLock } from '../core/data-folder/data-lock';
import { createLogger, fileSink, type Logger } from '../core/logger';
import { Redactor } from '../core/redactor';
import { KeychainSecretStore } from '../core/keychain/secrets';
import { createVault, type Vault } from '../core/vault';
import { VaultError } from '../core/errors';
import type { CliContext } from './context';
import { CliError, EXIT } from './exit';
import { PromptCancelled } from './tty-prompt';

/** How long a command waits for another wxm-vault to finish with the data folder. */
export const CLI_LOCK_WAIT_MS = 15_000;
const UNLOCK_TRIES = 3;

export interface AppHolder {
  shell: string;
  pid: number;
}

export interface Session {
  vault: Vault;
  location: AppLocation;
  logger: Logger;
  /** Whether this command holds the data folder and so may log in. */
  writer: boolean;
  /** The app, when it holds the data folder. */
  app: AppHolder | null;
  close(): Promise<void>;
}

const noClipboard: ClipboardPort = {
  readText: async () => '',
  writeText: async () => {
    throw new VaultError('internal', 'wxm-vault does not use the clipboard.');
  },
  clear: async () => {},
};

export function locate(ctx: CliContext): AppLocation {
  try {
    return resolveAppLocation({ platform: ctx.platform, env: ctx.env, home: ctx.home, cwd: ctx.cwd });
  } catch (error) {
    if (error instanceof LocationError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

async function takeLock(dataDir: string): Promise<DataLock | AppHolder> {
  const deadline = Date.now() + CLI_LOCK_WAIT_MS;
  for (;;) {
    try {
      return acquireDataLock(dataDir, { shell: 'cli' });
    } catch (error) {
      if (!(error instanceof DataFolderLockedError)) throw error;
      const shell = error.holderShell;
      if (shell && shell !== 'cli') return { shell, pid: error.holderPid ?? 0 };
      if (Date.now() > deadline) {
        throw new CliError(
          `Another wxm-vault${error.holderPid ? ` (process ${error.holderPid})` : ''} has been using the data folder for ${CLI_LOCK_WAIT_MS / 1000} s.`,
          EXIT.failure,
          `Wait for it to finish and run this again. If none is running, delete ${error.lockPath}.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** `write`: the command may log in, so it takes the data folder lock unless the app holds it. */
export async function openSession(ctx: CliContext, location: AppLocation, command: string, write: boolean): Promise<Session> {
  let lock: DataLock | null = null;
  let app: AppHolder | null = null;
  if (write) {
    const taken = await takeLock(location.dataDir);
    if ('release' in taken) lock = taken;
    else app = taken;
  } else {
    const holder = dataLockHolder(location.dataDir);
    app = holder && holder.shell !== 'cli' ? holder : null;
  }
  try {
    const redactor = new Redactor();
    const logger = createLogger(redactor, [fileSink(join(location.logsDir, 'cli.log'))], ctx.now);
    const vault = createVault({
      appName: 'WXM Vault',
      appVersion: 'cli',
      platform: ctx.platform,
      dataDir: location.dataDir,
      secrets: new KeychainSecretStore(location.keychainService),
      clipboard: noClipboard,
      logger,
      redactor,
      now: ctx.now,
      codePrompts: false,
      // Without the lock (the app runs, or list and status) it must not finish a passphrase set or removal it sees under way.
      holdsDataFolder: () => lock !== null,
      emit: () => {},
    });
    logger.info('cli', 'command', { command, writer: lock !== null, app: app?.shell ?? null });
    return {
      vault,
      location,
      logger,
      writer: lock !== null,
      app,
      close: async () => {
        // Memory only: the tokens shared through the keychain stay for the next command and the app.
        await vault.shutdown().catch(() => {});
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** With a vault passphrase set, asks for it on the terminal (up to three tries, one key derivation each) and unlocks. */
export async function unlock(session: Session, ctx: CliContext): Promise<void> {
  const { passphrase } = session.vault;
  if (!(await passphrase.lockStatus()).passphraseSet) return;
  for (let attempt = 1; ; attempt++) {
    let typed: string | null;
    try {
      typed = await ctx.askHidden('WXM Vault passphrase: ');
    } catch (error) {
      if (error instanceof PromptCancelled) throw new CliError('Cancelled: the vault stays locked.', EXIT.attention);
      throw error;
    }
    if (typed === null) {
      throw new CliError(
        'The vault has a passphrase, and there is no terminal to ask for it on (it is never read from a flag or variable).',
        EXIT.attention,
        'Run wxm-vault from a terminal. For a script, run all of it under one unlock: wxm-vault exec <account> -- <script>',
      );
    }
    try {
      await passphrase.unlock(typed);
      return;
    } catch (error) {
      if (!(error instanceof VaultError) || error.code !== 'wrong-passphrase' || attempt >= UNLOCK_TRIES) throw error;
      ctx.err(`${error.message}\n`);
    }
  }
}
