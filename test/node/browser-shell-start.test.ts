/**
 * `npm start`: which shell it picks and the one line it says, finding a
 * browser, and the start script itself run as a user runs it (spawned, with its
 * real environment): no display, a data folder already in use, a forced shell
 * that is missing. Needs the build (dist/browser): npm test builds first.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chooseShell, ShellChoiceError } from '../../electron/browser/choose-shell';
import { BrowserNotFoundError, findBrowser, type FoundBrowser } from '../../electron/browser/find-browser';
import { ROOT_SANDBOX_NOTICE } from '../../electron/browser/chromium-flags';
import { hasDisplay, NO_DISPLAY_SENTENCE } from '../../electron/browser/start';
import { acquireDataLock } from '../../electron/core/data-folder/data-lock';
import { needsLinux, SYSTEM_CHROMIUM } from '../harness/host-needs';
import { startXvfb } from '../harness/xvfb';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chromium: FoundBrowser = { path: '/usr/bin/chromium', source: 'PATH' };
const noBrowser = (): FoundBrowser => {
  throw new BrowserNotFoundError('none');
};

describe('npm start: choosing the shell', () => {
  it('runs Electron when its binary is installed, and says so', () => {
    const choice = chooseShell({ env: {}, electronBinary: () => '/e/electron', findBrowser: noBrowser });
    assert.equal(choice.shell, 'electron');
    assert.equal(choice.line, 'WXM Vault: opening in Electron (/e/electron), because its binary is installed.');
  });

  it('opens the system browser when Electron is missing, and says which and why', () => {
    const choice = chooseShell({ env: {}, electronBinary: () => null, findBrowser: () => chromium });
    assert.equal(choice.shell, 'browser');
    assert.equal(choice.line, 'WXM Vault: opening in /usr/bin/chromium (found via PATH), because the Electron binary is not installed.');
  });

  it('obeys WXM_VAULT_SHELL, and refuses a forced shell that is missing or misspelt with a sentence', () => {
    assert.equal(
      chooseShell({ env: { WXM_VAULT_SHELL: 'browser' }, electronBinary: () => '/e/electron', findBrowser: () => chromium }).shell,
      'browser',
    );
    assert.equal(
      chooseShell({ env: { WXM_VAULT_SHELL: 'Electron' }, electronBinary: () => '/e/electron', findBrowser: () => chromium }).shell,
      'electron',
    );
    assert.throws(
      () => chooseShell({ env: { WXM_VAULT_SHELL: 'electron' }, electronBinary: () => null, findBrowser: () => chromium }),
      ShellChoiceError,
    );
    assert.throws(
      () => chooseShell({ env: { WXM_VAULT_SHELL: 'firefox' }, electronBinary: () => null, findBrowser: () => chromium }),
      /must be "electron" or "browser"/,
    );
  });
});

describe('npm start: finding a browser', () => {
  const files =
    (...paths: string[]) =>
    (p: string) =>
      paths.includes(p);

  it('takes WXM_VAULT_BROWSER first, as a path or a command on PATH', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin', WXM_VAULT_BROWSER: 'brave-browser' };
    assert.deepEqual(findBrowser({ platform: 'linux', env, home: '/h', isExecutable: files('/usr/bin/chromium', '/usr/bin/brave-browser') }), {
      path: '/usr/bin/brave-browser',
      source: 'WXM_VAULT_BROWSER',
    });
    assert.throws(
      () => findBrowser({ platform: 'linux', env: { ...env, WXM_VAULT_BROWSER: '/opt/none' }, home: '/h', isExecutable: files('/usr/bin/chromium') }),
      /WXM_VAULT_BROWSER names "\/opt\/none"/,
    );
  });

  it('prefers Chromium, then Chrome, then Edge on PATH, then the usual install paths', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    assert.equal(
      findBrowser({ platform: 'linux', env, home: '/h', isExecutable: files('/usr/bin/google-chrome', '/usr/local/bin/chromium') }).path,
      '/usr/local/bin/chromium',
    );
    assert.deepEqual(findBrowser({ platform: 'linux', env, home: '/h', isExecutable: files('/opt/google/chrome/chrome') }), {
      path: '/opt/google/chrome/chrome',
      source: 'install path',
    });
    assert.equal(
      findBrowser({
        platform: 'darwin',
        env,
        home: '/Users/ana',
        isExecutable: files('/Users/ana/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
      }).path,
      '/Users/ana/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    );
    assert.equal(
      findBrowser({
        platform: 'win32',
        env: { PROGRAMFILES: 'C:\\Program Files' },
        home: 'C:\\Users\\ana',
        isExecutable: files('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe'),
      }).path,
      'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
    );
  });

  it('names what to install when there is none', () => {
    assert.throws(
      () => findBrowser({ platform: 'linux', env: { PATH: '/usr/bin' }, home: '/h', isExecutable: () => false }),
      /sudo apt install chromium/,
    );
  });

  it('needs DISPLAY or WAYLAND_DISPLAY on Linux only', () => {
    assert.equal(hasDisplay('linux', {}), false);
    assert.equal(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' }), true);
    assert.equal(hasDisplay('linux', { DISPLAY: ':0' }), true);
    assert.equal(hasDisplay('darwin', {}), true);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `stopWhen`: once stdout satisfies it, the start gets SIGTERM, as from Ctrl+C or a desktop logout. */
function runStart(env: Record<string, string | undefined>, options: { stopWhen?: (stdout: string) => boolean } = {}): Promise<Run> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) clean[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (!stopped && options.stopWhen?.(stdout)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // A start that opens a window gets longer: Chromium's first start on a busy two-core machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), options.stopWhen ? 90_000 : 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start: the start script', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wxm-vault-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const base = { WXM_VAULT_DATA_DIR: dataDir, WXM_VAULT_KEYCHAIN_SERVICE: 'wxm-vault-start-test', WXM_VAULT_SHELL: undefined };

  it('is built', () => {
    assert.ok(existsSync(join(root, 'dist', 'browser', 'start.mjs')), 'dist/browser/start.mjs is missing: run npm run build first');
  });

  it(
    'without a display exits 1 with one sentence naming xvfb-run, and nothing else',
    { skip: needsLinux('a desktop that can be without a display (X11 or Wayland)') },
    async () => {
      const run = await runStart({ ...base, DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
      assert.equal(run.code, 1);
      assert.equal(run.stderr, `${NO_DISPLAY_SENTENCE}\n`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /xvfb-run -a npm start/);
    },
  );

  it('on a data folder another instance holds exits 1 with one sentence, opening no window', { skip: needsLinux(SYSTEM_CHROMIUM) }, async () => {
    const lock = acquireDataLock(dataDir, { shell: 'electron' });
    try {
      const run = await runStart({
        ...base,
        DISPLAY: ':999',
        WXM_VAULT_SHELL: 'browser',
        WXM_VAULT_BROWSER: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      });
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^WXM Vault is already running with this data folder \(process \d+\): switch to its window, or close it and start again\. .*\n$/,
      );
      assert.doesNotMatch(run.stderr, /\n.+\n/, 'one line, no stack trace');
      assert.equal(run.stdout, '', 'the refusal alone: no "opening in …" line before it');
      assert.ok(!existsSync(join(dataDir, 'browser-profile')), 'no browser was started');
    } finally {
      lock.release();
    }
  });

  it(
    'as root says once, after the line saying which shell opens, that the sandbox is off; closing ends it with 0',
    { skip: needsLinux(SYSTEM_CHROMIUM) || (process.getuid?.() === 0 ? false : 'runs as root only (the notice is for root)') },
    async () => {
      const xvfb = await startXvfb();
      const rootData = mkdtempSync(join(tmpdir(), 'wxm-vault-start-root-'));
      const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      try {
        const run = await runStart(
          { ...base, WXM_VAULT_DATA_DIR: rootData, DISPLAY: xvfb.display, WXM_VAULT_SHELL: 'browser', WXM_VAULT_BROWSER: browser },
          // Printed once the window is open: then close it as a user's Ctrl+C would.
          { stopWhen: (stdout) => stdout.includes(ROOT_SANDBOX_NOTICE) },
        );
        assert.equal(run.code, 0, run.stderr);
        assert.equal(
          run.stdout,
          `WXM Vault: opening in ${browser} (found via WXM_VAULT_BROWSER), because WXM_VAULT_SHELL=browser.\n${ROOT_SANDBOX_NOTICE}\n`,
        );
        assert.equal(run.stdout.split(ROOT_SANDBOX_NOTICE).length - 1, 1, 'exactly once');
      } finally {
        xvfb.proc.kill();
        rmSync(rootData, { recursive: true, force: true, maxRetries: 5 });
      }
    },
  );

  it('with WXM_VAULT_SHELL=electron and no Electron binary exits 1 with one sentence', async (t) => {
    const { installedElectronBinary } = await import('../../electron/browser/choose-shell');
    if (installedElectronBinary()) return t.skip('the Electron binary is installed here');
    const run = await runStart({ ...base, DISPLAY: ':999', WXM_VAULT_SHELL: 'electron' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^WXM_VAULT_SHELL=electron, but the Electron binary is not installed: .*\n$/);
  });

  it('with a bad keychain service name exits 1 before choosing a shell', async () => {
    const run = await runStart({ ...base, DISPLAY: ':999', WXM_VAULT_KEYCHAIN_SERVICE: 'has space' });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^WXM_VAULT_KEYCHAIN_SERVICE must be .*unset it\.\n$/);
  });
});
