/**
 * Screen lock and sleep on Linux, from D-Bus. Electron's 'lock-screen' fires on
 * macOS and Windows only, the idle poll may not see a GNOME/Wayland lock, and
 * the browser shell has no powerMonitor at all, so we listen to the desktop:
 *
 * - session bus: `ActiveChanged(true)` from org.freedesktop.ScreenSaver (KDE,
 *   Xfce, …) and org.gnome.ScreenSaver (GNOME Shell): the screen locker came on;
 * - system bus: logind's `Session.Lock` on our own session's object (what
 *   `loginctl lock-session` sends) and `Manager.PrepareForSleep(true)`.
 *
 * A signal counts only when it comes from the current owner of the service's
 * name (anyone on the session bus may send a signal straight to us), and
 * Session.Lock only for our session. A missing bus or service is logged once
 * and skipped: the lock still works by hand and on idle.
 */
import type { Logger } from '../logger';
import type { LockReason } from '../lock/lock-controller';
import {
  addMatch,
  callMethod,
  defaultSessionBusAddress,
  defaultSystemBusAddress,
  nameOwner,
  openBus,
  signalRule,
  SIGNAL,
  type MessageBus,
} from './dbus-bus';

export type DesktopLockReason = Extract<LockReason, 'lock-screen' | 'suspend'>;

export interface DesktopLockOptions {
  /** D-Bus address; default $DBUS_SESSION_BUS_ADDRESS; null: do not watch this bus. */
  sessionBus?: string | null;
  /** D-Bus address; default $DBUS_SYSTEM_BUS_ADDRESS or the standard socket; null: do not watch this bus. */
  systemBus?: string | null;
  /** logind session whose Lock we obey; default $XDG_SESSION_ID, else the session of this process. */
  sessionId?: string | null;
  onLock: (reason: DesktopLockReason) => void;
  logger: Logger;
  timeoutMs?: number;
}

export interface DesktopLockWatch {
  stop(): void;
  /** The signals we are subscribed to, e.g. 'org.gnome.ScreenSaver.ActiveChanged' (for a status line). */
  readonly sources: string[];
}

interface Watched {
  service: string;
  interface: string;
  member: string;
  /** Only signals on this object; unset where services differ (KDE sends ActiveChanged on /ScreenSaver too). */
  path?: string;
  reason(body: unknown[]): DesktopLockReason | null;
}

const SCOPE = 'desktop-lock';
const LOGIND = 'org.freedesktop.login1';
const whenTrue =
  (reason: DesktopLockReason) =>
  (body: unknown[]): DesktopLockReason | null =>
    body[0] === true ? reason : null;

const SCREEN_SAVERS: Watched[] = ['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver'].map((service) => ({
  service,
  interface: service,
  member: 'ActiveChanged',
  reason: whenTrue('lock-screen'),
}));

export async function watchDesktopLock(options: DesktopLockOptions): Promise<DesktopLockWatch> {
  const { onLock, logger } = options;
  const buses: MessageBus[] = [];
  const sources: string[] = [];
  let stopped = false;

  const watchBus = async (label: string, address: string | null, watched: (bus: MessageBus) => Promise<Watched[]>) => {
    if (!address) {
      logger.info(SCOPE, `no ${label} bus address: not watched`);
      return;
    }
    let bus: MessageBus;
    try {
      bus = await openBus(address, (error) => logger.warn(SCOPE, `the ${label} bus failed`, { error }), options.timeoutMs);
    } catch (error) {
      logger.info(SCOPE, `the ${label} bus is not reachable: not watched`, { error });
      return;
    }
    buses.push(bus);
    try {
      const subscribed = await subscribe(bus, await watched(bus), (reason) => !stopped && onLock(reason), options.timeoutMs);
      sources.push(...subscribed.map((w) => `${w.interface}.${w.member}`));
    } catch (error) {
      logger.warn(SCOPE, `could not watch the ${label} bus`, { error });
    }
  };

  await Promise.all([
    watchBus('session', options.sessionBus === undefined ? defaultSessionBusAddress() : options.sessionBus, async () => SCREEN_SAVERS),
    watchBus('system', options.systemBus === undefined ? defaultSystemBusAddress() : options.systemBus, async (bus) => {
      const sleep: Watched = {
        service: LOGIND,
        interface: `${LOGIND}.Manager`,
        member: 'PrepareForSleep',
        path: '/org/freedesktop/login1',
        reason: whenTrue('suspend'),
      };
      const sessionPath = await ourSessionPath(bus, options, logger);
      if (!sessionPath) return [sleep];
      return [sleep, { service: LOGIND, interface: `${LOGIND}.Session`, member: 'Lock', path: sessionPath, reason: () => 'lock-screen' }];
    }),
  ]);
  logger.info(SCOPE, sources.length ? 'watching' : 'nothing to watch', { sources });

  return {
    sources,
    stop() {
      stopped = true;
      for (const bus of buses.splice(0)) bus.disconnect();
    },
  };
}

/**
 * Subscribes to the signals of the services that run now, and follows their
 * owners (GNOME Shell restarting takes its names anew). Returns what it subscribed to.
 */
async function subscribe(bus: MessageBus, watched: Watched[], fire: (reason: DesktopLockReason) => void, timeoutMs?: number): Promise<Watched[]> {
  const owners = new Map<string, string | null>();
  const live: Watched[] = [];
  for (const w of watched) {
    if (!owners.has(w.service)) owners.set(w.service, await nameOwner(bus, w.service, timeoutMs));
    if (!owners.get(w.service)) continue;
    await addMatch(bus, signalRule({ sender: w.service, interface: w.interface, member: w.member, path: w.path }), timeoutMs);
    live.push(w);
  }
  for (const service of new Set(live.map((w) => w.service))) {
    const rule = signalRule({ sender: 'org.freedesktop.DBus', interface: 'org.freedesktop.DBus', member: 'NameOwnerChanged', arg0: service });
    await addMatch(bus, rule, timeoutMs);
  }
  bus.on('message', (msg) => {
    if (msg.type !== SIGNAL) return;
    if (msg.sender === 'org.freedesktop.DBus' && msg.member === 'NameOwnerChanged') {
      const [name, , newOwner] = msg.body;
      if (typeof name === 'string' && owners.has(name)) owners.set(name, typeof newOwner === 'string' && newOwner ? newOwner : null);
      return;
    }
    for (const w of live) {
      if (msg.interface !== w.interface || msg.member !== w.member) continue;
      if (w.path && msg.path !== w.path) continue;
      if (!msg.sender || msg.sender !== owners.get(w.service)) continue;
      const reason = w.reason(msg.body);
      if (reason) fire(reason);
    }
  });
  return live;
}

/** Our logind session's object path, or null (logged) when logind or the session cannot be found. */
async function ourSessionPath(bus: MessageBus, options: DesktopLockOptions, logger: Logger): Promise<string | null> {
  const sessionId = options.sessionId === undefined ? process.env.XDG_SESSION_ID || null : options.sessionId;
  const manager = { destination: LOGIND, path: '/org/freedesktop/login1', interface: `${LOGIND}.Manager` };
  // Apps started by a systemd user manager (most desktop launches today) are in no session: 'auto' is then
  // the user's display session (logind since systemd 243).
  const attempts = [
    ...(sessionId ? [{ ...manager, member: 'GetSession', signature: 's', body: [sessionId] }] : []),
    { ...manager, member: 'GetSessionByPID', signature: 'u', body: [process.pid] },
    { ...manager, member: 'GetSession', signature: 's', body: ['auto'] },
  ];
  const failures: string[] = [];
  for (const call of attempts) {
    try {
      const [path] = await callMethod(bus, call, options.timeoutMs);
      if (typeof path === 'string' && path.startsWith('/')) return path;
    } catch (error) {
      failures.push(`${call.member}(${String(call.body[0])}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  logger.info(SCOPE, 'no logind session found: its Lock signal is not watched', { failures });
  return null;
}
