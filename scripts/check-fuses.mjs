#!/usr/bin/env node
// usage: node scripts/check-fuses.mjs [--app <packaged app>] [--config electron-builder.yml]
//
// Reads the fuses back from a packaged app with `electron-fuses read` and fails on any
// fuse that differs from `electronFuses` in electron-builder.yml. electron-builder flips
// them while packaging; this proves the flip reached the binary that ships, on every OS.
// Without --app it looks in release/ for this OS's unpacked app.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

/** electron-builder's `electronFuses` keys are @electron/fuses' option names with a lower-case first letter. */
export function fuseName(builderKey) {
  return builderKey.charAt(0).toUpperCase() + builderKey.slice(1);
}

/** `{ RunAsNode: 'Disabled', … }` from the text `electron-fuses read` prints (colours or not). */
export function parseFusesRead(text) {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  if (!/^Fuse Version: v1\s*$/m.test(plain)) {
    throw new Error(
      '`electron-fuses read` printed no "Fuse Version: v1" line: it found no fuse wire it knows. Is --app the packaged app, and does @electron/fuses know this Electron?',
    );
  }
  const fuses = {};
  for (const match of plain.matchAll(/^\s+(\S+) is (Enabled|Disabled|Removed|Inherited)\s*$/gm)) fuses[match[1]] = match[2];
  if (Object.keys(fuses).length === 0) throw new Error('`electron-fuses read` listed no fuses.');
  return fuses;
}

/**
 * Every fuse the config sets must read back in that state; fuses the config leaves alone
 * are reported, not judged. Returns one line per difference (empty: all match).
 */
export function compareFuses(expected, actual) {
  const problems = [];
  for (const [key, want] of Object.entries(expected)) {
    // electron-builder's instruction to re-sign an unsigned macOS app after the flip, not a fuse in the binary.
    if (key === 'resetAdHocDarwinSignature') continue;
    if (typeof want !== 'boolean') {
      problems.push(`electronFuses.${key} is ${JSON.stringify(want)} in electron-builder.yml: it must be true or false.`);
      continue;
    }
    const name = fuseName(key);
    const wanted = want ? 'Enabled' : 'Disabled';
    const got = actual[name];
    if (got === undefined)
      problems.push(
        `${name}: electron-builder.yml sets it ${wanted}, but the packaged app has no such fuse (an Electron without it, or a reader too old to name it).`,
      );
    else if (got !== wanted) problems.push(`${name}: electron-builder.yml sets it ${wanted}, the packaged app has it ${got}.`);
  }
  return problems;
}

export function expectedFuses(configText) {
  const fuses = parse(configText)?.electronFuses;
  if (!fuses || typeof fuses !== 'object') throw new Error('electron-builder.yml has no electronFuses section to compare with.');
  return fuses;
}

/** The unpacked app electron-builder leaves in release/ for this OS (the fuses live in its binary). */
export function findPackagedApp(releaseDir, linuxExecutable, platform = process.platform) {
  if (!existsSync(releaseDir)) return null;
  const dirs = readdirSync(releaseDir, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const dir of dirs) {
    const here = join(releaseDir, dir.name);
    if (platform === 'darwin' && /^mac/.test(dir.name)) {
      const app = readdirSync(here).find((f) => f.endsWith('.app'));
      if (app) return join(here, app);
    }
    if (platform === 'win32' && /^win.*unpacked$/.test(dir.name)) {
      const exe = readdirSync(here).find((f) => f.endsWith('.exe'));
      if (exe) return join(here, exe);
    }
    if (platform === 'linux' && /^linux.*unpacked$/.test(dir.name)) {
      const exe = join(here, linuxExecutable);
      if (existsSync(exe)) return exe;
    }
  }
  return null;
}

function readFuses(app) {
  const require = createRequire(import.meta.url);
  const bin = join(require.resolve('@electron/fuses/package.json'), '..', 'dist', 'bin.js');
  const run = spawnSync(process.execPath, [bin, 'read', '--app', app], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  if (run.status !== 0) throw new Error(`electron-fuses read failed (exit ${run.status}): ${run.stderr.trim() || run.stdout.trim()}`);
  return run.stdout;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const configPath = arg('--config') ?? 'electron-builder.yml';
  const configText = readFileSync(configPath, 'utf8');
  const linuxExecutable = parse(configText)?.linux?.executableName ?? JSON.parse(readFileSync('package.json', 'utf8')).name;
  const app = arg('--app') ?? findPackagedApp(resolve('release'), linuxExecutable);
  if (!app) {
    console.error('check-fuses: no packaged app found in release/. Run `npm run dist` first, or pass --app <path to the app>.');
    return 2;
  }
  try {
    const output = readFuses(app);
    const actual = parseFusesRead(output);
    const problems = compareFuses(expectedFuses(configText), actual);
    console.log(`check-fuses: ${app}`);
    for (const [name, state] of Object.entries(actual)) console.log(`  ${name} is ${state}`);
    if (problems.length) {
      console.error(`check-fuses: ${problems.length} fuse(s) differ from ${configPath}:`);
      for (const p of problems) console.error(`  - ${p}`);
      return 1;
    }
    console.log(`check-fuses: every fuse in ${configPath} matches the packaged app.`);
    return 0;
  } catch (error) {
    console.error(`check-fuses: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
