/**
 * System idle time without Electron's powerMonitor (the browser shell), first
 * source that answers wins:
 *
 * 1. GNOME Mutter's IdleMonitor on the session bus (GNOME on Wayland and X11);
 * 2. org.freedesktop.ScreenSaver.GetSessionIdleTime (KDE on X11, Xfce, …);
 * 3. the X11 screensaver extension through `xprintidle`, when it is installed and
 *    the session is not Wayland (under Xwayland it only sees input to X11 windows,
 *    so a user typing in native windows would look idle);
 * 4. none: kind 'window', and the shell counts input in its own window.
 *
 * The source is chosen once, at open; `read()` then costs one D-Bus call or one
 * short process.
 */
import { execFile } from 'node:child_process';
import type { Logger } from '../logger';
import type { IdleSeconds } from '../lock/lock-controller';
import { callMethod, defaultSessionBusAddress, openBus, toNumber, type MessageBus, type MethodCall } from './dbus-bus';
import { ScreenSaverIdleUnit } from './screensaver-idle-unit';

export type IdleSourceKind = 'gnome-mutter' | 'screensaver' | 'x11' | 'window';

export const IDLE_SOURCE_DESCRIPTIONS: Record<IdleSourceKind, string> = {
  'gnome-mutter': 'idle time from GNOME Mutter',
  screensaver: 'idle time from the screensaver service',
  x11: 'idle time from X11',
  window: 'idle time from activity in this window',
};

export interface IdleTimeSource {
  readonly kind: IdleSourceKind;
  /** For the status bar: where the idle time comes from. */
  readonly description: string;
  /** Seconds since the last keyboard or mouse input, system-wide; null for 'window', or when this read failed. */
  read(): Promise<number | null>;
  close(): void;
}

export interface IdleSourceOptions {
  /** D-Bus address; default $DBUS_SESSION_BUS_ADDRESS; null: skip the D-Bus sources. */
  sessionBus?: string | null;
  /** X11 display for xprintidle; default $DISPLAY; null: skip X11. */
  display?: string | null;
  /** Default: whether $WAYLAND_DISPLAY is set. A Wayland session skips X11 (see above). */
  wayland?: boolean;
  /** The xprintidle command; default 'xprintidle' on PATH; null: skip X11. */
  xprintidle?: string | null;
  logger?: Logger;
  timeoutMs?: number;
  now?: () => number;
}

const MUTTER: MethodCall = {
  destination: 'org.gnome.Mutter.IdleMonitor',
  path: '/org/gnome/Mutter/IdleMonitor/Core',
  interface: 'org.gnome.Mutter.IdleMonitor',
  member: 'GetIdletime',
  autoStart: false,
};
const SCREENSAVER: MethodCall = {
  destination: 'org.freedesktop.ScreenSaver',
  path: '/org/freedesktop/ScreenSaver',
  interface: 'org.freedesktop.ScreenSaver',
  member: 'GetSessionIdleTime',
  autoStart: false,
};
const SCOPE = 'idle-time';

/** Picks the first source that answers now. Never throws. */
export async function openIdleTimeSource(options: IdleSourceOptions = {}): Promise<IdleTimeSource> {
  return (await chooseSource(options)).source;
}

/** One reading, from the first source that answers; seconds null means "use input in the window". */
export async function systemIdleSeconds(
  options: IdleSourceOptions = {},
): Promise<{ seconds: number | null; kind: IdleSourceKind; description: string }> {
  const { source, seconds } = await chooseSource(options);
  source.close();
  return { seconds, kind: source.kind, description: source.description };
}

/** The first source whose reading succeeds, with that reading (one X11 client fewer: Xvfb counts each as input). */
async function chooseSource(options: IdleSourceOptions): Promise<{ source: IdleTimeSource; seconds: number | null }> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const now = options.now ?? Date.now;
  const address = options.sessionBus === undefined ? defaultSessionBusAddress() : options.sessionBus;
  const bus = address
    ? await openBus(address, (error) => options.logger?.warn(SCOPE, 'the session bus failed', { error }), timeoutMs).catch(() => null)
    : null;
  if (bus) {
    const unit = new ScreenSaverIdleUnit();
    const candidates = [
      dbusSource(bus, 'gnome-mutter', MUTTER, (ms) => ms / 1000, timeoutMs),
      dbusSource(bus, 'screensaver', SCREENSAVER, (raw) => unit.toSeconds(raw, now()), timeoutMs),
    ];
    for (const source of candidates) {
      const seconds = await source.read();
      if (seconds !== null) return { source, seconds };
    }
    bus.disconnect();
  }
  const display = options.display === undefined ? process.env.DISPLAY || null : options.display;
  const wayland = options.wayland ?? Boolean(process.env.WAYLAND_DISPLAY);
  const command = options.xprintidle === undefined ? 'xprintidle' : options.xprintidle;
  if (display && command && !wayland) {
    const source = x11Source(command, display, timeoutMs);
    const seconds = await source.read();
    if (seconds !== null) return { source, seconds };
  }
  const window: IdleTimeSource = { kind: 'window', description: IDLE_SOURCE_DESCRIPTIONS.window, read: async () => null, close: () => {} };
  return { source: window, seconds: null };
}

/**
 * For LockController.watchIdle, whose getter is synchronous: each call returns
 * the latest reading (NaN before the first, or after a failed one: the idle lock
 * then waits) and starts the next, so a reading is at most one poll old.
 */
export function pollingIdleSeconds(source: IdleTimeSource): IdleSeconds {
  let latest = Number.NaN;
  let reading = false;
  const refresh = () => {
    if (reading) return;
    reading = true;
    void source.read().then(
      (seconds) => {
        latest = seconds ?? Number.NaN;
        reading = false;
      },
      () => {
        latest = Number.NaN;
        reading = false;
      },
    );
  };
  refresh();
  return () => {
    refresh();
    return latest;
  };
}

function dbusSource(bus: MessageBus, kind: IdleSourceKind, call: MethodCall, toSeconds: (raw: number) => number, timeoutMs: number): IdleTimeSource {
  return {
    kind,
    description: IDLE_SOURCE_DESCRIPTIONS[kind],
    async read() {
      try {
        const raw = toNumber((await callMethod(bus, call, timeoutMs))[0]);
        return raw === null || raw < 0 ? null : toSeconds(raw);
      } catch {
        return null;
      }
    },
    close: () => bus.disconnect(),
  };
}

function x11Source(command: string, display: string, timeoutMs: number): IdleTimeSource {
  return {
    kind: 'x11',
    description: IDLE_SOURCE_DESCRIPTIONS.x11,
    read: () =>
      new Promise((resolve) => {
        execFile(command, [], { env: { ...process.env, DISPLAY: display }, timeout: timeoutMs }, (error, stdout) => {
          const ms = String(stdout).trim();
          resolve(!error && /^\d+$/.test(ms) ? Number(ms) / 1000 : null);
        });
      }),
    close: () => {},
  };
}
