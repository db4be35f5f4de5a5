/**
 * A build without the keychain's platform binary (a Windows or macOS installer
 * made on Linux, say) still starts: main answers, the window learns the
 * keychain is unavailable and that reinstalling fixes it, and nothing falls
 * back to storing secrets anywhere else.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { ChannelName } from '../../electron/common/ipc-contract';
import { loadNative } from '../../electron/core/keychain/native-loader';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { createVault } from '../../electron/core/vault';

const dataDir = mkdtempSync(join(tmpdir(), 'wxm-nobinary-vault-'));
const appRoot = mkdtempSync(join(tmpdir(), 'wxm-nobinary-root-'));
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appRoot, { recursive: true, force: true });
});

it('the vault starts and every request says the keychain component is missing and to reinstall', async () => {
  const redactor = new Redactor();
  const vault = createVault({
    appName: 'WXM Vault',
    appVersion: '0.0.0-test',
    platform: process.platform,
    dataDir,
    secrets: new KeychainSecretStore('wxm-vault-nobinary', () => loadNative('keyring', { appRoot })),
    clipboard: { readText: async () => '', writeText: async () => {}, clear: async () => {} },
    logger: createLogger(redactor, []),
    redactor,
    chooseExportFile: async () => join(dataDir, 'export.json'),
    now: Date.now,
    emit: () => {},
  });
  const dispatch = vault.dispatcher('app://vault');
  const ask = (channel: ChannelName, payload?: unknown) => dispatch({ origin: 'app://vault', isMainFrame: true }, channel, payload);
  try {
    const info = await ask('app:info');
    assert.ok(info.ok, 'main answers at all');
    const status = await ask('keychain:status');
    assert.ok(status.ok);
    assert.equal((status.value as { available: boolean }).available, false);
    assert.match((status.value as { message: string }).message, /could not load its keychain component.*Reinstall WXM Vault/s);
    // The first thing the window asks (Root.svelte shows this message with "Try again"), and what the list asks.
    for (const channel of ['vault:status', 'accounts:list'] as const) {
      const reply = await ask(channel);
      assert.ok(!reply.ok, channel);
      assert.equal(reply.error.code, 'keychain-unavailable', channel);
      assert.match(reply.error.message, /Reinstall WXM Vault/, channel);
    }
    const added = await ask('accounts:add', {
      label: 'Ops',
      username: 'ops@acme',
      secret: 'never-stored-anywhere',
      authMode: 'password',
      baseUrl: 'https://api.getcloudcherry.com',
    });
    assert.ok(!added.ok);
    assert.equal(added.error.code, 'keychain-unavailable');
    for (const file of readdirSync(dataDir, { recursive: true }) as string[]) assert.doesNotMatch(file, /accounts/);
  } finally {
    await vault.shutdown();
  }
});
