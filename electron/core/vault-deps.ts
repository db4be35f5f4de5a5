import type { EventName, EventPayloads } from '../common/ipc-contract';
import type { ClipboardPort } from './clipboard-port';
import type { Logger } from './logger';
import type { HttpTransport } from './net/http-transport';
import type { Redactor } from './redactor';
import type { SecretStore } from './secrets';

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
  /** Whether someone can be asked for a two-factor code (default true); the command line cannot, so it never makes WXM send one. */
  codePrompts?: boolean;
  /** Pushes an event to the renderer. */
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
}
