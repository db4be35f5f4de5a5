/**
 * For CLI tests: the WXM test server, and before each test an app core (createVault,
 * real keychain) with one account "Ops" that wxm-vault runs beside, on the same data
 * folder and keychain service. Call at the top of a test file; registers its own hooks.
 */
import { after, afterEach, beforeEach } from 'node:test';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { startWxmServer, type WxmUser, type WxmTestServer } from '../../electron/sandbox/wxm-sandbox';
import { runCli, type CliOptions, type CliResult, type CliTarget } from './cli-run';
import { createVaultHarness, type VaultHarness } from './vault-harness';

const clipboard: ClipboardPort = { readText: async () => '', writeText: async () => {}, clear: async () => {} };

export interface CliVault {
  server: WxmTestServer;
  readonly h: VaultHarness;
  readonly target: CliTarget;
  /** The id of the account "Ops" (ops@acme / ops-password). */
  readonly ops: string;
  add(label: string, username: string, secret: string): Promise<string>;
  cli(args: string[], options?: CliOptions): Promise<CliResult>;
  /** The newest token WXM issued to `user`. */
  lastIssued(user: string): string | undefined;
}

export async function useCliVault(moreUsers: WxmUser[] = []): Promise<CliVault> {
  const server = await startWxmServer({
    users: [{ username: 'ops@acme', password: 'ops-password', station: 'uswest' }, ...moreUsers],
    tokenLifetimeSeconds: 43_200,
  });
  after(() => server.close());
  let h: VaultHarness;
  let ops: string;
  const fixture: CliVault = {
    server,
    get h() {
      return h;
    },
    get target() {
      return { dataDir: h.dataDir, keychainService: h.secrets.service };
    },
    get ops() {
      return ops;
    },
    add: async (label, username, secret) =>
      (await h.vault.accounts.add({ label, username, secret, authMode: 'password', baseUrl: server.baseUrl })).id,
    cli: (args, options) => runCli(fixture.target, args, options),
    lastIssued: (user) => server.issuedTokens(user).at(-1),
  };
  beforeEach(async () => {
    h = createVaultHarness({ trustedOrigin: 'app://vault', clipboard });
    ops = await fixture.add('Ops', 'ops@acme', 'ops-password');
    server.resetCounts();
  });
  afterEach(async () => {
    server.updateUser('ops@acme', { password: 'ops-password' });
    await h.dispose();
  });
  return fixture;
}
