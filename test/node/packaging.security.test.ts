/**
 * Packaging can't run here (electron-builder downloads the Electron binary), so
 * this validates what it would do: electron-builder.yml against electron-builder's
 * own schema validator, every target, every fuse (checklist item 19), what ships
 * (files), and that the built output it would pack embeds no secrets, test code
 * or source maps. Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { NATIVE_MODULES, nativeBinaryCandidates } from '../../electron/core/keychain/native-loader';
// @ts-expect-error: a plain .mjs script without types
import * as feedScript from '../../scripts/installers/update-feed.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asar: boolean;
  asarUnpack?: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string; executableName: string };
  mac: { target: string[]; hardenedRuntime: boolean; icon: string; entitlements?: string; entitlementsInherit?: string };
  win: { target: string[]; icon: string };
  nsis: { oneClick: boolean; perMachine: boolean };
  publish: Record<string, string>;
  [key: string]: unknown;
}

const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder 26’s own configuration validator (its JSON schema)', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await validateConfiguration(structuredClone(config), { isEnabled: false, add() {} });
    // And the validator really rejects mistakes, so passing it means something.
    const typo = structuredClone(config);
    typo.electronFuses = { ...typo.electronFuses, runAsNod: false };
    await assert.rejects(() => validateConfiguration(typo, { isEnabled: false, add() {} }), /electronFuses/);
  });

  it('builds AppImage + deb on Linux, dmg (and the zip electron-updater installs from) on macOS and nsis on Windows', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, ['dmg', 'zip']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.equal(config.mac.hardenedRuntime, true);
    assert.equal(config.nsis.perMachine, false, 'per-user install: no admin rights for a credential tool');
  });

  it('flips every fuse to its safe setting (checklist 19): no run-as-node, NODE_OPTIONS or inspector; asar only, with integrity', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    assert.equal(config.asar, true, 'onlyLoadAppFromAsar needs an asar');
  });

  it('sets every fuse electron-builder knows explicitly (a new fuse must be decided on, not defaulted)', () => {
    const scheme = require('app-builder-lib/scheme.json') as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties).filter((k) => k !== 'resetAdHocDarwinSignature');
    assert.deepEqual(Object.keys(config.electronFuses).sort(), known.sort());
  });

  it('ships only the built app and package.json: never sources, tests, the browser shell, source maps or env files', () => {
    const includes = config.files.filter((f) => !f.startsWith('!'));
    const excludes = config.files.filter((f) => f.startsWith('!'));
    assert.deepEqual(includes, ['dist/electron/**', 'dist/renderer/**', 'package.json']);
    for (const needed of ['!**/*.map', '!**/.env*', '!**/*.{ts,tsx,svelte}']) assert.ok(excludes.includes(needed), needed);
    for (const pattern of includes)
      assert.doesNotMatch(pattern, /^(test|electron|renderer|scripts|security|bench|dist\/browser|dist\/test|dist\/\*\*)/, pattern);
    assert.ok(existsSync(join(root, 'dist/browser')), 'the browser shell exists in dist/ and is excluded by not being listed');
    assert.equal(pkg.main, 'dist/electron/main.cjs', 'package.json main points into the shipped files');
    assert.ok(existsSync(join(root, pkg.main)));
  });

  it('points electron-updater at GitHub releases without naming a repository of its own (dist.mjs sets it from the environment)', () => {
    assert.deepEqual(config.publish, { provider: 'github', releaseType: 'release' });
  });

  it('unpacks native modules (the keychain binding) from the asar', () => {
    assert.deepEqual(config.asarUnpack, ['**/*.node']);
    assert.ok(pkg.dependencies['@napi-rs/keyring'], 'the keychain binding is a production dependency, so it is packed');
  });

  it('signs macOS builds with the hardened runtime and our entitlements file, for the app and every helper', () => {
    assert.equal(config.mac.hardenedRuntime, true);
    assert.equal(config.mac.entitlements, 'build/entitlements.mac.plist');
    assert.equal(config.mac.entitlementsInherit, 'build/entitlements.mac.plist');
    assert.ok(existsSync(join(root, config.mac.entitlements)), 'electron-builder would fall back to its own, looser entitlements');
  });

  it('grants only allow-jit: no unsigned executable memory, no disabled library validation, no debugger attach', () => {
    const plist = require('plist') as { parse(xml: string): unknown };
    const parse = (xml: string) => plist.parse(xml) as Record<string, unknown>;
    const entitlements = parse(readFileSync(join(root, 'build/entitlements.mac.plist'), 'utf8'));
    const forbidden = [
      'com.apple.security.cs.allow-unsigned-executable-memory',
      'com.apple.security.cs.disable-library-validation',
      'com.apple.security.cs.allow-dyld-environment-variables',
      'com.apple.security.cs.disable-executable-page-protection',
      'com.apple.security.get-task-allow',
    ];
    for (const key of forbidden) assert.equal(key in entitlements, false, key);
    // Exact: a new entitlement must be decided on here, not slipped in.
    assert.deepEqual(entitlements, { 'com.apple.security.cs.allow-jit': true });
    // The parser does see such keys, so their absence above means something.
    const loose = parse(
      '<?xml version="1.0"?><plist version="1.0"><dict><key>com.apple.security.cs.disable-library-validation</key><true/></dict></plist>',
    );
    assert.equal(loose['com.apple.security.cs.disable-library-validation'], true);
  });

  it('packs the platform binary of every native module main loads, where the native loader looks for it', () => {
    // electron-builder packs production dependencies with their installed optional
    // dependencies (the platform packages), keeping node_modules' layout under app.asar.
    for (const [name, module] of Object.entries(NATIVE_MODULES)) {
      assert.ok(pkg.dependencies[module.package], `${module.package} is a production dependency`);
      const found = nativeBinaryCandidates(name as keyof typeof NATIVE_MODULES, { appRoot: root }).filter((f) => existsSync(f));
      assert.equal(found.length > 0, true, `the ${name} binary for ${process.platform}-${process.arch} is installed`);
      for (const file of found) assert.match(file, /\.node$/, 'matched by asarUnpack');
    }
  });

  it('has its build resources: a 1024x1024 PNG icon', () => {
    assert.equal(config.directories.buildResources, 'build');
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon]) assert.equal(icon, 'build/icon.png');
    const png = readFileSync(join(root, 'build/icon.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 1024);
    assert.equal(png.readUInt32BE(20), 1024);
  });

  it('`npm run dist` builds first and uses this file, and the README documents it', () => {
    assert.equal(pkg.scripts.dist, 'npm run build && electron-builder --config electron-builder.yml');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.match(readme, /^## Packaging$/m);
    assert.match(readme, /npm run dist/);
  });
});

describe('electron-updater as shipped', () => {
  const updaterPkg = require('electron-updater/package.json') as { version: string; scripts?: Record<string, string> };

  it('is a production dependency pinned to one exact version (packed by electron-builder), and runs no install script', () => {
    assert.match(pkg.dependencies['electron-updater'] ?? '', /^\d+\.\d+\.\d+$/);
    assert.equal(updaterPkg.version, pkg.dependencies['electron-updater']);
    for (const hook of ['preinstall', 'install', 'postinstall']) assert.equal(updaterPkg.scripts?.[hook], undefined, hook);
  });

  it('stays outside the main bundle: main requires it, and only reads its autoUpdater when a check runs', () => {
    const main = readFileSync(join(root, 'dist/electron/main.cjs'), 'utf8');
    assert.match(main, /require\("electron-updater"\)/);
    // The getter creates the platform's updater; read at load it would exist in every run, unpackaged ones too.
    const reads = [...main.matchAll(/\.autoUpdater\b/g)];
    assert.equal(reads.length, 1);
    assert.match(main, /updater: \(\) => asUpdaterPort\(electronUpdater\.autoUpdater, logger\)/);
  });
});

describe('the update feed a release build gets (scripts/installers/update-feed.mjs)', () => {
  const { updateFeed } = feedScript as {
    updateFeed(env: Record<string, string | undefined>): { config: { publish?: Record<string, string> }; problems: string[]; summary: string };
  };

  it('takes GitHub Actions’ own repository, so a fork updates from the fork', () => {
    const feed = updateFeed({ GITHUB_REPOSITORY: 'octo-org/wxm-vault' });
    assert.deepEqual(feed.config.publish, { provider: 'github', owner: 'octo-org', repo: 'wxm-vault', releaseType: 'release' });
    assert.deepEqual(feed.problems, []);
  });

  it('lets WXM_UPDATE_REPOSITORY name another repository', () => {
    const feed = updateFeed({ GITHUB_REPOSITORY: 'me/fork', WXM_UPDATE_REPOSITORY: 'octo-org/wxm-vault-releases' });
    assert.equal(feed.config.publish?.repo, 'wxm-vault-releases');
    assert.match(feed.summary, /from WXM_UPDATE_REPOSITORY/);
  });

  it('refuses anything but owner/repo, and leaves the choice to electron-builder when neither is set', () => {
    for (const bad of ['octo-org', 'https://github.com/o/r', 'o/r/extra', 'o/..', '-o/r'])
      assert.match(updateFeed({ WXM_UPDATE_REPOSITORY: bad }).problems.join(''), /must be owner\/repo/, bad);
    assert.deepEqual(updateFeed({}), { config: {}, problems: [], summary: updateFeed({}).summary });
    assert.match(updateFeed({}).summary, /git remote/);
  });
});

describe('what the installer would pack (dist/electron, dist/renderer)', () => {
  const shipped = [...walk('dist/electron'), ...walk('dist/renderer')];
  const text = (file: string) => readFileSync(join(root, file), 'utf8');
  const textFiles = shipped.filter((f) => /\.(c?js|html|css|json)$/.test(f));

  it('has the files the app needs', () => {
    for (const f of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) assert.ok(shipped.includes(f), f);
  });

  it('loads native code only through our native loader: no napi-rs generated loader, nothing read from NAPI_RS_*', () => {
    const main = text('dist/electron/main.cjs');
    assert.doesNotMatch(main, /NAPI_RS_/);
    assert.doesNotMatch(main, /require\(["']@napi-rs\//);
    assert.match(main, /"@napi-rs\/keyring-linux-x64-gnu\/keyring\.linux-x64-gnu\.node"/, 'the native loader is bundled');
    // The loader finds the app from import.meta.url, which esbuild would otherwise leave empty in CommonJS.
    assert.match(main, /^const __importMetaUrl = require\("node:url"\)\.pathToFileURL\(__filename\)\.href;/);
    assert.doesNotMatch(main, /import_meta = \{\}/);
  });

  it('requires no package outside a reviewed list, and loads native code only at the native loader', () => {
    const main = text('dist/electron/main.cjs');
    // A later native dependency (node-gyp-build, bindings, another napi-rs loader) would read its own environment
    // variables to find its binary, sidestepping the fuses: it must come through electron/core/keychain/native-loader.ts.
    const packages = new Set([...main.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!).filter((name) => !name.startsWith('node:')));
    assert.deepEqual([...packages].sort(), ['electron', 'electron-updater', 'undici']);
    assert.deepEqual(
      [...main.matchAll(/\brequire\((?!")[^)]*\)/g)].map((m) => m[0]),
      [],
      'no require of a computed path',
    );
    // The one way to a computed path: the native loader's createRequire, for a file from its own table.
    assert.deepEqual(
      [...main.matchAll(/createRequire\)?\([^)]*\)\([^)]*\)/g)].map((m) => m[0]),
      ['createRequire)(file)(file)'],
    );
    assert.equal((main.match(/\bprocess\.dlopen\b/g) ?? []).length, 0);
  });

  it('has no source maps (they would ship our sources)', () => {
    assert.deepEqual(
      shipped.filter((f) => f.endsWith('.map')),
      [],
    );
    for (const f of textFiles) assert.doesNotMatch(text(f), /sourceMappingURL=/, f);
  });

  it('embeds no secret-looking literal: no keys, tokens, private keys or credentials assigned to strings', () => {
    const patterns: Array<[string, RegExp]> = [
      [
        'credential assigned a literal',
        /\b(password|passwd|secret|api[_-]?key|access[_-]?token|token)["']?\s*[:=]\s*["'`][A-Za-z0-9+/=_\-.]{12,}["'`]/gi,
      ],
      ['form body with a password', /password=[^&"'`\s$]{4,}/gi],
      ['Bearer with a literal token', /Bearer [A-Za-z0-9._-]{16,}/g],
      ['JWT', /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g],
      ['AWS access key', /AKIA[0-9A-Z]{16}/g],
      ['GitHub token', /gh[pousr]_[A-Za-z0-9]{30,}/g],
      ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
      ['URL with user:password', /[a-z]+:\/\/[^/\s:@"'`]+:[^/\s@"'`]+@/gi],
    ];
    const hits: string[] = [];
    for (const file of textFiles) {
      const content = text(file);
      for (const [name, re] of patterns) for (const m of content.matchAll(re)) hits.push(`${file}: ${name}: ${m[0].slice(0, 60)}`);
      // High-entropy string literals (mixed case and digits, 24+ characters) look like keys.
      for (const m of content.matchAll(/["'`]([A-Za-z0-9+/=_-]{24,})["'`]/g)) {
        const s = m[1]!;
        if (/[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)) hits.push(`${file}: high-entropy literal: ${s.slice(0, 12)}…`);
      }
    }
    assert.deepEqual(hits, []);
  });

  it('bundles no test code, fixtures, canaries, the demo or its WXM sandbox', () => {
    for (const file of textFiles) {
      const content = text(file);
      assert.doesNotMatch(
        content,
        /\/\/ (test|electron\/sandbox|electron\/demo)\/|wxm-server|wxm-sandbox|canary|fuzz-|startWxmServer|createVaultHarness/i,
        file,
      );
    }
  });
});
