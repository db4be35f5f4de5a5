/**
 * Hands the update controller (electron/core/updates) its two ports:
 * electron-updater's `autoUpdater` against the GitHub release feed
 * (electron-builder.yml `publish`), and message boxes for the questions.
 * What to check, when, and what to ask is decided in core; nothing here does.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
// A namespace import: `autoUpdater` is a getter that Node's ESM loader cannot list as a named export.
import * as electronUpdater from 'electron-updater';
import type { AppUpdater } from 'electron-updater';
import type { Settings } from '../../common/ipc-contract';
import type { Logger } from '../../core/logger';
import { installFacts, type InstallProbe } from '../../core/updates/install-kind';
import { UpdateController, type UpdatePromptPort, type UpdaterPort } from '../../core/updates/update-controller';
import { updateSupport } from '../../core/updates/update-policy';
import { downloadQuestion, restartQuestion, type UpdateQuestion } from '../../core/updates/update-prompts';

export interface UpdateWiring {
  app: { readonly isPackaged: boolean; getVersion(): string };
  /** process.platform, process.env and Electron's process.resourcesPath (where electron-builder leaves app-update.yml). */
  install: InstallProbe;
  dialog: Pick<Dialog, 'showMessageBox'>;
  window: () => BrowserWindow | null;
  settings: { readonly current: Settings };
  logger: Logger;
}

/** Starts checking (when this install may update itself); returns the function that stops it. */
export function wireUpdates({ app, install, dialog, window, settings, logger }: UpdateWiring): () => void {
  const controller = new UpdateController({
    support: updateSupport({ isPackaged: app.isPackaged, ...installFacts(install) }),
    enabled: () => settings.current.checkForUpdates,
    // `autoUpdater` is a lazy getter: read here, on the first check, so a run that may not update never creates it.
    updater: () => asUpdaterPort(electronUpdater.autoUpdater, logger),
    prompt: messageBoxPrompt(dialog, window, app.getVersion()),
    logger,
    now: Date.now,
  });
  return controller.start();
}

/** electron-updater as the controller's port, set up so that the user decides every step. */
export function asUpdaterPort(updater: AppUpdater, logger: Logger): UpdaterPort {
  // The user decides: nothing downloads unasked, nothing installs behind a quit.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowPrerelease = false;
  updater.allowDowngrade = false;
  updater.logger = {
    info: (message?: unknown) => logger.info('electron-updater', String(message)),
    warn: (message?: unknown) => logger.warn('electron-updater', String(message)),
    error: (message?: unknown) => logger.error('electron-updater', String(message)),
    debug: (message: string) => logger.debug('electron-updater', message),
  };
  return {
    async checkForUpdates() {
      const result = await updater.checkForUpdates();
      return result?.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    async downloadUpdate() {
      await updater.downloadUpdate();
    },
    // Silent: the user already said yes, so the Windows installer need not walk them through its pages again; then start the new version.
    quitAndInstall: () => updater.quitAndInstall(true, true),
  };
}

function messageBoxPrompt(dialog: UpdateWiring['dialog'], window: () => BrowserWindow | null, currentVersion: string): UpdatePromptPort {
  const show = (options: MessageBoxOptions) => {
    const parent = window();
    return parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
  };
  const ask = async (question: UpdateQuestion) => {
    const { message, detail, confirm, decline } = question;
    const { response } = await show({
      type: 'info',
      title: 'WXM Vault',
      message,
      detail,
      buttons: [confirm, decline],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    return response === 0;
  };
  return {
    askDownload: (version) => ask(downloadQuestion(version, currentVersion)),
    askRestart: (version) => ask(restartQuestion(version)),
    reportFailure: async (message) => {
      await show({ type: 'warning', title: 'WXM Vault', message: 'Update not downloaded', detail: message, buttons: ['OK'] });
    },
  };
}
