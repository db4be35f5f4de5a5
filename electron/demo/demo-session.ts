/**
 * One demo run: the WXM sandbox with the sample users, the browser shell on the
 * demo's own data folder and keychain service, pointed at the sandbox, and the
 * sample accounts added on a start whose vault lists none. What it does is said
 * in a few lines; two-factor codes the sandbox "e-mails" are printed as they are sent.
 */
import type { AccountView } from '../common/ipc-contract';
import { ROOT_SANDBOX_NOTICE } from '../browser/chromium-flags';
import { launchBrowserShell, type BrowserShell, type ShellEnd } from '../browser/launch';
import type { AppLocation } from '../core/data-folder/app-location';
import type { ClipboardPort } from '../core/clipboard/clipboard-port';
import { startWxmServer, type WxmTestServer } from '../sandbox/wxm-sandbox';
import { DemoSetupError } from './demo-location';
import { SAMPLE_ACCOUNTS, sandboxUsers, SPARE_USER } from './sample-accounts';
import { seedSampleAccounts } from './seed';

export interface DemoOptions {
  browserPath: string;
  location: AppLocation;
  /** The sandbox's port on 127.0.0.1; 0 picks a free one (tests). */
  port: number;
  clipboard: ClipboardPort;
  appVersion: string;
  runningAsRoot?: boolean;
  /** A folder deleted when the demo ends (the throwaway keyring's run): said instead of how to start afresh. */
  throwaway?: boolean;
  say: (line: string) => void;
}

export interface DemoSession {
  sandbox: WxmTestServer;
  shell: BrowserShell;
  /** The accounts this start added (none when the vault already had some). */
  added: AccountView[];
  /** Resolves once the window is closed and the sandbox stopped. */
  ended: Promise<ShellEnd>;
  close(): Promise<ShellEnd>;
}

function labelOf(username: string): string {
  return SAMPLE_ACCOUNTS.find((a) => a.user.username === username)?.label ?? username;
}

async function startSandbox(port: number, say: (line: string) => void): Promise<WxmTestServer> {
  try {
    return await startWxmServer({
      port,
      users: sandboxUsers(),
      onCodeSent: (username, code) => say(`✉ E-mail to ${username} (${labelOf(username)}): your WXM sign-in code is ${code}`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new DemoSetupError(
        `Port ${port} on 127.0.0.1 is in use: close the other demo, or set WXM_DEMO_PORT to a free port (its accounts will then need their password again).`,
      );
    }
    throw error;
  }
}

function stationSummary(accounts: AccountView[]): string {
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(a.station ?? 'no station', (counts.get(a.station ?? 'no station') ?? 0) + 1);
  return [...counts].map(([station, n]) => `${station} (${n})`).join(', ');
}

async function addSamples(shell: BrowserShell, sandbox: WxmTestServer, say: (line: string) => void): Promise<AccountView[]> {
  try {
    const added = await seedSampleAccounts(shell.vault.accounts, sandbox);
    const listed = added.length ? added : await shell.vault.accounts.list();
    say(
      `${added.length ? 'Added' : 'Opened'} ${listed.length} accounts on ${new Set(listed.map((a) => a.station)).size} stations: ${stationSummary(listed)}.`,
    );
    return added;
  } catch (error) {
    say(`The sample accounts could not be added (${error instanceof Error ? error.message : String(error)}). The window shows what to do.`);
    return [];
  }
}

export async function startDemo(options: DemoOptions): Promise<DemoSession> {
  const { say, location } = options;
  const sandbox = await startSandbox(options.port, say);
  let shell: BrowserShell;
  try {
    shell = await launchBrowserShell({
      browserPath: options.browserPath,
      dataDir: location.dataDir,
      logsDir: location.logsDir,
      keychainService: location.keychainService,
      clipboard: options.clipboard,
      appVersion: options.appVersion,
      ...(options.runningAsRoot !== undefined ? { runningAsRoot: options.runningAsRoot } : {}),
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  say(`WXM sandbox: ${sandbox.baseUrl} (a stand-in for WXM on this machine; nothing is sent anywhere else).`);
  if (options.runningAsRoot) say(ROOT_SANDBOX_NOTICE);
  const afterwards = options.throwaway ? 'both are deleted when the demo ends' : 'delete that folder to start afresh';
  say(`Demo vault: ${location.dataDir}, keychain service "${location.keychainService}" (your own vault is not touched; ${afterwards}).`);
  const added = await addSamples(shell, sandbox, say);
  const twoFactor = SAMPLE_ACCOUNTS.find((a) => a.user.sendsCodes);
  if (twoFactor)
    say(`Two-factor: "${twoFactor.label}" gets its sign-in codes by e-mail, printed here. Lock (Ctrl+L), then copy its token to get one.`);
  say(
    `To try Add account: server ${sandbox.baseUrl}, user ${SPARE_USER.username}, password ${SPARE_USER.password} (a sandbox login, valid nowhere else).`,
  );
  say('Close the window (or press Ctrl+C here) to end the demo.');

  const ended = shell.ended.then(async (end) => {
    await sandbox.close();
    return end;
  });
  return {
    sandbox,
    shell,
    added,
    ended,
    close: async () => {
      await shell.close();
      return ended;
    },
  };
}
