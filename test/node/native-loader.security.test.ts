/**
 * Native code in main comes only from our own node_modules, whatever the
 * environment says. The napi-rs generated loader would load any file named in
 * NAPI_RS_NATIVE_LIBRARY_PATH, or switch to a WASI package found through
 * NODE_PATH, inside main and with the keychain open, sidestepping the fuses
 * that disable ELECTRON_RUN_AS_NODE and NODE_OPTIONS. Each case sets the
 * variables to code that drops a marker file, then uses the real keychain.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadNative, NATIVE_MODULES, nativeBinaryCandidates, NativeLoadError, ownAppRoot } from '../../electron/core/keychain/native-loader';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'wxm-native-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A module that, if anything ever runs it, leaves `marker` behind. */
function plant(file: string, marker: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); module.exports = {};\n`);
}

/** Plants a package `name` whose entry point leaves a marker, in `modules` (a fresh folder for NODE_PATH by default). */
function plantPackage(name: string, marker: string, modules = join(work, randomUUID(), 'node_modules')): string {
  mkdirSync(join(modules, name), { recursive: true });
  writeFileSync(join(modules, name, 'package.json'), JSON.stringify({ name, version: '2.1.2', main: 'index.js' }));
  plant(join(modules, name, 'index.js'), marker);
  return modules;
}

/** Uses the keychain through the secret store in a fresh process with `env` added. */
function useKeychainWith(env: Record<string, string>): { roundTrip: string | null; error: string | null } {
  const code = `
    import { KeychainSecretStore } from './electron/core/keychain/secrets.ts';
    const store = new KeychainSecretStore('wxm-vault-native-${randomUUID()}');
    let roundTrip = null, error = null;
    try {
      await store.set('probe', 'native-ok');
      roundTrip = await store.get('probe');
      await store.delete('probe');
    } catch (e) { error = String(e.code ?? e.message); }
    console.log(JSON.stringify({ roundTrip, error }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('native modules load only from our own node_modules', () => {
  it('ignores NAPI_RS_NATIVE_LIBRARY_PATH: the named file never runs and the real keychain binding is used', () => {
    const marker = join(work, 'native-library-path.ran');
    const evil = join(work, 'evil', 'payload.cjs');
    plant(evil, marker);
    const result = useKeychainWith({ NAPI_RS_NATIVE_LIBRARY_PATH: evil });
    assert.equal(existsSync(marker), false, 'the file named in NAPI_RS_NATIVE_LIBRARY_PATH ran inside the process');
    assert.deepEqual(result, { roundTrip: 'native-ok', error: null });
  });

  it('ignores NAPI_RS_FORCE_WASI and NAPI_RS_WASI_FLAVOR: no WASI package is looked for, on NODE_PATH or anywhere', () => {
    const cases: Array<Record<string, string>> = [
      { NAPI_RS_FORCE_WASI: 'true' },
      { NAPI_RS_FORCE_WASI: 'error' },
      { NAPI_RS_WASI_FLAVOR: 'wasm32-wasi' },
    ];
    for (const switches of cases) {
      const marker = join(work, `wasi-${randomUUID()}.ran`);
      const modules = plantPackage('@napi-rs/keyring-wasm32-wasi', marker);
      const result = useKeychainWith({ ...switches, NODE_PATH: modules });
      assert.equal(existsSync(marker), false, `${JSON.stringify(switches)}: a WASI package from NODE_PATH ran`);
      assert.deepEqual(result, { roundTrip: 'native-ok', error: null }, JSON.stringify(switches));
    }
  });

  it('does not look elsewhere when the app lacks the binary: a look-alike on NODE_PATH or in $HOME/.node_modules never runs', () => {
    const marker = join(work, 'lookalike.ran');
    const pkg = Object.values(NATIVE_MODULES.keyring.binaries)[0]!.split('/').slice(0, 2).join('/');
    const nodePath = plantPackage(pkg, marker);
    const home = join(work, 'home');
    plantPackage(pkg, marker, join(home, '.node_modules'));
    const emptyApp = join(work, 'empty-app');
    mkdirSync(emptyApp, { recursive: true });
    const code = `
      import { loadNative } from './electron/core/keychain/native-loader.ts';
      let error = null;
      for (const platform of ['linux', 'darwin', 'win32']) for (const arch of ['x64', 'arm64']) {
        try { loadNative('keyring', { appRoot: ${JSON.stringify(emptyApp)}, platform, arch }); } catch (e) { error = e.name; }
      }
      console.log(JSON.stringify({ error }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: nodePath, HOME: home },
    });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), { error: 'NativeLoadError' });
    assert.equal(existsSync(marker), false);
  });

  it('finds the app root from its own location, and only ever looks inside that app', () => {
    assert.equal(ownAppRoot(), root.replace(/\/$/, ''));
    for (const candidate of nativeBinaryCandidates('keyring')) assert.ok(candidate.startsWith(join(root, 'node_modules') + '/'), candidate);
    const keyring = loadNative<{ AsyncEntry: unknown; findCredentialsAsync: unknown }>('keyring');
    assert.equal(typeof keyring.AsyncEntry, 'function');
    assert.equal(typeof keyring.findCredentialsAsync, 'function');
  });

  it('refuses a platform it has no binary for, rather than guessing one', () => {
    assert.throws(() => loadNative('keyring', { platform: 'freebsd', arch: 'x64' }), NativeLoadError);
    assert.throws(() => loadNative('keyring', { platform: 'linux', arch: 'mips' }), NativeLoadError);
  });

  it('maps exactly the platform packages @napi-rs/keyring publishes for the systems we build installers for', () => {
    const keyringPkg = JSON.parse(readFileSync(join(root, 'node_modules/@napi-rs/keyring/package.json'), 'utf8')) as {
      version: string;
      optionalDependencies: Record<string, string>;
    };
    const ours = Object.values(NATIVE_MODULES.keyring.binaries).map((b) => b.split('/').slice(0, 2).join('/'));
    for (const pkg of ours)
      assert.equal(keyringPkg.optionalDependencies[pkg], keyringPkg.version, `${pkg} is published with @napi-rs/keyring ${keyringPkg.version}`);
    for (const [key, binary] of Object.entries(NATIVE_MODULES.keyring.binaries)) {
      const triple = /^@napi-rs\/keyring-([a-z0-9-]+)\/keyring\.([a-z0-9-]+)\.node$/.exec(binary);
      assert.ok(triple && triple[1] === triple[2] && triple[1]!.startsWith(key), `${key}: ${binary}`);
    }
  });
});
