/**
 * The layering (README, "How it is built") is enforced by ESLint (eslint.layers.js). These
 * snippets, linted as if they lived in each layer folder, prove the rules bite: a renderer that
 * could import core at run time, or a core that could import Electron, is how a secret or a
 * Node API ends up in the page, or main's logic ends up untestable without Electron.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

const IMPORTS = '@typescript-eslint/no-restricted-imports';
const GLOBALS = 'no-restricted-globals';
const SYNTAX = 'no-restricted-syntax';
const LAYER_RULES = new Set([IMPORTS, GLOBALS, SYNTAX]);

/** Layer-rule errors for `code` at `file`. A parse error or an unlinted file fails, so neither passes as "allowed". */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  assert.ok(result, `no lint result for ${file}`);
  const broken = result.messages.find((m) => m.fatal || m.ruleId === null);
  assert.equal(broken, undefined, `${file} was not linted: ${broken?.message}`);
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.ruleId as string);
}

async function assertBlocked(file: string, code: string, rule = IMPORTS): Promise<void> {
  assert.deepEqual(await layerErrors(file, code), [rule], `${file} should reject: ${code}`);
}

async function assertAllowed(file: string, code: string): Promise<void> {
  assert.deepEqual(await layerErrors(file, code), [], `${file} should accept: ${code}`);
}

describe('layer rules: electron/common runs everywhere and depends on nothing', () => {
  const file = 'electron/common/x.ts';

  it('imports only its own files', async () => {
    await assertAllowed(file, "import { string } from './schema';\nexport { string };");
    await assertAllowed(file, "import type { Reply } from './ipc-contract';\nexport type { Reply };");
  });

  it('rejects Node, Electron, packages and other layers, types included', async () => {
    await assertBlocked(file, "import { readFileSync } from 'node:fs';\nexport { readFileSync };");
    await assertBlocked(file, "import { app } from 'electron';\nexport { app };");
    await assertBlocked(file, "import { tick } from 'svelte';\nexport { tick };");
    await assertBlocked(file, "import { VaultError } from '../core/errors';\nexport { VaultError };");
    await assertBlocked(file, "import type { Vault } from '../core/vault';\nexport type { Vault };");
    await assertBlocked(file, "export * from '../../renderer/src/lib/format';");
  });

  it('cannot slip a type in through an import() type', async () => {
    await assertBlocked(file, "export type Fs = typeof import('node:fs');", SYNTAX);
    await assertBlocked(file, "export type Vault = import('../core/vault').Vault;", SYNTAX);
  });

  it('rejects the globals of Node and the DOM', async () => {
    await assertBlocked(file, 'export const pid = process.pid;', GLOBALS);
    await assertBlocked(file, "export const bytes = Buffer.from('x');", GLOBALS);
    await assertBlocked(file, 'export const title = document.title;', GLOBALS);
    await assertBlocked(file, 'export const href = window.location.href;', GLOBALS);
  });
});

describe('layer rules: electron/core is plain Node', () => {
  it('never imports Electron, not even its types', async () => {
    await assertBlocked('electron/core/x.ts', "import { app } from 'electron';\nexport { app };");
    await assertBlocked('electron/core/x.ts', "import type { BrowserWindow } from 'electron';\nexport type { BrowserWindow };");
  });

  it('never imports main, the preload or the renderer, from any depth', async () => {
    await assertBlocked('electron/core/x.ts', "import { registerChannels } from '../main/ipc/register-channels';\nexport { registerChannels };");
    await assertBlocked('electron/core/accounts/x.ts', "import { createMainWindow } from '../../main/window/window';\nexport { createMainWindow };");
    await assertBlocked('electron/core/x.ts', "import '../preload/preload';");
    await assertBlocked('electron/core/wxm/x.ts', "import { shortExpiry } from '../../../renderer/src/lib/format';\nexport { shortExpiry };");
  });

  it('cannot slip Electron in through import() or require()', async () => {
    await assertBlocked('electron/core/x.ts', "export const electron = await import('electron');", SYNTAX);
    await assertBlocked('electron/core/x.ts', "export const electron = require('electron');", SYNTAX);
  });

  it('cannot slip Electron or main in through an import() type', async () => {
    await assertBlocked('electron/core/x.ts', "export type W = import('electron').BrowserWindow;", SYNTAX);
    await assertBlocked('electron/core/x.ts', "export type R = typeof import('../main/ipc/register-channels').registerChannels;", SYNTAX);
  });

  it('imports common, Node and packages', async () => {
    await assertAllowed(
      'electron/core/accounts/x.ts',
      "import { SchemaError } from '../../common/schema';\nimport { randomUUID } from 'node:crypto';\nimport { AsyncEntry } from '@napi-rs/keyring';\nexport { SchemaError, randomUUID, AsyncEntry };",
    );
  });
});

describe('layer rules: the preload and main', () => {
  it('lets the preload import only electron and common', async () => {
    await assertAllowed(
      'electron/preload/x.ts',
      "import { contextBridge } from 'electron';\nimport { createBridge } from '../common/bridge';\nexport { contextBridge, createBridge };",
    );
    await assertBlocked('electron/preload/x.ts', "import { createVault } from '../core/vault';\nexport { createVault };");
    await assertBlocked('electron/preload/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };");
  });

  it('lets main import common, core, Electron and Node, but never the preload or the renderer', async () => {
    await assertAllowed(
      'electron/main/x.ts',
      "import { app } from 'electron';\nimport { join } from 'node:path';\nimport { createVault } from '../core/vault';\nimport { IPC_PREFIX } from '../common/ipc-contract';\nexport { app, join, createVault, IPC_PREFIX };",
    );
    await assertBlocked('electron/main/x.ts', "import '../preload/preload';");
    await assertBlocked('electron/main/x.ts', "import { mount } from '../../renderer/src/main';\nexport { mount };");
  });
});

describe('layer rules: the wxm-vault command line is plain Node over core', () => {
  it('imports common, core, Node and packages', async () => {
    await assertAllowed(
      'electron/cli/commands/x.ts',
      "import { createVault } from '../../core/vault';\nimport { FIELD_RULES } from '../../common/field-rules';\nimport { spawn } from 'node:child_process';\nexport { createVault, FIELD_RULES, spawn };",
    );
  });

  it('never imports Electron, main, the preload, the renderer or the browser shell', async () => {
    await assertBlocked('electron/cli/x.ts', "import { app } from 'electron';\nexport { app };");
    await assertBlocked('electron/cli/x.ts', "import { registerChannels } from '../main/ipc/register-channels';\nexport { registerChannels };");
    await assertBlocked('electron/cli/commands/x.ts', "import { launchBrowserShell } from '../../browser/launch';\nexport { launchBrowserShell };");
    await assertBlocked('electron/cli/x.ts', "import '../preload/preload';");
    await assertBlocked('electron/cli/x.ts', "export const electron = await import('electron');", SYNTAX);
  });

  it('is never imported by core', async () => {
    await assertBlocked('electron/core/accounts/x.ts', "import { runCli } from '../../cli/main';\nexport { runCli };");
  });
});

describe('layer rules: the renderer sees common types only', () => {
  const lib = 'renderer/src/lib/x.ts';
  const common = '../../../electron/common';

  it('accepts type-only imports from common, in either spelling', async () => {
    await assertAllowed(lib, `import type { AccountView } from '${common}/ipc-contract';\nexport type { AccountView };`);
    await assertAllowed(lib, `import { type AccountView } from '${common}/ipc-contract';\nexport type { AccountView };`);
  });

  it('rejects a value import from common', async () => {
    await assertBlocked(lib, `import { ERROR_CODES } from '${common}/ipc-contract';\nexport { ERROR_CODES };`);
    await assertBlocked(lib, `import { type Reply, IPC_PREFIX } from '${common}/ipc-contract';\nexport { IPC_PREFIX };`);
    await assertBlocked(lib, `export { createBridge } from '${common}/bridge';`);
  });

  it('accepts the shared field rules at run time', async () => {
    await assertAllowed(lib, `import { FIELD_RULES } from '${common}/field-rules';\nexport { FIELD_RULES };`);
  });

  it('rejects core, main, the preload, Electron and Node, types included', async () => {
    await assertBlocked(lib, "import type { Vault } from '../../../electron/core/vault';\nexport type { Vault };");
    await assertBlocked(lib, "import { registerChannels } from '../../../electron/main/ipc/register-channels';\nexport { registerChannels };");
    await assertBlocked(lib, "import '../../../electron/preload/preload';");
    await assertBlocked(lib, "import type { IpcRenderer } from 'electron';\nexport type { IpcRenderer };");
    await assertBlocked(lib, "import { readFile } from 'node:fs/promises';\nexport { readFile };");
    await assertBlocked(lib, "import { readFile } from 'fs';\nexport { readFile };");
  });

  it('takes no import() type, and never climbs out of common with ..', async () => {
    await assertBlocked(lib, "export type Vault = import('../../../electron/core/vault').Vault;", SYNTAX);
    await assertBlocked(lib, "export type Reply = import('../../../electron/common/ipc-contract').Reply;", SYNTAX);
    await assertBlocked(lib, `import type { Vault } from '${common}/../core/vault';\nexport type { Vault };`);
    await assertBlocked(lib, `import { createVault } from '${common}/../core/vault';\nexport { createVault };`);
    await assertBlocked(lib, `import type { Vault } from '${common}/field-rules/../../core/vault';\nexport type { Vault };`);
    await assertBlocked(lib, `import { FIELD_RULES } from '${common}/../common/field-rules';\nexport { FIELD_RULES };`);
    // Past a second electron/common/ too: a type import the common pattern allows skips every other pattern.
    await assertBlocked(lib, `import type { Vault } from '${common}/../../electron/common/../core/vault';\nexport type { Vault };`);
  });

  it('holds in Svelte components too', async () => {
    const component = (imports: string) => `<script lang="ts">\n  ${imports}\n  console.log(x);\n</script>\n`;
    await assertAllowed('renderer/src/components/X.svelte', component(`import type { AccountView as x } from '${common}/ipc-contract';`));
    await assertBlocked('renderer/src/components/X.svelte', component(`import { ERROR_CODES as x } from '${common}/ipc-contract';`));
    await assertBlocked('renderer/src/components/X.svelte', component(`import type { Vault as x } from '${common}/../core/vault';`));
    await assertBlocked('renderer/src/components/X.svelte', component(`let x: import('${common}/../core/vault').Vault;`), SYNTAX);
  });
});

describe('layer rules: tests and benchmarks', () => {
  it('may import every layer', async () => {
    await assertAllowed(
      'test/node/x.test.ts',
      "import { app } from 'electron';\nimport { createVault } from '../../electron/core/vault';\nimport { registerChannels } from '../../electron/main/ipc/register-channels';\nexport { app, createVault, registerChannels };",
    );
  });

  it('are never imported by production code', async () => {
    await assertBlocked('electron/core/x.ts', "import { accountFixture } from '../../test/harness/account-fixture';\nexport { accountFixture };");
    await assertBlocked('renderer/src/x.ts', "import { test } from '../../test/harness/fixtures';\nexport { test };");
  });
});

describe('layer rules: the demo and its WXM sandbox stay out of the app', () => {
  const sandbox = (from: string) => `import { startWxmServer } from '${from}';\nexport { startWxmServer };`;

  it('lets tests, benchmarks and the demo import the sandbox', async () => {
    await assertAllowed('test/node/x.test.ts', sandbox('../../electron/sandbox/wxm-sandbox'));
    await assertAllowed('bench/x.bench.ts', sandbox('../electron/sandbox/wxm-sandbox'));
    await assertAllowed('electron/demo/x.ts', sandbox('../sandbox/wxm-sandbox'));
  });

  it('lets the demo drive the browser shell and core, but not Electron, main or tests', async () => {
    await assertAllowed(
      'electron/demo/x.ts',
      "import { launchBrowserShell } from '../browser/launch';\nimport { KeychainSecretStore } from '../core/keychain/secrets';\nexport { launchBrowserShell, KeychainSecretStore };",
    );
    await assertBlocked('electron/demo/x.ts', "import { app } from 'electron';\nexport { app };");
    await assertBlocked('electron/demo/x.ts', "import { registerChannels } from '../main/ipc/register-channels';\nexport { registerChannels };");
    await assertBlocked('electron/demo/x.ts', "import { usePrivateDisplay } from '../../test/harness/xvfb';\nexport { usePrivateDisplay };");
  });

  it('keeps the sandbox and the demo out of every production layer, from any depth', async () => {
    await assertBlocked('electron/core/x.ts', sandbox('../sandbox/wxm-sandbox'));
    await assertBlocked('electron/core/accounts/x.ts', sandbox('../../sandbox/wxm-sandbox'));
    await assertBlocked('electron/main/x.ts', sandbox('../sandbox/wxm-sandbox'));
    await assertBlocked('electron/browser/x.ts', sandbox('../sandbox/wxm-sandbox'));
    await assertBlocked('electron/browser/x.ts', "import { runDemo } from '../demo/demo';\nexport { runDemo };");
    await assertBlocked('electron/preload/x.ts', sandbox('../sandbox/wxm-sandbox'));
    await assertBlocked('renderer/src/lib/x.ts', sandbox('../../../electron/sandbox/wxm-sandbox'));
  });

  it('keeps the sandbox stand-alone: Node and its own files only', async () => {
    await assertAllowed(
      'electron/sandbox/x.ts',
      "import { createServer } from 'node:http';\nimport { notWxmAnswer } from './not-wxm-answers';\nexport { createServer, notWxmAnswer };",
    );
    await assertBlocked('electron/sandbox/x.ts', "import { WxmClient } from '../core/wxm/client';\nexport { WxmClient };");
    await assertBlocked('electron/sandbox/x.ts', "import { parseLoginResponse } from '../common/x';\nexport { parseLoginResponse };");
  });
});
