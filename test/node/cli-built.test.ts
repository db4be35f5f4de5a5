/**
 * The built `wxm-vault` (dist/cli/wxm-vault.mjs, what package.json `bin` installs), not its source through tsx:
 * a bundling mistake (the shebang, the native keyring loader finding its binary, --version finding package.json)
 * passes every other CLI test. Needs the build: npm test builds first; without it these tests fail and say so.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { useCliVault } from '../harness/cli-fixture';
import { runBuiltCli } from '../harness/cli-run';

const v = await useCliVault();
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the built wxm-vault', () => {
  it('--version prints the version in package.json, run with node and run as a command (its shebang)', async () => {
    for (const how of ['node', 'shebang'] as const) {
      const run = await runBuiltCli(v.target, ['--version'], how);
      assert.equal(run.code, 0, `${how}: ${run.stderr}`);
      assert.equal(run.stdout, `wxm-vault ${version}\n`, how);
      assert.equal(run.stderr, '', how);
    }
  });

  it('list reads the account list and, through the native keyring module, the token the app core shared', async () => {
    // A fresh login by the app core, which shares its token through the keychain: "valid" below is only there if
    // the bundle loaded the native keyring module (a copy that cannot load it exits with an error instead).
    await v.h.vault.accounts.forgetTokens();
    await v.h.vault.accounts.accessToken(v.ops);
    const run = await runBuiltCli(v.target, ['list'], 'node');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^uswest\n {2}Ops {2}ops@acme {2}valid, 11 h 59 min left\n$/);
    assert.equal(run.stderr, '');
  });
});
