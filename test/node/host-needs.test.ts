/**
 * CI runs the node tests on macOS and Windows too (.github/workflows/ci.yml). There a
 * test that needs X11, xclip, a dbus-daemon or gnome-keyring must skip itself and say
 * why, not fail on a missing program. This runs those test files here as if on each
 * other OS (process.platform replaced before any test code loads) with a PATH that
 * holds node alone, so a missing guard shows up as a spawn error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { needsCommand, needsLinux, onPath } from '../harness/host-needs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wxm-host-needs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Every file with a suite or test that needs a Linux-only program, and nothing that needs the keychain
// (the native keychain binary is chosen by platform, and only Linux's is installed here).
const LINUX_ONLY_FILES = [
  'browser-shell.security',
  'canary.security',
  'clipboard-concealed.security',
  'clipboard-guard',
  'desktop-lock',
  'idle-time',
  'lock.security',
  'with-keyring',
  'os-clipboard.security',
].map((name) => `test/node/${name}.test.ts`);

function runAs(platform: string, files: string[]) {
  const bin = join(dir, `bin-${platform}`);
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  const fake = join(dir, `as-${platform}.mjs`);
  writeFileSync(fake, `Object.defineProperty(process, 'platform', { value: ${JSON.stringify(platform)} });\n`);
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: bin, CI: 'true' };
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', fake, '--test', '--test-concurrency=1', '--test-reporter=tap', ...files], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('host needs: Linux-only tests skip themselves elsewhere', () => {
  it('gives a reason off Linux and none on Linux', () => {
    assert.equal(needsLinux('the X11 clipboard', 'linux'), false);
    assert.equal(needsLinux('the X11 clipboard', 'darwin'), 'needs the X11 clipboard, which only the Linux runs have; this is darwin');
    assert.equal(needsCommand('no-such-command-wxm', 'linux'), false, 'on Linux a missing tool is a broken setup: the test runs and fails');
    assert.match(needsCommand('no-such-command-wxm', 'win32') || '', /needs the `no-such-command-wxm` command/);
  });

  it("finds commands on PATH, with Windows' extensions there", () => {
    const bin = join(dir, 'path-check');
    mkdirSync(bin);
    writeFileSync(join(bin, 'tool.EXE'), '');
    writeFileSync(join(bin, 'plain'), '');
    assert.equal(onPath('tool', { PATH: bin, PATHEXT: '.COM;.EXE' }, 'win32'), true);
    assert.equal(onPath('tool', { PATH: bin }, 'linux'), false);
    assert.equal(onPath('plain', { PATH: bin }, 'linux'), true);
    assert.equal(onPath('plain', { PATH: '' }, 'linux'), false);
  });

  for (const platform of ['darwin', 'win32']) {
    // Run from Linux, where those programs exist and a missing guard would go unnoticed; macOS and Windows CI run the real thing.
    const from = needsLinux('Linux to stand in for other OSes');
    it(`as ${platform}, with no Xvfb, xclip, dbus-daemon or gnome-keyring on PATH, every such test skips and none fails`, { skip: from }, () => {
      const run = runAs(platform, LINUX_ONLY_FILES);
      const failures = run.stdout.split('\n').filter((l) => /^\s*not ok /.test(l));
      assert.deepEqual(failures, [], run.stdout.slice(-3000) + run.stderr.slice(-2000));
      assert.equal(run.status, 0, run.stderr.slice(-2000));
      const skipped = run.stdout.split('\n').filter((l) => / # SKIP needs .*which only the Linux runs have; this is /.test(l));
      assert.ok(skipped.length >= LINUX_ONLY_FILES.length, `each file skips something, saying why:\n${skipped.join('\n')}`);
      assert.ok(skipped.every((l) => l.endsWith(`this is ${platform}`)));
    });
  }
});
