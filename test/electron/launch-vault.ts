/**
 * Starts the real app (`electron .`) for the Electron specs on a vault of its own: a
 * temp data folder and a keychain service name made for this launch, so a spec never
 * reads, writes or locks the data folder or keychain entries of whoever runs it.
 * Closing removes both.
 */
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface LaunchedVault {
  app: ElectronApplication;
  page: Page;
  dataDir: string;
  /** main.log's lines so far (main logs to <data folder>/logs when the folder is moved). */
  logLines(): string[];
  /** Quits the app the way a user does: Playwright calls app.quit(), so before-quit runs. Once only. */
  quit(): Promise<void>;
  /** Quits if still running, then removes the data folder and this launch's keychain entries (not in macOS CI: keepKeychainEntries). */
  close(): Promise<void>;
}

/**
 * On macOS an entry's access list names the app that made it (the Electron binary): listing the
 * entries reads their passwords, and from this process that asks the user to allow it. In CI nobody
 * answers and the spec would hang, so there the entries stay, in the temporary keychain the job
 * made and the runner throws away. On a developer's Mac the prompt is the price of a clean keychain.
 */
export function keepKeychainEntries(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): boolean {
  return platform === 'darwin' && !!env.CI;
}

export async function launchVault(binary: string | null): Promise<LaunchedVault> {
  if (!binary) {
    throw new Error(
      'No Electron binary, but WXM_REQUIRE_ELECTRON=1 says this machine has one: run `node node_modules/electron/install.js` with ELECTRON_SKIP_BINARY_DOWNLOAD unset.',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-electron-'));
  const keychainService = `wxm-vault-e2e-${randomUUID()}`;
  const env = { ...(process.env as Record<string, string>), WXM_VAULT_DATA_DIR: dataDir, WXM_VAULT_KEYCHAIN_SERVICE: keychainService };
  const app = await electron.launch({ executablePath: binary, args: ['.'], cwd: root, env });
  let quitting: Promise<void> | null = null;
  const quit = () => (quitting ??= app.close());
  return {
    app,
    page: await app.firstWindow(),
    dataDir,
    logLines() {
      try {
        return readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8')
          .split('\n')
          .filter(Boolean);
      } catch {
        return [];
      }
    },
    quit,
    async close() {
      await quit();
      if (!keepKeychainEntries()) {
        const store = new KeychainSecretStore(keychainService);
        for (const key of await store.keys()) await store.delete(key);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The system clipboard's text, read by the OS's own tool rather than through Electron,
 * so it shows what another application would paste.
 */
export async function readSystemClipboard(): Promise<string> {
  if (process.platform === 'darwin') return (await run('pbpaste', [], { timeout: 5000 })).stdout;
  if (process.platform === 'win32') {
    const { stdout } = await run('powershell', ['-NoProfile', '-Command', 'Get-Clipboard -Raw'], { timeout: 10_000 });
    return stdout.replace(/\r?\n$/, '');
  }
  try {
    return (await run('xclip', ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING'], { timeout: 5000 })).stdout;
  } catch {
    // xclip exits non-zero when nobody owns the selection: an empty clipboard.
    return '';
  }
}

/** Polls the system clipboard until `accept` says yes; returns what it last read. */
export async function waitForSystemClipboard(accept: (text: string) => boolean, timeoutMs = 6000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = await readSystemClipboard();
  while (!accept(text) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    text = await readSystemClipboard();
  }
  return text;
}
