/**
 * Composes the vault core from its parts. Electron main and the test harness
 * both call this with their own deps; nothing here imports Electron.
 *
 * Seams between the parts (each owned by one module):
 * - accounts (electron/core/accounts): account list, keychain secrets, WXM logins,
 *   the in-memory token cache and the tokens shared with the command line through
 *   the keychain. Offers accessToken(id), apiKey(id), forgetTokens().
 * - clipboard (electron/core/clipboard): copies a value and clears it later,
 *   only if the clipboard still holds it. Offers clearIfOurs(reason).
 * - settings (electron/core/settings): clipboard timeout and history, expiry warning, idle lock, token sharing.
 * - lock (electron/core/lock): on idle, sleep or screen lock, forgets tokens
 *   (shared ones included) and clears our clipboard value.
 */
import { homedir } from 'node:os';
import { AccountService } from './accounts/account-service';
import { newFileIn } from './accounts/export-file';
import { ClipboardGuard } from './clipboard/clipboard-guard';
import { accountHandlers } from './handlers/accounts';
import { apiKeyHandlers } from './handlers/apikey';
import { appHandlers } from './handlers/app';
import { clipboardHandlers } from './handlers/clipboard';
import { lockHandlers } from './handlers/lock';
import { vaultHandlers } from './handlers/vault';
import { PassphraseVault } from './passphrase/passphrase-vault';
import { networkHandlers } from './handlers/network';
import { settingsHandlers } from './handlers/settings';
import { createDispatcher, type Dispatch, type Handlers } from './ipc-dispatcher';
import { LockController } from './lock/lock-controller';
import { SettingsStore } from './settings/settings-store';
import { defaultNodeTransport } from './net/node-transport';
import { downloadsFolder } from './downloads-folder';
import type { VaultDeps } from './vault-deps';
import { WxmClient } from './wxm/client';

export interface Vault {
  handlers: Handlers;
  /** Accounts, keychain secrets and tokens: `accessToken(id)`, `apiKey(id)`, `forgetTokens()` (on lock). */
  accounts: AccountService;
  /** The clipboard guard: `clearIfOurs('lock')` on lock. */
  clipboard: ClipboardGuard;
  /** User settings: `current` (the idle lock polls `idleLockMinutes` from it). */
  settings: SettingsStore;
  /** Forgets tokens and clears our clipboard value: `lock(reason)`, `watchIdle(idleSeconds)`. */
  lock: LockController;
  /** The optional vault passphrase: every secret the accounts store goes through it; `lockStatus()` for the dispatcher. */
  passphrase: PassphraseVault;
  /** The dispatcher for a shell whose window is `trustedOrigin`, with the lock gate wired in (every shell uses this). */
  dispatcher(trustedOrigin: string): Dispatch;
  /** Called on quit: clears our clipboard value and drops in-memory secrets; tokens shared through the keychain stay for the command line. */
  shutdown(): Promise<void>;
}

export function createVault(deps: VaultDeps): Vault {
  const passphrase = new PassphraseVault(deps.secrets, { logger: deps.logger, now: deps.now, holdsDataFolder: deps.holdsDataFolder });
  const http = deps.http ?? defaultNodeTransport();
  const settings = new SettingsStore({ dataDir: deps.dataDir, logger: deps.logger, now: deps.now });
  const accounts = new AccountService(
    { ...deps, secrets: passphrase },
    { client: new WxmClient({ transport: http }), shareTokens: () => settings.current.shareTokens, codePrompts: deps.codePrompts ?? true },
  );
  const clipboard = new ClipboardGuard({
    clipboard: deps.clipboard,
    platform: deps.platform,
    settings,
    logger: deps.logger,
    now: deps.now,
    onCleared: (reason) => deps.emit('clipboard:cleared', { reason }),
  });
  // Locking forgets tokens (in memory at once, then the shared ones) and, when a passphrase is set, the data key: a locked vault holds no secret.
  const forget = {
    forgetTokens: (): Promise<void> => {
      const shared = accounts.forgetTokens();
      passphrase.lock();
      return shared;
    },
  };
  const lock = new LockController({ accounts: forget, clipboard, settings, logger: deps.logger, emit: deps.emit });
  const handlers: Handlers = {
    ...lockHandlers(lock),
    ...appHandlers(deps),
    ...networkHandlers(http),
    ...settingsHandlers(settings, (saved) => (saved.shareTokens ? undefined : accounts.unshareTokens())),
    ...clipboardHandlers(clipboard, settings, accounts),
    ...accountHandlers(accounts, {
      choose: deps.chooseExportFile ?? newFileIn(() => downloadsFolder({ platform: process.platform, env: process.env, home: homedir() })),
      logger: deps.logger,
      now: deps.now,
    }),
    ...apiKeyHandlers(accounts),
    ...vaultHandlers(passphrase, accounts),
  };
  return {
    handlers,
    accounts,
    clipboard,
    settings,
    lock,
    passphrase,
    dispatcher: (trustedOrigin) =>
      createDispatcher(handlers, { trustedOrigin, logger: deps.logger, isLocked: async () => (await passphrase.lockStatus()).locked }),
    shutdown: async () => {
      deps.logger.info('vault', 'shutdown');
      lock.dispose();
      accounts.dropTokens();
      passphrase.lock();
      await clipboard.clearIfOurs('quit').catch((error) => deps.logger.warn('vault', 'clipboard clear on quit failed', { error }));
      clipboard.dispose();
    },
  };
}
