/**
 * The update policy (electron/core/updates): when WXM Vault looks for an update and
 * what it asks, with fake ports standing in for electron-updater and the user. The real
 * electron-updater runs only in the Electron spec (test/electron/updates.e2e.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { Every } from '../../electron/core/lock/lock-controller';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { SettingsStore } from '../../electron/core/settings/settings-store';
import { installFacts, type InstallFacts } from '../../electron/core/updates/install-kind';
import { UpdateController } from '../../electron/core/updates/update-controller';
import { CHECK_INTERVAL_MS, isCheckDue, POLL_INTERVAL_MS, RETRY_INTERVAL_MS, updateSupport } from '../../electron/core/updates/update-policy';
import { downloadQuestion, restartQuestion } from '../../electron/core/updates/update-prompts';

const HOUR = 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxm-updates-'));
  dirs.push(dir);
  return dir;
}

/** What the fake feed and the fake user did, in order. */
type Call = 'create' | 'check' | 'download' | 'quitAndInstall' | `askDownload ${string}` | `askRestart ${string}` | 'reportFailure';

interface Fixture {
  controller: UpdateController;
  calls: Call[];
  lines: string[];
  clock: { now: number };
  feed: { version: string | null; checkFails: boolean; downloadFails: boolean };
  user: { download: boolean; restart: boolean };
  failures: string[];
  /** The poll `start()` scheduled: its interval and its tick. */
  poll: { ms: number; tick: () => void } | null;
  /** Moves the clock on by `ms`, one poll at a time, letting each check finish. */
  advance(ms: number): Promise<void>;
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

function setup(
  options: { isPackaged?: boolean; install?: InstallFacts; enabled?: () => boolean; askDownload?: (version: string) => Promise<boolean> } = {},
): Fixture {
  const calls: Call[] = [];
  const lines: string[] = [];
  const failures: string[] = [];
  const clock = { now: START };
  const feed = { version: '1.1.0' as string | null, checkFails: false, downloadFails: false };
  const user = { download: true, restart: true };
  const fixture: Partial<Fixture> = { calls, lines, clock, feed, user, failures, poll: null };
  const every: Every = (ms, tick) => {
    fixture.poll = { ms, tick };
    return () => (fixture.poll = null);
  };
  const controller = new UpdateController({
    support: updateSupport({ isPackaged: options.isPackaged ?? true, ...(options.install ?? { kind: 'appimage', hasFeed: true }) }),
    enabled: options.enabled ?? (() => true),
    updater: () => {
      calls.push('create');
      return {
        checkForUpdates: async () => {
          calls.push('check');
          if (feed.checkFails) throw new Error('net::ERR_INTERNET_DISCONNECTED');
          return feed.version === null ? null : { version: feed.version };
        },
        downloadUpdate: async () => {
          calls.push('download');
          if (feed.downloadFails) throw new Error('sha512 checksum mismatch');
        },
        quitAndInstall: () => void calls.push('quitAndInstall'),
      };
    },
    prompt: {
      askDownload:
        options.askDownload ??
        (async (version) => {
          calls.push(`askDownload ${version}`);
          return user.download;
        }),
      askRestart: async (version) => {
        calls.push(`askRestart ${version}`);
        return user.restart;
      },
      reportFailure: async (message) => {
        calls.push('reportFailure');
        failures.push(message);
      },
    },
    logger: createLogger(new Redactor(), [(line) => lines.push(line)]),
    now: () => clock.now,
    every,
  });
  fixture.controller = controller;
  fixture.advance = async (ms: number) => {
    const end = clock.now + ms;
    while (clock.now < end) {
      clock.now = Math.min(end, clock.now + POLL_INTERVAL_MS);
      fixture.poll?.tick();
      await settle();
    }
  };
  return fixture as Fixture;
}

const checks = (calls: Call[]) => calls.filter((c) => c === 'check').length;

describe('when WXM Vault may look for updates at all', () => {
  it('never checks in an unpackaged run, says why, and schedules nothing', async () => {
    const f = setup({ isPackaged: false });
    f.controller.start();
    await settle();
    assert.equal(f.poll, null);
    assert.equal(await f.controller.checkIfDue(), 'unsupported');
    assert.deepEqual(f.calls, [], 'electron-updater is not even created');
    assert.ok(f.lines.some((l) => l.includes('unpackaged run')));
  });

  it('never checks a deb install, and says its package manager updates it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package-type'), 'deb\n');
    writeFileSync(join(dir, 'app-update.yml'), 'provider: github\n');
    const install = installFacts({ platform: 'linux', env: {}, resourcesPath: dir });
    assert.deepEqual(install, { kind: 'package-manager', hasFeed: true });
    const f = setup({ install });
    f.controller.start();
    await f.advance(3 * CHECK_INTERVAL_MS);
    assert.deepEqual(f.calls, []);
    assert.ok(f.lines.some((l) => l.includes('updates come from your package manager')));
  });

  it('never checks a build packaged without an update feed, or an install that cannot replace itself', async () => {
    for (const install of [
      { kind: 'appimage', hasFeed: false },
      { kind: 'other', hasFeed: true },
    ] as const) {
      const f = setup({ install });
      f.controller.start();
      await settle();
      assert.deepEqual(f.calls, [], install.kind);
    }
  });

  it('never checks while the checkForUpdates setting is off, and checks at the next poll once it is turned on', async () => {
    const dataDir = tempDir();
    const store = new SettingsStore({ dataDir, logger: createLogger(new Redactor(), []), now: Date.now });
    assert.equal(store.current.checkForUpdates, true, 'on by default');
    await store.update({ checkForUpdates: false });
    const f = setup({ enabled: () => store.current.checkForUpdates });
    f.controller.start();
    await f.advance(3 * CHECK_INTERVAL_MS);
    assert.deepEqual(f.calls, []);
    assert.ok(f.lines.some((l) => l.includes('Update checks are off')));
    await store.update({ checkForUpdates: true });
    await f.advance(POLL_INTERVAL_MS);
    assert.equal(checks(f.calls), 1);
  });

  it('tells the installs apart from what electron-builder leaves beside the app', () => {
    const dir = tempDir();
    assert.deepEqual(installFacts({ platform: 'linux', env: { APPIMAGE: '/home/me/WXM.AppImage' }, resourcesPath: dir }), {
      kind: 'appimage',
      hasFeed: false,
    });
    assert.equal(installFacts({ platform: 'linux', env: {}, resourcesPath: dir }).kind, 'other', 'an unpacked Linux folder');
    writeFileSync(join(dir, 'app-update.yml'), 'provider: github\n');
    assert.deepEqual(installFacts({ platform: 'win32', env: {}, resourcesPath: dir }), { kind: 'nsis', hasFeed: true });
    assert.equal(installFacts({ platform: 'darwin', env: {}, resourcesPath: dir }).kind, 'mac');
    mkdirSync(join(dir, 'package-type'));
    assert.equal(installFacts({ platform: 'linux', env: { APPIMAGE: '/x' }, resourcesPath: dir }).kind, 'appimage', 'an unreadable package-type');
    rmSync(join(dir, 'package-type'), { recursive: true });
    writeFileSync(join(dir, 'package-type'), 'rpm');
    assert.equal(installFacts({ platform: 'linux', env: { APPIMAGE: '/x' }, resourcesPath: dir }).kind, 'package-manager');
  });
});

describe('when it checks', () => {
  it('checks at start, then once a day: not a poll earlier', async () => {
    const f = setup({});
    f.feed.version = null;
    f.controller.start();
    await settle();
    assert.equal(checks(f.calls), 1, 'at start');
    assert.equal(f.poll?.ms, POLL_INTERVAL_MS);
    await f.advance(CHECK_INTERVAL_MS - POLL_INTERVAL_MS);
    assert.equal(checks(f.calls), 1, 'not before a day has passed');
    await f.advance(POLL_INTERVAL_MS);
    assert.equal(checks(f.calls), 2, 'a day after the first');
    await f.advance(CHECK_INTERVAL_MS);
    assert.equal(checks(f.calls), 3);
    assert.deepEqual(
      f.calls.filter((c) => c === 'create'),
      ['create'],
      'one updater for the whole run',
    );
  });

  it('tries a failed check again an hour later, not a day later', async () => {
    const f = setup({});
    f.feed.checkFails = true;
    f.controller.start();
    await settle();
    assert.equal(checks(f.calls), 1);
    assert.ok(f.lines.some((l) => l.includes('"level":"warn"') && l.includes('ERR_INTERNET_DISCONNECTED')));
    assert.deepEqual(f.failures, [], 'a background check that fails is logged, not shown');
    await f.advance(RETRY_INTERVAL_MS - POLL_INTERVAL_MS);
    assert.equal(checks(f.calls), 1);
    await f.advance(POLL_INTERVAL_MS);
    assert.equal(checks(f.calls), 2);
  });

  it('counts days by the wall clock, so a clock set back checks rather than waiting', () => {
    assert.equal(isCheckDue(null, START), true);
    assert.equal(isCheckDue({ at: START, ok: true }, START + CHECK_INTERVAL_MS - 1), false);
    assert.equal(isCheckDue({ at: START, ok: true }, START + CHECK_INTERVAL_MS), true);
    assert.equal(isCheckDue({ at: START, ok: false }, START + RETRY_INTERVAL_MS), true);
    assert.equal(isCheckDue({ at: START, ok: true }, START - HOUR), true);
  });

  it('starts no second check while the user has a question open', async () => {
    let answer: (yes: boolean) => void = () => {};
    const f = setup({ askDownload: () => new Promise<boolean>((resolve) => (answer = resolve)) });
    const first = f.controller.checkIfDue();
    await settle();
    f.clock.now += 2 * CHECK_INTERVAL_MS;
    assert.equal(await f.controller.checkIfDue(), 'busy');
    answer(false);
    assert.equal(await first, 'download-declined');
    assert.equal(checks(f.calls), 1);
  });
});

describe('what it asks', () => {
  it('asks before downloading and again before restarting, then installs: never a step unasked', async () => {
    const f = setup({});
    assert.equal(await f.controller.checkIfDue(), 'installing');
    assert.deepEqual(f.calls, ['create', 'check', 'askDownload 1.1.0', 'download', 'askRestart 1.1.0', 'quitAndInstall']);
    f.clock.now += 2 * CHECK_INTERVAL_MS;
    assert.equal(await f.controller.checkIfDue(), 'busy', 'nothing more once it is installing');
  });

  it('downloads nothing when the user declines the download, and does not ask again for that version until the next start', async () => {
    const f = setup({});
    f.user.download = false;
    assert.equal(await f.controller.checkIfDue(), 'download-declined');
    assert.deepEqual(f.calls, ['create', 'check', 'askDownload 1.1.0']);
    f.clock.now += CHECK_INTERVAL_MS;
    assert.equal(await f.controller.checkIfDue(), 'declined-before');
    assert.equal(f.calls.includes('download'), false);
    f.feed.version = '1.2.0';
    f.clock.now += CHECK_INTERVAL_MS;
    assert.equal(await f.controller.checkIfDue(), 'download-declined');
    assert.equal(f.calls.at(-1), 'askDownload 1.2.0', 'a newer release is asked about');
  });

  it('does not install when the user declines the restart', async () => {
    const f = setup({});
    f.user.restart = false;
    assert.equal(await f.controller.checkIfDue(), 'restart-declined');
    assert.deepEqual(f.calls, ['create', 'check', 'askDownload 1.1.0', 'download', 'askRestart 1.1.0']);
    f.clock.now += CHECK_INTERVAL_MS;
    assert.equal(await f.controller.checkIfDue(), 'declined-before');
    assert.equal(f.calls.includes('quitAndInstall'), false);
  });

  it('says so when a download the user asked for fails, and does not ask to restart', async () => {
    const f = setup({});
    f.feed.downloadFails = true;
    assert.equal(await f.controller.checkIfDue(), 'download-failed');
    assert.deepEqual(f.calls, ['create', 'check', 'askDownload 1.1.0', 'download', 'reportFailure']);
    assert.match(f.failures[0]!, /1\.1\.0 could not be downloaded\. Check your network connection/);
    f.feed.downloadFails = false;
    f.clock.now += CHECK_INTERVAL_MS;
    assert.equal(await f.controller.checkIfDue(), 'installing', 'offered again the next day');
  });

  it('words each question with the versions, what happens next, and the way out', () => {
    const download = downloadQuestion('1.1.0', '1.0.0');
    assert.match(download.message, /WXM Vault 1\.1\.0 is available/);
    assert.match(download.detail, /You have 1\.0\.0/);
    assert.match(download.detail, /asks again before restarting/);
    assert.match(download.detail, /"Check for updates" turns these checks off/);
    assert.deepEqual([download.confirm, download.decline], ['Download', 'Not now']);
    const restart = restartQuestion('1.1.0');
    assert.match(restart.message, /1\.1\.0 is ready to install/);
    assert.match(restart.detail, /clears what WXM Vault copied to the clipboard/);
    assert.match(restart.detail, /Later: it is not installed/);
    assert.deepEqual([restart.confirm, restart.decline], ['Restart now', 'Later']);
  });
});
