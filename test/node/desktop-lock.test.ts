/**
 * The Linux screen-lock and sleep watcher against fake desktop services on two
 * private dbus-daemons (one standing in for the session bus, one for the system
 * bus), whose addresses are passed in: nothing here touches the buses of the
 * machine or of with-keyring.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Message } from '@jellybrick/dbus-next';
import {
  watchDesktopLock,
  type DesktopLockOptions,
  type DesktopLockReason,
  type DesktopLockWatch,
} from '../../electron/core/desktop/desktop-lock-watch';
import { LockController } from '../../electron/core/lock/lock-controller';
import { createLogger } from '../../electron/core/logger';
import { wireDesktopLockWatch } from '../../electron/main/lock/lock-triggers';
import { Redactor } from '../../electron/core/redactor';
import { answers, connect, startFakeService, type FakeService } from '../harness/fake-desktop-services';
import { startPrivateBus, type PrivateBus } from '../harness/private-dbus';
import { needsLinux, PRIVATE_DBUS } from '../harness/host-needs';

const LOGIND = 'org.freedesktop.login1';
const MANAGER_PATH = '/org/freedesktop/login1';
const OUR_SESSION = '/org/freedesktop/login1/session/c1';
const OTHER_SESSION = '/org/freedesktop/login1/session/c2';

let session: PrivateBus;
let system: PrivateBus;
const running: Array<{ stop(): void }> = [];

const noDbus = needsLinux(PRIVATE_DBUS);
before(async () => {
  if (noDbus) return;
  [session, system] = await Promise.all([startPrivateBus('session'), startPrivateBus('system')]);
});
after(async () => {
  await Promise.all([session?.stop(), system?.stop()]);
});
afterEach(() => {
  for (const thing of running.splice(0)) thing.stop();
});

async function service(...args: Parameters<typeof startFakeService>): Promise<FakeService> {
  const fake = await startFakeService(...args);
  running.push(fake);
  return fake;
}

const gnomeScreenSaver = () => service(session.address, 'org.gnome.ScreenSaver');
const activeChanged = (iface: string, active: boolean, path = `/${iface.replaceAll('.', '/')}`) => ({
  path,
  interface: iface,
  member: 'ActiveChanged',
  signature: 'b',
  body: [active],
});
const prepareForSleep = (start: boolean) => ({
  path: MANAGER_PATH,
  interface: `${LOGIND}.Manager`,
  member: 'PrepareForSleep',
  signature: 'b',
  body: [start],
});
const sessionLock = (path: string) => ({ path, interface: `${LOGIND}.Session`, member: 'Lock' });

/** logind's Manager: `sessions` by id for GetSession, `byPid` for GetSessionByPID (null: "no session for that PID"). */
function fakeLogind(sessions: Record<string, string>, byPid: string | null = null) {
  return service(
    system.address,
    LOGIND,
    answers({
      [`${LOGIND}.Manager.GetSession`]: ([id]) => {
        const path = sessions[String(id)];
        return path ? { signature: 'o', body: [path] } : { error: `${LOGIND}.NoSuchSession`, text: `No session '${String(id)}' known` };
      },
      [`${LOGIND}.Manager.GetSessionByPID`]: ([pid]) =>
        byPid
          ? { signature: 'o', body: [byPid] }
          : { error: `${LOGIND}.NoSessionForPID`, text: `PID ${String(pid)} does not belong to any known session` },
    }),
  );
}

function logLines() {
  const lines: string[] = [];
  return { lines, logger: createLogger(new Redactor(), [(line) => lines.push(line)]) };
}

async function watch(options: Partial<DesktopLockOptions> = {}): Promise<{ watcher: DesktopLockWatch; locks: DesktopLockReason[]; lines: string[] }> {
  const locks: DesktopLockReason[] = [];
  const { lines, logger } = logLines();
  const watcher = await watchDesktopLock({
    sessionBus: session.address,
    systemBus: system.address,
    sessionId: 'c1',
    logger,
    onLock: (reason) => locks.push(reason),
    ...options,
  });
  running.push(watcher);
  return { watcher, locks, lines };
}

/** Waits (bounded) until `done()` holds; the assertion after it says what was expected. */
async function until(done: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

describe('watchDesktopLock', { skip: noDbus }, () => {
  it('locks on the screen saver turning on (ActiveChanged true), not on it turning off', async () => {
    const saver = await gnomeScreenSaver();
    const { watcher, locks } = await watch();
    assert.deepEqual(watcher.sources, ['org.gnome.ScreenSaver.ActiveChanged']);

    saver.emit(activeChanged('org.gnome.ScreenSaver', false));
    saver.emit(activeChanged('org.gnome.ScreenSaver', true));
    await until(() => locks.length >= 1);
    // Signals from one sender arrive in order, so the 'false' before was seen and ignored.
    assert.deepEqual(locks, ['lock-screen']);
  });

  it('locks on org.freedesktop.ScreenSaver ActiveChanged(true), on either of its object paths (KDE uses /ScreenSaver)', async () => {
    const saver = await service(session.address, 'org.freedesktop.ScreenSaver');
    const { watcher, locks } = await watch();
    assert.deepEqual(watcher.sources, ['org.freedesktop.ScreenSaver.ActiveChanged']);
    saver.emit(activeChanged('org.freedesktop.ScreenSaver', true));
    saver.emit(activeChanged('org.freedesktop.ScreenSaver', true, '/ScreenSaver'));
    await until(() => locks.length >= 2);
    assert.deepEqual(locks, ['lock-screen', 'lock-screen']);
  });

  it('locks on PrepareForSleep(true) from logind, not on the wake-up PrepareForSleep(false)', async () => {
    const logind = await fakeLogind({ c1: OUR_SESSION });
    const { watcher, locks } = await watch();
    assert.deepEqual(watcher.sources, [`${LOGIND}.Manager.PrepareForSleep`, `${LOGIND}.Session.Lock`]);
    logind.emit(prepareForSleep(false));
    logind.emit(prepareForSleep(true));
    await until(() => locks.length >= 1);
    assert.deepEqual(locks, ['suspend']);
  });

  it('locks on logind Session.Lock for our session ($XDG_SESSION_ID), not for another session', async () => {
    const logind = await fakeLogind({ c1: OUR_SESSION, c2: OTHER_SESSION });
    const { locks } = await watch({ sessionId: 'c1' });
    assert.deepEqual(
      logind.calls.map((c) => [c.member, c.body]),
      [['GetSession', ['c1']]],
    );

    logind.emit(sessionLock(OTHER_SESSION));
    // Sent straight to us, it passes no match rule: the watcher itself must look at the path.
    logind.emit({ ...sessionLock(OTHER_SESSION), destination: logind.calls[0]?.sender });
    logind.emit(sessionLock(OUR_SESSION));
    await until(() => locks.length >= 1);
    await logind.sync();
    assert.deepEqual(locks, ['lock-screen'], 'only our session’s Lock counts');
  });

  it('without a session id, finds our session by our PID', async () => {
    const logind = await fakeLogind({}, OUR_SESSION);
    const { locks } = await watch({ sessionId: null });
    assert.deepEqual(
      logind.calls.map((c) => [c.member, c.body]),
      [['GetSessionByPID', [process.pid]]],
    );
    logind.emit(sessionLock(OUR_SESSION));
    await until(() => locks.length >= 1);
    assert.deepEqual(locks, ['lock-screen']);
  });

  it('when our PID is in no session (started by the systemd user manager), uses logind’s "auto" session', async () => {
    const logind = await fakeLogind({ auto: OUR_SESSION });
    const { watcher, locks } = await watch({ sessionId: null });
    assert.deepEqual(
      logind.calls.map((c) => [c.member, c.body]),
      [
        ['GetSessionByPID', [process.pid]],
        ['GetSession', ['auto']],
      ],
      'GetSessionByPID failed, then GetSession("auto") answered',
    );
    assert.ok(watcher.sources.includes(`${LOGIND}.Session.Lock`));
    logind.emit(sessionLock(OUR_SESSION));
    await until(() => locks.length >= 1);
    assert.deepEqual(locks, ['lock-screen']);
  });

  it('without any logind session still watches sleep, and says why Session.Lock is not watched', async () => {
    const logind = await fakeLogind({});
    const { watcher, locks, lines } = await watch({ sessionId: 'c9' });
    assert.deepEqual(watcher.sources, [`${LOGIND}.Manager.PrepareForSleep`]);
    assert.ok(lines.some((l) => l.includes('no logind session found')));
    logind.emit(sessionLock(OUR_SESSION));
    logind.emit(prepareForSleep(true));
    await until(() => locks.length >= 1);
    assert.deepEqual(locks, ['suspend']);
  });

  it('ignores a lock signal sent by anyone but the owner of the service name, even sent straight to us', async () => {
    const logind = await fakeLogind({ c1: OUR_SESSION });
    const saver = await gnomeScreenSaver();
    const { locks } = await watch();
    const watcherOnSystemBus = logind.calls[0]?.sender;
    assert.ok(watcherOnSystemBus, 'the watcher asked logind for its session');
    const rogueSystem = await service(system.address, null);
    const rogueSession = await service(session.address, null);

    rogueSystem.emit({ ...prepareForSleep(true), destination: watcherOnSystemBus });
    rogueSystem.emit({ ...sessionLock(OUR_SESSION), destination: watcherOnSystemBus });
    rogueSession.emit(activeChanged('org.gnome.ScreenSaver', true));
    await Promise.all([rogueSystem.sync(), rogueSession.sync()]);
    logind.emit(prepareForSleep(true));
    saver.emit(activeChanged('org.gnome.ScreenSaver', true));
    await until(() => locks.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(locks.sort(), ['lock-screen', 'suspend'], 'only the real services’ signals counted');
  });

  it('follows a service that restarts under a new unique name', async () => {
    const first = await gnomeScreenSaver();
    const { locks } = await watch();
    first.stop();
    const second = await gnomeScreenSaver();
    assert.notEqual(second.uniqueName, first.uniqueName);
    second.emit(activeChanged('org.gnome.ScreenSaver', true));
    await until(() => locks.length >= 1);
    assert.deepEqual(locks, ['lock-screen']);
  });

  it('watches only the services that run: sources name each subscribed signal', async () => {
    await gnomeScreenSaver();
    await service(session.address, 'org.freedesktop.ScreenSaver');
    await fakeLogind({ c1: OUR_SESSION });
    const { watcher } = await watch();
    assert.deepEqual(watcher.sources.sort(), [
      'org.freedesktop.ScreenSaver.ActiveChanged',
      `${LOGIND}.Manager.PrepareForSleep`,
      `${LOGIND}.Session.Lock`,
      'org.gnome.ScreenSaver.ActiveChanged',
    ]);
  });

  it('with no buses at all: no throw, no sources, one log line per bus', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-nobus-'));
    try {
      const missing = `unix:path=${join(dir, 'no-such-socket')}`;
      const { watcher, lines } = await watch({ sessionBus: missing, systemBus: missing });
      assert.deepEqual(watcher.sources, []);
      assert.equal(lines.filter((l) => l.includes('not reachable')).length, 2, lines.join('\n'));
      const nulls = await watch({ sessionBus: null, systemBus: null });
      assert.deepEqual(nulls.watcher.sources, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a bus that accepts the connection but never answers, within the timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-mute-'));
    const accepted: Socket[] = [];
    const mute: Server = createServer((socket) => void accepted.push(socket));
    try {
      await new Promise<void>((resolve) => mute.listen(join(dir, 'bus'), resolve));
      const started = Date.now();
      const { watcher } = await watch({ sessionBus: `unix:path=${join(dir, 'bus')}`, systemBus: null, timeoutMs: 300 });
      assert.deepEqual(watcher.sources, []);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      for (const socket of accepted) socket.destroy();
      mute.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after stop(), a lock signal does nothing and the watcher has left the bus', async () => {
    const saver = await gnomeScreenSaver();
    const { watcher, locks } = await watch({ systemBus: null });
    const probe = await connect(session.address);
    running.push({ stop: () => probe.disconnect() });
    const listNames = () =>
      new Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'ListNames' });
    const peers = async () => ((await probe.call(listNames()))?.body[0] as string[]).filter((n) => n.startsWith(':'));
    const before = (await peers()).length;
    watcher.stop();
    await until(async () => (await peers()).length === before - 1);
    assert.equal((await peers()).length, before - 1, 'the watcher’s connection is gone');
    saver.emit(activeChanged('org.gnome.ScreenSaver', true));
    await saver.sync();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(locks, []);
  });
});

describe('wireDesktopLockWatch (Electron main)', { skip: noDbus }, () => {
  function lockController() {
    const events: string[] = [];
    let forgotten = 0;
    const controller = new LockController({
      accounts: { forgetTokens: () => void forgotten++ },
      clipboard: { clearIfOurs: async () => false },
      settings: { current: { idleLockMinutes: 0 } },
      logger: createLogger(new Redactor(), []),
      emit: (_event, payload) => events.push(payload.reason),
    });
    return { controller, events, forgotten: () => forgotten };
  }

  it('on Linux, a screen locker or logind signal locks the vault with its reason', async () => {
    const saver = await gnomeScreenSaver();
    const logind = await fakeLogind({ c1: OUR_SESSION });
    const { controller, events, forgotten } = lockController();
    const watcher = await wireDesktopLockWatch('linux', controller, logLines().logger, {
      sessionBus: session.address,
      systemBus: system.address,
      sessionId: 'c1',
    });
    assert.ok(watcher);
    running.push(watcher);
    saver.emit(activeChanged('org.gnome.ScreenSaver', true));
    await until(() => events.length >= 1);
    logind.emit(prepareForSleep(true));
    await until(() => events.length >= 2);
    assert.deepEqual(events, ['lock-screen', 'suspend']);
    assert.equal(forgotten(), 2, 'each lock dropped the tokens');
  });

  it('elsewhere, watches nothing: Electron reports screen lock there itself', async () => {
    const { controller } = lockController();
    for (const platform of ['darwin', 'win32'] as const) {
      assert.equal(
        await wireDesktopLockWatch(platform, controller, logLines().logger, { sessionBus: session.address, systemBus: system.address }),
        null,
      );
    }
  });
});
