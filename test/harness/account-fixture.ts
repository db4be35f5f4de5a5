/**
 * An AccountService wired to real things: a temp data folder, a keychain
 * service of its own (real Secret Service), the real logger with its lines
 * captured for canary scans, a controllable clock, and a WXM test server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventPayloads } from '../../electron/common/ipc-contract';
import { AccountService } from '../../electron/core/accounts/account-service';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { startWxmServer, type WxmServerOptions, type WxmTestServer, type WxmUser } from '../../electron/sandbox/wxm-sandbox';

export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function fakeClock(start = Date.UTC(2025, 0, 15, 9, 0, 0)): FakeClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (ms) => void (t = ms) };
}

export interface AccountFixture {
  service: AccountService;
  server: WxmTestServer;
  secrets: KeychainSecretStore;
  clock: FakeClock;
  dataDir: string;
  logLines: string[];
  events: EventPayloads['accounts:changed'][];
  /** The log redactor of the newest service (`service`, or the last `restart()`). */
  readonly redactor: Redactor;
  /** A second service over the same folder and keychain, as after an app restart. */
  restart(): AccountService;
  dispose(): Promise<void>;
}

export async function accountFixture(
  opts: { server?: WxmServerOptions; timeoutMs?: number; clock?: FakeClock; dataDir?: string } = {},
): Promise<AccountFixture> {
  const clock = opts.clock ?? fakeClock();
  const server = await startWxmServer({ now: clock.now, ...opts.server });
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'wxm-accounts-test-'));
  const secrets = new KeychainSecretStore(`wxm-vault-test-${randomUUID()}`);
  const logLines: string[] = [];
  const events: AccountFixture['events'] = [];
  let redactor = new Redactor();
  const make = () => {
    redactor = new Redactor();
    return new AccountService(
      {
        dataDir,
        secrets,
        logger: createLogger(redactor, [(l) => logLines.push(l)], clock.now),
        redactor,
        now: clock.now,
        emit: (event, payload) => {
          if (event === 'accounts:changed') events.push(payload as EventPayloads['accounts:changed']);
        },
      },
      { timeoutMs: opts.timeoutMs ?? 5_000 },
    );
  };
  return {
    service: make(),
    server,
    secrets,
    clock,
    dataDir,
    logLines,
    events,
    get redactor() {
      return redactor;
    },
    restart: make,
    dispose: async () => {
      await server.close();
      for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fixture whose vault already holds "Ops": `ops@acme` added with its password (so logged in once), and whose WXM
 * user also has `apiKey` for the API-key paths to find. `others` are more WXM users, with no account yet.
 */
export async function accountFixtureWithOps(opts: {
  password: string;
  apiKey: string;
  others: WxmUser[];
}): Promise<{ f: AccountFixture; id: string }> {
  const f = await accountFixture({
    server: { users: [{ username: 'ops@acme', password: opts.password, apiKey: opts.apiKey }, ...opts.others] },
  });
  const { id } = await f.service.add({ label: 'Ops', username: 'ops@acme', secret: opts.password, authMode: 'password', baseUrl: f.server.baseUrl });
  return { f, id };
}
