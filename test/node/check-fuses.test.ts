/**
 * scripts/check-fuses.mjs, which CI runs on every OS after packaging: it must fail
 * whenever a packaged app's fuses differ from electron-builder.yml. No Electron
 * binary exists here, so the end-to-end cases hand the real `electron-fuses read`
 * a file carrying a fuse wire in Electron's own layout (sentinel, version, length,
 * one byte per fuse), the part of the binary the reader looks at.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without types
import * as script from '../../scripts/check-fuses.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fuses = script as {
  parseFusesRead(text: string): Record<string, string>;
  compareFuses(expected: Record<string, unknown>, actual: Record<string, string>): string[];
  expectedFuses(configText: string): Record<string, unknown>;
  findPackagedApp(releaseDir: string, linuxExecutable: string, platform?: string): string | null;
};
const requireCjs = createRequire(import.meta.url);
const { FuseV1Options } = requireCjs('@electron/fuses') as { FuseV1Options: Record<string, number | string> };
const { SENTINEL } = requireCjs('@electron/fuses/dist/constants') as { SENTINEL: string };

const config = fuses.expectedFuses(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'wxm-fuses-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// What `electron-fuses read` (1.8.0) printed for an Electron 45 wire: with colours (a terminal) and without.
const READ: Array<[string, string]> = [
  ['RunAsNode', 'Disabled'],
  ['EnableCookieEncryption', 'Enabled'],
  ['EnableNodeOptionsEnvironmentVariable', 'Disabled'],
  ['EnableNodeCliInspectArguments', 'Disabled'],
  ['EnableEmbeddedAsarIntegrityValidation', 'Enabled'],
  ['OnlyLoadAppFromAsar', 'Enabled'],
  ['LoadBrowserProcessSpecificV8Snapshot', 'Disabled'],
  ['GrantFileProtocolExtraPrivileges', 'Disabled'],
  // Electron 45's WasmTrapHandlers, which this reader cannot name.
  ['undefined', 'Enabled'],
];
function readOutput(paint: (colour: number, text: string) => string): string {
  const states = READ.map(([name, state]) => `  ${paint(33, name)} is ${paint(state === 'Enabled' ? 32 : 31, state)}`);
  return [`Analyzing app: ${paint(36, 'wxm-vault')}`, `Fuse Version: ${paint(36, 'v1')}`, ...states, ''].join('\n');
}
const SAMPLE = readOutput((colour, text) => `\u001b[${colour}m${text}\u001b[39m`);
const PLAIN = readOutput((_colour, text) => text);

/** A file with Electron's fuse wire in it, each fuse as electron-builder.yml sets it, bar `override`. */
function fakeElectron(name: string, override: Record<string, string> = {}): string {
  const states = Object.entries(FuseV1Options)
    .filter(([, index]) => typeof index === 'number')
    .sort(([, a], [, b]) => Number(a) - Number(b))
    .map(([option]) => {
      const key = option.charAt(0).toLowerCase() + option.slice(1);
      return override[option] ?? (config[key] === true ? '1' : '0');
    });
  // Electron 45 has one fuse more (WasmTrapHandlers) than this reader names: keep it, as a real binary would.
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, states.length + 1]), Buffer.from(states.join('') + '1')]);
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), wire, Buffer.alloc(4096, 0x90)]));
  return file;
}

function checkFuses(app: string) {
  return spawnSync(process.execPath, ['scripts/check-fuses.mjs', '--app', app], { cwd: root, encoding: 'utf8' });
}

describe('check-fuses: comparing `electron-fuses read` with electron-builder.yml', () => {
  it('reads every fuse state from the reader output, colours or not', () => {
    const read = fuses.parseFusesRead(SAMPLE);
    assert.equal(read.RunAsNode, 'Disabled');
    assert.equal(read.OnlyLoadAppFromAsar, 'Enabled');
    assert.equal(Object.keys(read).length, 9);
    assert.deepEqual(fuses.parseFusesRead(PLAIN), read);
  });

  it('refuses reader output that found no fuse wire, rather than passing it', () => {
    assert.throws(
      () => fuses.parseFusesRead('Analyzing app: x\nError: Could not find sentinel in the provided Electron binary\n'),
      /no "Fuse Version: v1"/,
    );
    assert.throws(() => fuses.parseFusesRead('Fuse Version: v1\n'), /listed no fuses/);
  });

  it('finds no difference when the packaged app has every fuse the config sets', () => {
    assert.deepEqual(fuses.compareFuses(config, fuses.parseFusesRead(SAMPLE)), []);
    assert.equal(Object.keys(config).length, 8, 'every fuse the reader names is set in electron-builder.yml');
  });

  it('names each fuse that differs, one that is missing, and a config value that is not a boolean', () => {
    const read = fuses.parseFusesRead(PLAIN.replace('RunAsNode is Disabled', 'RunAsNode is Enabled'));
    delete read.GrantFileProtocolExtraPrivileges;
    const problems = fuses.compareFuses({ ...config, enableCookieEncryption: 'yes' }, read);
    assert.deepEqual(problems, [
      'RunAsNode: electron-builder.yml sets it Disabled, the packaged app has it Enabled.',
      'electronFuses.enableCookieEncryption is "yes" in electron-builder.yml: it must be true or false.',
      'GrantFileProtocolExtraPrivileges: electron-builder.yml sets it Disabled, but the packaged app has no such fuse (an Electron without it, or a reader too old to name it).',
    ]);
  });

  it('passes over resetAdHocDarwinSignature, which tells electron-builder to re-sign, and is no fuse in the binary', () => {
    assert.deepEqual(fuses.compareFuses({ ...config, resetAdHocDarwinSignature: true }, fuses.parseFusesRead(SAMPLE)), []);
  });

  it('counts a Removed fuse as a difference', () => {
    const read = { ...fuses.parseFusesRead(SAMPLE), EnableNodeCliInspectArguments: 'Removed' };
    assert.deepEqual(fuses.compareFuses(config, read), [
      'EnableNodeCliInspectArguments: electron-builder.yml sets it Disabled, the packaged app has it Removed.',
    ]);
  });

  it('passes a binary whose fuse wire matches the config (the real reader, end to end)', () => {
    const run = checkFuses(fakeElectron('wxm-vault-ok'));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /OnlyLoadAppFromAsar is Enabled/);
    assert.match(run.stdout, /every fuse in electron-builder.yml matches/);
  });

  it('fails on a binary with one fuse left on, and says which', () => {
    const run = checkFuses(fakeElectron('wxm-vault-inspect', { EnableNodeCliInspectArguments: '1' }));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /EnableNodeCliInspectArguments: electron-builder.yml sets it Disabled, the packaged app has it Enabled/);
  });

  it('fails on a file with no fuse wire, and on a missing app', () => {
    const plain = join(dir, 'not-electron');
    writeFileSync(plain, 'just text');
    assert.equal(checkFuses(plain).status, 1);
    const none = spawnSync(process.execPath, [join(root, 'scripts/check-fuses.mjs'), '--config', join(root, 'electron-builder.yml')], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.notEqual(none.status, 0);
  });

  it("finds each OS's unpacked app where electron-builder leaves it", () => {
    const release = join(dir, 'release');
    mkdirSync(join(release, 'linux-unpacked'), { recursive: true });
    writeFileSync(join(release, 'linux-unpacked', 'wxm-vault'), '');
    mkdirSync(join(release, 'mac-arm64', 'WXM Vault.app'), { recursive: true });
    mkdirSync(join(release, 'win-unpacked'), { recursive: true });
    writeFileSync(join(release, 'win-unpacked', 'WXM Vault.exe'), '');
    assert.equal(fuses.findPackagedApp(release, 'wxm-vault', 'linux'), join(release, 'linux-unpacked', 'wxm-vault'));
    assert.equal(fuses.findPackagedApp(release, 'wxm-vault', 'darwin'), join(release, 'mac-arm64', 'WXM Vault.app'));
    assert.equal(fuses.findPackagedApp(release, 'wxm-vault', 'win32'), join(release, 'win-unpacked', 'WXM Vault.exe'));
    assert.equal(fuses.findPackagedApp(join(dir, 'nowhere'), 'wxm-vault', 'linux'), null);
  });
});
