import type { EventName, EventPayloads, ShellKind } from '../common/ipc-contract';
import type { ChooseExportFile } from './accounts/export-file';
import type { ClipboardPort } from './clipboard/clipboard-port';
import type { Logger } from './logger';
import type { HttpTransport } from './net/http-transport';
import type { Redactor } from './redactor';
import type { SecretStore } from './keychain/secrets';

/** Everything the vault core needs from the outside world; Electron main and the test harness each supply one. */
export interface VaultDeps {
  appName: string;
  appVersion: string;
  platform: string;
  /** The app data folder (Electron's userData); holds the account list, never a secret. */
  dataDir: string;
  secrets: SecretStore;
  clipboard: ClipboardPort;
  logger: Logger;
  /** What carries WXM requests: Electron's net.fetch in the app; without it, undici with HTTPS_PROXY / NODE_EXTRA_CA_CERTS. */
  http?: HttpTransport;
  redactor: Redactor;
  now: () => number;
  /** Which shell runs the vault and where its idle lock reads idle time (app:info). Default: Electron, with the system's idle time. */
  shell?: { kind: ShellKind; idleSource: string };
  /** Where accounts:exportToFile writes. Default: a new file in the user's Downloads folder. */
  chooseExportFile?: ChooseExportFile;
  /** Whether someone can be asked for a two-factor code (default true); the command line cannot, so it never makes WXM send one. */
  codePrompts?: boolean;
  /** Whether this process holds the data folder lock (default true: the app shells hold it while they run); only the holder re-seals keychain entries. */
  holdsDataFolder?: () => boolean;
  /** Pushes an event to the renderer. */
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
}
