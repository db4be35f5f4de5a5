/**
 * scripts/installers/launch-packaged.mjs, CI's start of the packaged app: it must pass
 * an app that logs main's start-up line and keeps running, and fail one that does not.
 * No Electron binary runs here, so a small Node program stands in for the app: it
 * writes main.log where main does (WXM_VAULT_DATA_DIR/logs) and behaves as told.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { needsPosix } from '../harness/host-needs';
// @ts-expect-error: a plain .mjs script without types
import * as launchScript from '../../scripts/installers/launch-packaged.mjs';

interface Result {
  ok: boolean;
  problem: string | null;
  log: string;
  output: string;
}
const { launchPackaged, executableOf } = launchScript as {
  launchPackaged(options: Record<string, unknown>): Promise<Result>;
  executableOf(app: string, productName: string, platform: string): string;
};

const dir = mkdtempSync(join(tmpdir(), 'wxm-launch-packaged-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const report = join(dir, 'report.json');

// argv: what to do. It reports what it was started with, and the pid of a helper it starts, as Electron starts its own.
const standIn = join(dir, 'app.mjs');
writeFileSync(
  standIn,
  `import { mkdirSync, appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
const [what, version = '1.2.3'] = process.argv.slice(2);
const dataDir = process.env.WXM_VAULT_DATA_DIR;
const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
writeFileSync(${JSON.stringify(report)}, JSON.stringify({
  dataDir, service: process.env.WXM_VAULT_KEYCHAIN_SERVICE, helper: helper.pid,
  settings: JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')),
}));
mkdirSync(join(dataDir, 'logs'), { recursive: true });
const log = (record) => appendFileSync(join(dataDir, 'logs', 'main.log'), JSON.stringify({ t: new Date().toISOString(), ...record }) + '\\n');
if (what === 'exit') process.exit(3);
log({ level: 'info', scope: 'updates', message: 'Update checks are off' });
if (what === 'silent') setInterval(() => {}, 1000);
else {
  setTimeout(() => log({ level: 'info', scope: 'main', message: 'started', version }), 300);
  if (what === 'crash') setTimeout(() => log({ level: 'error', scope: 'main', message: 'uncaught exception', error: { message: 'boom' } }), 500);
  if (what === 'quit') setTimeout(() => process.exit(0), 500);
  setInterval(() => {}, 1000);
}
`,
);

const launch = (what: string, extra: Record<string, unknown> = {}) =>
  launchPackaged({ executable: process.execPath, args: [standIn, what], version: '1.2.3', seconds: 1, startMs: 5000, say: () => {}, ...extra });
const reported = () => JSON.parse(readFileSync(report, 'utf8')) as { dataDir: string; service: string; helper: number; settings: unknown };
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('launching the packaged app in CI', () => {
  it('passes an app that logs its start-up line and keeps running, on a vault of its own with update checks off', async () => {
    const result = await launch('run');
    assert.equal(result.problem, null, result.output);
    assert.equal(result.ok, true);
    assert.match(result.log, /"scope":"main","message":"started","version":"1.2.3"/);
    const seen = reported();
    assert.deepEqual(seen.settings, { checkForUpdates: false });
    assert.match(seen.service, /^wxm-vault-launch-[0-9a-f-]{36}$/);
    assert.throws(() => readFileSync(join(seen.dataDir, 'settings.json')), 'its data folder is removed afterwards');
  });

  it('stops the app and the helpers it started', { skip: needsPosix('process groups') }, async () => {
    await launch('run');
    const { helper } = reported();
    for (let i = 0; i < 50 && alive(helper); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(helper), false, `helper ${helper} still runs`);
  });

  it('fails an app that exits before its start-up line, or within the seconds after it', async () => {
    assert.match((await launch('exit')).problem ?? '', /exited \(code 3, signal null\) before logging its start/);
    assert.match((await launch('quit')).problem ?? '', /exited \(code 0, signal null\) within 1 s of starting/);
  });

  it('fails on an uncaught exception in main, another version, or no start-up line in time', async () => {
    assert.match((await launch('crash')).problem ?? '', /main logged an uncaught exception: \{"message":"boom"\}/);
    assert.match((await launch('run', { version: '9.9.9' })).problem ?? '', /main started version 1\.2\.3, not 9\.9\.9/);
    assert.match((await launch('silent', { startMs: 1000 })).problem ?? '', /no start-up line .* after 1 s/);
  });

  it('fails when there is nothing to start', async () => {
    const result = await launchPackaged({ executable: join(dir, 'no-such-app'), version: '1.2.3', seconds: 1, startMs: 2000, say: () => {} });
    assert.match(result.problem ?? '', /could not start it: spawn .*no-such-app ENOENT/);
  });

  it('starts the executable inside a macOS .app, and an executable as it is elsewhere', () => {
    assert.equal(executableOf('/r/mac-arm64/WXM Vault.app', 'WXM Vault', 'darwin'), '/r/mac-arm64/WXM Vault.app/Contents/MacOS/WXM Vault');
    assert.equal(executableOf('/r/win-unpacked/WXM Vault.exe', 'WXM Vault', 'win32'), '/r/win-unpacked/WXM Vault.exe');
    assert.equal(executableOf('/r/squashfs-root/wxm-vault', 'WXM Vault', 'linux'), '/r/squashfs-root/wxm-vault');
  });
});
