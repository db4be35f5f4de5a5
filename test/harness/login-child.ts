/**
 * One WXM login in a fresh Node process, for tests that need what Node reads
 * only at start-up (NODE_EXTRA_CA_CERTS) or the proxy variables of a real
 * process environment. The client is built without a transport, as the plain
 * Node paths build it. Reads `{ baseUrl, username, secret, dataDir? }` as JSON
 * on stdin (so the secret is not on a command line); prints one JSON line: the
 * outcome, never the token.
 *
 * With `dataDir`, the login goes through the vault core as the app and the CLI
 * run it (adding the account, then a fresh login through the token broker),
 * with a real keychain service of its own and the app's file log in
 * `dataDir/logs/main.log`: what the core logs about a proxied login is then on
 * disk for the caller to scan. The caller removes `dataDir`; the keychain
 * entries are deleted here.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createLogger, fileSink } from '../../electron/core/logger';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { Redactor } from '../../electron/core/redactor';
import { createVault } from '../../electron/core/vault';
import { WxmClient } from '../../electron/core/wxm/client';
import { NetworkError } from '../../electron/core/wxm/network-failure';

interface Input {
  baseUrl: string;
  username: string;
  secret: string;
  dataDir?: string;
}

async function throughCore({ baseUrl, username, secret, dataDir }: Required<Input>): Promise<string | null> {
  const redactor = new Redactor();
  const secrets = new KeychainSecretStore(`wxm-vault-test-${randomUUID()}`);
  const vault = createVault({
    appName: 'WXM Vault',
    appVersion: '0.0.0-test',
    platform: process.platform,
    dataDir,
    secrets,
    clipboard: { readText: async () => '', writeText: async () => {}, clear: async () => {} },
    logger: createLogger(redactor, [fileSink(join(dataDir, 'logs', 'main.log'))]),
    redactor,
    now: Date.now,
    emit: () => {},
  });
  try {
    const added = await vault.accounts.add({ label: 'Through the proxy', username, secret, authMode: 'password', baseUrl });
    await vault.accounts.forgetTokens();
    await vault.accounts.accessToken(added.id);
    return added.station;
  } finally {
    await vault.shutdown();
    for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
  }
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;
try {
  const station = input.dataDir
    ? await throughCore({ ...input, dataDir: input.dataDir })
    : (await new WxmClient({ timeoutMs: 5_000 }).login(input.baseUrl, { username: input.username, secret: input.secret, mode: 'password' }, Date.now))
        .station;
  process.stdout.write(`${JSON.stringify({ ok: true, station })}\n`);
} catch (error) {
  const e = error as { code?: string; message?: string };
  process.stdout.write(
    `${JSON.stringify({ ok: false, code: e.code, kind: error instanceof NetworkError ? error.kind : null, message: e.message })}\n`,
  );
}
