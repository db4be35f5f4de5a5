#!/usr/bin/env node
// usage: node scripts/installers/launch-packaged.mjs [--app <executable>] [--seconds 10]
//
// CI's smoke of the packaged app (after check-fuses): starts the executable electron-builder
// made, with the fuses flipped and the signature it ships with, on a data folder and keychain
// service of its own, waits for main's start-up line in main.log ({"scope":"main","message":
// "started"} with this package's version), keeps it running a few seconds more and stops it.
// Fails if it never logs that line, exits on its own, or logs an uncaught exception.
// Without --app it runs this OS's unpacked app from release/. On Linux it needs a display.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { findPackagedApp } from '../check-fuses.mjs';

/** main.log's lines, parsed; lines that are not JSON are kept as text. */
export function logRecords(text) {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return { text: line };
      }
    });
}

/**
 * How a run's main.log reads so far: 'started' once main logged its start-up line for `version`,
 * 'failed' on a crash or another version, else 'waiting'.
 */
export function startState(records, version) {
  const crash = records.find((r) => r.scope === 'main' && r.level === 'error' && /uncaught exception|unhandled rejection/.test(r.message ?? ''));
  if (crash) return { state: 'failed', why: `main logged an ${crash.message}: ${JSON.stringify(crash.error ?? crash)}` };
  const started = records.find((r) => r.scope === 'main' && r.message === 'started');
  if (!started) return { state: 'waiting', why: 'main.log has no start-up line ({"scope":"main","message":"started"})' };
  if (started.version !== version)
    return { state: 'failed', why: `main started version ${started.version}, not ${version}: is this the app just built?` };
  return { state: 'started', why: '' };
}

/** The executable inside what findPackagedApp() returns (on macOS, the .app bundle). */
export function executableOf(app, productName, platform = process.platform) {
  return platform === 'darwin' && app.endsWith('.app') ? join(app, 'Contents', 'MacOS', productName) : app;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `promise`, or undefined after `ms`; leaves no timer behind to hold the process open. */
async function within(promise, ms) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends the app and, on macOS and Linux, its whole process group: Electron's helpers (GPU, renderer, zygote) too. */
function stop(child) {
  if (process.platform === 'win32') {
    if (child.exitCode === null && child.signalCode === null) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // The group is gone already.
  }
}

/**
 * Starts `executable args…`, waits up to `startMs` for a clean start, then `seconds` more in which
 * it must keep running and logging no crash. Resolves to { ok, problem, log, output }.
 */
export async function launchPackaged({ executable, args = [], version, seconds = 10, startMs = 60_000, env = process.env, say = console.log }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-launch-'));
  // Its own vault; update checks off, so the smoke sends nothing to GitHub.
  writeFileSync(join(dataDir, 'settings.json'), `${JSON.stringify({ checkForUpdates: false })}\n`);
  const logPath = join(dataDir, 'logs', 'main.log');
  const childEnv = { ...env, WXM_VAULT_DATA_DIR: dataDir, WXM_VAULT_KEYCHAIN_SERVICE: `wxm-vault-launch-${randomUUID()}` };
  say(`launch-packaged: ${executable} ${args.join(' ')}`.trim());
  const child = spawn(executable, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  let spawnError = null;
  child.on('error', (error) => (spawnError = error));
  const closed = new Promise((r) => child.once('close', r));
  const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
  const exited = () => spawnError || child.exitCode !== null || child.signalCode !== null;

  let problem = null;
  try {
    const startBy = Date.now() + startMs;
    while (!problem) {
      const now = startState(logRecords(log()), version);
      if (now.state === 'started') break;
      if (now.state === 'failed') problem = now.why;
      else if (exited())
        problem = spawnError
          ? `could not start it: ${spawnError.message}`
          : `it exited (code ${child.exitCode}, signal ${child.signalCode}) before logging its start`;
      else if (Date.now() > startBy) problem = `${now.why} after ${startMs / 1000} s`;
      else await sleep(200);
    }
    if (!problem) {
      say(`launch-packaged: started; watching it for ${seconds} s`);
      const until = Date.now() + seconds * 1000;
      while (!problem && Date.now() < until) {
        await sleep(200);
        const now = startState(logRecords(log()), version);
        if (now.state === 'failed') problem = now.why;
        else if (exited()) problem = `it exited (code ${child.exitCode}, signal ${child.signalCode}) within ${seconds} s of starting`;
      }
    }
  } finally {
    if (child.pid !== undefined) stop(child);
    await within(closed, 10_000);
  }
  const text = log();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  return { ok: problem === null, problem, log: text, output };
}

async function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const config = parse(readFileSync('electron-builder.yml', 'utf8'));
  const app = arg('--app') ?? findPackagedApp(resolve('release'), config.linux?.executableName ?? pkg.name);
  if (!app) {
    console.error('launch-packaged: no packaged app in release/. Run `npm run dist` first, or pass --app <executable>.');
    return 2;
  }
  const executable = executableOf(resolve(app), config.productName ?? pkg.productName);
  const result = await launchPackaged({ executable, version: pkg.version, seconds: Number(arg('--seconds') ?? 10) });
  console.log(`--- main.log\n${result.log}--- stdout and stderr\n${result.output.slice(-4000)}---`);
  if (!result.ok) {
    console.error(`launch-packaged: ${result.problem}`);
    return 1;
  }
  console.log('launch-packaged: the packaged app started, logged its start-up line and kept running.');
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
