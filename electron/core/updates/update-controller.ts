/**
 * Looks for updates at start and daily, and asks the user before anything
 * happens: before a download, and again before the restart that installs it.
 * Nothing is downloaded or installed on its own (electron-updater runs with
 * autoDownload and autoInstallOnAppQuit off; see electron/main/updates).
 *
 * Driven through two ports so node tests can play both the update feed and
 * the user: `UpdaterPort` (electron-updater in the app) and `UpdatePromptPort`
 * (message boxes in the app).
 */
import type { Every } from '../lock/lock-controller';
import type { Logger } from '../logger';
import { isCheckDue, POLL_INTERVAL_MS, type LastCheck, type UpdateSupport } from './update-policy';

export interface AvailableUpdate {
  version: string;
}

export interface UpdaterPort {
  /** The newer published release, or null when this version is the newest. */
  checkForUpdates(): Promise<AvailableUpdate | null>;
  downloadUpdate(): Promise<void>;
  /** Quits and installs what downloadUpdate fetched. */
  quitAndInstall(): void;
}

export interface UpdatePromptPort {
  /** True when the user wants `version` downloaded now. */
  askDownload(version: string): Promise<boolean>;
  /** True when the user wants WXM Vault to restart into `version` now. */
  askRestart(version: string): Promise<boolean>;
  /** Tells the user something they asked for failed, and what to do next. */
  reportFailure(message: string): Promise<void>;
}

export interface UpdateControllerDeps {
  support: UpdateSupport;
  /** The checkForUpdates setting, read before every check so turning it off applies at once. */
  enabled: () => boolean;
  /** Called on the first check only, so a run that never checks never builds electron-updater's updater. */
  updater: () => UpdaterPort;
  prompt: UpdatePromptPort;
  logger: Logger;
  now: () => number;
  every?: Every;
}

export type UpdateOutcome =
  | 'unsupported'
  | 'off'
  | 'not-due'
  | 'busy'
  | 'check-failed'
  | 'up-to-date'
  | 'declined-before'
  | 'download-declined'
  | 'download-failed'
  | 'restart-declined'
  | 'installing';

const realEvery: Every = (ms, tick) => {
  const handle = setInterval(tick, ms);
  handle.unref?.();
  return () => clearInterval(handle);
};

export class UpdateController {
  readonly #deps: UpdateControllerDeps;
  #updater: UpdaterPort | null = null;
  #last: LastCheck | null = null;
  #busy = false;
  #installing = false;
  /** Versions the user said no to in this run: the daily check does not ask again; the next start does. */
  readonly #declined = new Set<string>();

  constructor(deps: UpdateControllerDeps) {
    this.#deps = deps;
  }

  /** Checks now (when allowed) and then whenever a check falls due; returns the function that stops it. */
  start(): () => void {
    const { support, logger } = this.#deps;
    if (!support.updates) {
      logger.info('updates', support.explanation, { reason: support.reason });
      return () => {};
    }
    if (!this.#deps.enabled()) logger.info('updates', 'Update checks are off (Settings); not checking.');
    void this.checkIfDue();
    return (this.#deps.every ?? realEvery)(POLL_INTERVAL_MS, () => void this.checkIfDue());
  }

  /** One turn: check if allowed and due, then ask before download and before restart. Never throws. */
  async checkIfDue(): Promise<UpdateOutcome> {
    if (!this.#deps.support.updates) return 'unsupported';
    if (this.#busy || this.#installing) return 'busy';
    if (!this.#deps.enabled()) return 'off';
    const now = this.#deps.now();
    if (!isCheckDue(this.#last, now)) return 'not-due';
    this.#busy = true;
    try {
      return await this.#checkAndAsk(now);
    } finally {
      this.#busy = false;
    }
  }

  async #checkAndAsk(now: number): Promise<UpdateOutcome> {
    const { logger, prompt } = this.#deps;
    let update: AvailableUpdate | null;
    try {
      this.#updater ??= this.#deps.updater();
      update = await this.#updater.checkForUpdates();
      this.#last = { at: now, ok: true };
    } catch (error) {
      this.#last = { at: now, ok: false };
      logger.warn('updates', 'Update check failed; trying again in an hour.', { error });
      return 'check-failed';
    }
    if (update === null) {
      logger.info('updates', 'No newer release.');
      return 'up-to-date';
    }
    const { version } = update;
    if (this.#declined.has(version)) return 'declined-before';
    logger.info('updates', 'A newer release is available; asking before downloading it.', { version });
    if (!(await prompt.askDownload(version))) {
      this.#declined.add(version);
      logger.info('updates', 'Download declined; not asking again until the next start.', { version });
      return 'download-declined';
    }
    try {
      await this.#updater.downloadUpdate();
    } catch (error) {
      logger.warn('updates', 'Update download failed.', { version, error });
      await prompt.reportFailure(downloadFailedMessage(version)).catch(() => {});
      return 'download-failed';
    }
    if (!(await prompt.askRestart(version))) {
      this.#declined.add(version);
      logger.info('updates', 'Restart declined; the update is not installed, and the next start asks again.', { version });
      return 'restart-declined';
    }
    logger.info('updates', 'Restarting to install the update.', { version });
    this.#installing = true;
    this.#updater.quitAndInstall();
    return 'installing';
  }
}

function downloadFailedMessage(version: string): string {
  return (
    `WXM Vault ${version} could not be downloaded. Check your network connection: WXM Vault offers it again tomorrow and at ` +
    'its next start. You can also download it yourself from the releases page.'
  );
}
