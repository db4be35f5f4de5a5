/**
 * The browser shell's system idle time, from fake GNOME Mutter and screensaver
 * services on a private dbus-daemon (its address passed in), from the real X11
 * screensaver extension of a private Xvfb through xprintidle where that is
 * installed, and otherwise nothing ("use input in the window").
 */
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Message } from '@jellybrick/dbus-next';
import { openIdleTimeSource, pollingIdleSeconds, systemIdleSeconds, type IdleSourceOptions } from '../../electron/core/desktop/idle-time';
import { ScreenSaverIdleUnit } from '../../electron/core/desktop/screensaver-idle-unit';
import { LockController, type Every } from '../../electron/core/lock/lock-controller';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { answers, connect, startFakeService, type FakeService } from '../harness/fake-desktop-services';
import { startPrivateBus, type PrivateBus } from '../harness/private-dbus';
import { startXvfb } from '../harness/xvfb';
import { needsLinux, PRIVATE_DBUS } from '../harness/host-needs';

let bus: PrivateBus;
const running: FakeService[] = [];
const noDbus = needsLinux(PRIVATE_DBUS);
before(async () => {
  if (noDbus) return;
  bus = await startPrivateBus('session');
});
after(async () => {
  await bus?.stop();
});
afterEach(() => {
  for (const fake of running.splice(0)) fake.stop();
});

/** Only D-Bus: no X11 fallback, so each test sees exactly the services it starts. */
const dbusOnly = (): IdleSourceOptions => ({ sessionBus: bus.address, display: null });

async function mutter(idleMs: () => number | bigint): Promise<FakeService> {
  const fake = await startFakeService(
    bus.address,
    'org.gnome.Mutter.IdleMonitor',
    answers({ 'org.gnome.Mutter.IdleMonitor.GetIdletime': () => ({ signature: 't', body: [BigInt(idleMs())] }) }),
  );
  running.push(fake);
  return fake;
}

async function screensaver(idle: () => number | 'not-supported'): Promise<FakeService> {
  const fake = await startFakeService(
    bus.address,
    'org.freedesktop.ScreenSaver',
    answers({
      'org.freedesktop.ScreenSaver.GetSessionIdleTime': () => {
        const value = idle();
        // What GNOME's screensaver proxy and KDE on Wayland answer.
        if (value === 'not-supported') return { error: 'org.freedesktop.DBus.Error.NotSupported', text: 'This method is not implemented' };
        return { signature: 'u', body: [value] };
      },
    }),
  );
  running.push(fake);
  return fake;
}

describe('systemIdleSeconds', { skip: noDbus }, () => {
  it('reads GNOME Mutter’s idle monitor first (milliseconds, as a 64-bit integer)', async () => {
    await mutter(() => 93_500);
    await screensaver(() => 7);
    const reading = await systemIdleSeconds(dbusOnly());
    assert.deepEqual(reading, { seconds: 93.5, kind: 'gnome-mutter', description: 'idle time from GNOME Mutter' });
  });

  it('falls back to org.freedesktop.ScreenSaver.GetSessionIdleTime when Mutter is absent', async () => {
    const saver = await screensaver(() => 42_000);
    const reading = await systemIdleSeconds(dbusOnly());
    assert.deepEqual(reading, { seconds: 42, kind: 'screensaver', description: 'idle time from the screensaver service' });
    assert.equal(saver.calls.length, 1, 'the reading that chose the source is the answer');
  });

  it('gives null, "from activity in this window", when no service answers (GNOME’s screensaver proxy says NotSupported)', async () => {
    await screensaver(() => 'not-supported');
    assert.deepEqual(await systemIdleSeconds(dbusOnly()), {
      seconds: null,
      kind: 'window',
      description: 'idle time from activity in this window',
    });
    assert.deepEqual(await systemIdleSeconds({ sessionBus: null, display: null }), {
      seconds: null,
      kind: 'window',
      description: 'idle time from activity in this window',
    });
  });

  it('does not wait forever for a session bus that is not there', async () => {
    const reading = await systemIdleSeconds({ sessionBus: 'unix:path=/nonexistent/wxm-vault-bus', display: null, xprintidle: null });
    assert.equal(reading.kind, 'window');
  });

  it('never starts (D-Bus-activates) an idle service just to ask it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-activation-'));
    const marker = join(dir, 'started');
    const activatable = await startPrivateBus('session', { servicesDir: dir });
    try {
      for (const name of ['org.gnome.Mutter.IdleMonitor', 'org.freedesktop.ScreenSaver']) {
        writeFileSync(join(dir, `${name}.service`), `[D-BUS Service]\nName=${name}\nExec=/bin/sh -c 'echo ${name} >> ${marker}'\n`);
      }
      const reading = await systemIdleSeconds({ sessionBus: activatable.address, display: null });
      assert.equal(reading.kind, 'window');
      assert.equal(existsSync(marker), false, 'no service was started');
      // The bus would have started them: a call without our flag does.
      const probe = await connect(activatable.address);
      await probe
        .call(
          new Message({
            destination: 'org.freedesktop.ScreenSaver',
            path: '/',
            interface: 'org.freedesktop.ScreenSaver',
            member: 'GetSessionIdleTime',
          }),
        )
        .catch(() => null);
      probe.disconnect();
      assert.equal(existsSync(marker), true, 'activation works on this bus');
    } finally {
      await activatable.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps reading the source it chose, one call per read', async () => {
    let ms = 1_000;
    const fake = await mutter(() => ms);
    const source = await openIdleTimeSource(dbusOnly());
    try {
      assert.equal(source.kind, 'gnome-mutter');
      ms = 61_000;
      assert.equal(await source.read(), 61);
      assert.equal(fake.calls.length, 2, 'one call to choose the source, one to read');
    } finally {
      source.close();
    }
  });

  it('feeds LockController.watchIdle: the idle lock fires once Mutter reports idleLockMinutes', async () => {
    let ms = 0;
    await mutter(() => ms);
    const source = await openIdleTimeSource(dbusOnly());
    const locked: string[] = [];
    const ticks: Array<() => void> = [];
    const every: Every = (_ms, tick) => {
      ticks.push(tick);
      return () => ticks.splice(0);
    };
    const lock = new LockController({
      accounts: { forgetTokens: () => {} },
      clipboard: { clearIfOurs: async () => false },
      settings: { current: { idleLockMinutes: 1 } },
      logger: createLogger(new Redactor(), []),
      emit: (_event, payload) => locked.push(payload.reason),
    });
    const idleSeconds = pollingIdleSeconds(source);
    const stop = lock.watchIdle(idleSeconds, { every });
    const tick = async () => {
      ticks.forEach((t) => t());
      // The getter answers from the last reading and starts the next; give that reading time to land.
      await new Promise((r) => setTimeout(r, 50));
    };
    try {
      await tick();
      assert.deepEqual(locked, [], 'not idle yet');
      ms = 60_000;
      await tick();
      await tick();
      assert.deepEqual(locked, ['idle'], 'locked once the reading showed a minute idle');
    } finally {
      stop();
      source.close();
    }
  });
});

describe('idle time from X11 (xprintidle)', { skip: needsLinux('an X11 display (Xvfb) and xprintidle') }, () => {
  const installed = (() => {
    try {
      execFileSync('sh', ['-c', 'command -v xprintidle'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  let xvfb: { display: string; proc: ChildProcess } | null = null;
  before(async () => {
    if (installed) xvfb = await startXvfb();
  });
  after(() => xvfb?.proc.kill());

  it(
    'reads the X11 screensaver extension when no D-Bus service answers',
    { skip: !installed && 'xprintidle is not installed (apt-get install xprintidle)' },
    async () => {
      const started = Date.now();
      await new Promise((r) => setTimeout(r, 300));
      const reading = await systemIdleSeconds({ sessionBus: null, display: xvfb!.display, wayland: false });
      assert.equal(reading.kind, 'x11');
      assert.equal(reading.description, 'idle time from X11');
      // Nobody touches this Xvfb: idle since it started, so between our wait and our whole run.
      assert.ok(reading.seconds !== null && reading.seconds >= 0.25, `idle ${reading.seconds}s`);
      assert.ok(reading.seconds <= (Date.now() - started) / 1000 + 10, `idle ${reading.seconds}s`);
    },
  );

  it(
    'skips X11 in a Wayland session, where Xwayland sees only input to X11 windows',
    { skip: !installed && 'xprintidle is not installed' },
    async () => {
      const reading = await systemIdleSeconds({ sessionBus: null, display: xvfb!.display, wayland: true });
      assert.equal(reading.kind, 'window');
    },
  );

  it('skips X11 when the display cannot be opened', { skip: !installed && 'xprintidle is not installed' }, async () => {
    const reading = await systemIdleSeconds({ sessionBus: null, display: ':9999', wayland: false });
    assert.equal(reading.kind, 'window');
  });
});

describe('ScreenSaverIdleUnit (GetSessionIdleTime is seconds on some desktops, milliseconds on KDE)', () => {
  it('reads milliseconds until told otherwise', () => {
    const unit = new ScreenSaverIdleUnit();
    assert.equal(unit.toSeconds(30_000, 0), 30);
    assert.equal(unit.unit, 'unknown');
  });

  it('learns milliseconds from one idle gap (the counter grew ~1000 a second)', () => {
    const unit = new ScreenSaverIdleUnit();
    unit.toSeconds(5_000, 0);
    assert.equal(unit.toSeconds(20_000, 15_000), 20);
    assert.equal(unit.unit, 'milliseconds');
  });

  it('learns seconds from two idle gaps in a row (the counter grew ~1 a second)', () => {
    const unit = new ScreenSaverIdleUnit();
    unit.toSeconds(5, 0);
    unit.toSeconds(20, 15_000);
    assert.equal(unit.unit, 'unknown', 'one gap is not enough');
    assert.equal(unit.toSeconds(35, 30_000), 35);
    assert.equal(unit.unit, 'seconds');
    assert.equal(unit.toSeconds(900, 45_000), 900);
  });

  it('is not fooled by a milliseconds counter that input reset to grow by the gap’s seconds once', () => {
    const unit = new ScreenSaverIdleUnit();
    unit.toSeconds(5_000, 0);
    unit.toSeconds(5_015, 15_000); // the user came back and left again: looks like +15 in 15 s
    unit.toSeconds(18_000, 28_000); // then idle: +12985 in 13 s
    assert.equal(unit.unit, 'milliseconds');
    assert.equal(unit.toSeconds(900_000, 30_000), 900);
  });

  it('says nothing from a counter that did not grow, or from a gap under two seconds', () => {
    const unit = new ScreenSaverIdleUnit();
    unit.toSeconds(10, 0);
    unit.toSeconds(3, 15_000);
    unit.toSeconds(1_003, 16_000);
    assert.equal(unit.unit, 'unknown');
  });

  it('on the bus: a screensaver counting seconds is read as seconds once learnt', { skip: noDbus }, async () => {
    let now = 0;
    let raw = 5;
    await screensaver(() => raw);
    const source = await openIdleTimeSource({ ...dbusOnly(), now: () => now });
    try {
      assert.equal(source.kind, 'screensaver');
      for (let i = 0; i < 2; i++) {
        now += 15_000;
        raw += 15;
        await source.read();
      }
      now += 15_000;
      raw = 900;
      assert.equal(await source.read(), 900);
    } finally {
      source.close();
    }
  });
});
