/**
 * Builds a real vault core for a test: a temporary data folder, a keychain
 * service name of its own (so tests never touch each other's or a user's
 * entries), a log file to scan for canaries, and the real dispatcher.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayloads, Reply } from '../../electron/common/ipc-contract';
import { newFileIn } from '../../electron/core/accounts/export-file';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { type Dispatch, type SenderFrame } from '../../electron/core/ipc-dispatcher';
import { createLogger, fileSink } from '../../electron/core/logger';
import type { HttpTransport } from '../../electron/core/net/http-transport';
import { Redactor } from '../../electron/core/redactor';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { createVault, type Vault } from '../../electron/core/vault';

export interface VaultHarness {
  vault: Vault;
  dispatch: Dispatch;
  secrets: KeychainSecretStore;
  /** The log redactor: which secret values main still holds for scrubbing. */
  redactor: Redactor;
  dataDir: string;
  logPath: string;
  /** Where accounts:exportToFile writes (inside dataDir, so scans of the data folder see exports too); never the user's Downloads. */
  exportDir: string;
  /** Every reply the dispatcher sent, for canary scans. */
  replies: Array<{ channel: unknown; reply: Reply<unknown> }>;
  /** Where events go; a page harness replaces it. */
  onEvent: (<E extends EventName>(event: E, payload: EventPayloads[E]) => void) | null;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  trustedOrigin: string;
  clipboard: ClipboardPort;
  now?: () => number;
  /** What carries WXM requests; the plain-Node default (undici, this process's proxy variables) when absent. */
  http?: HttpTransport;
}

export function createVaultHarness(options: HarnessOptions): VaultHarness {
  const dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-test-'));
  const logPath = join(dataDir, 'logs', 'main.log');
  const exportDir = join(dataDir, 'exports');
  const redactor = new Redactor();
  const logger = createLogger(redactor, [fileSink(logPath)]);
  const secrets = new KeychainSecretStore(`wxm-vault-test-${randomUUID()}`);
  const replies: VaultHarness['replies'] = [];
  const harness: VaultHarness = {
    vault: undefined as unknown as Vault,
    dispatch: undefined as unknown as Dispatch,
    secrets,
    redactor,
    dataDir,
    logPath,
    exportDir,
    replies,
    onEvent: null,
    dispose: async () => {
      await harness.vault.shutdown();
      for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  harness.vault = createVault({
    appName: 'WXM Vault',
    appVersion: '0.0.0-test',
    platform: process.platform,
    dataDir,
    secrets,
    clipboard: options.clipboard,
    logger,
    redactor,
    http: options.http,
    chooseExportFile: newFileIn(() => exportDir),
    now: options.now ?? Date.now,
    emit: (event, payload) => harness.onEvent?.(event, payload),
  });
  const dispatch = harness.vault.dispatcher(options.trustedOrigin);
  harness.dispatch = async (sender: SenderFrame, channel: unknown, payload: unknown) => {
    const reply = await dispatch(sender, channel, payload);
    replies.push({ channel, reply });
    return reply;
  };
  return harness;
}
