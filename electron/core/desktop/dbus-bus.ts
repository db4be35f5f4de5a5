/**
 * The little of D-Bus the desktop watchers need, over @jellybrick/dbus-next's
 * low-level API (plain JS, no native code): connect to a bus by address, call a
 * method, add a match rule — each bounded by a timeout, because a bus or service
 * that never answers must not hang the app or its shutdown.
 *
 * Why the low-level API: the proxy API introspects every object first, which
 * would start (D-Bus-activate) services we only wanted to find out about.
 */
import type { EventEmitter } from 'node:events';
import { DBusError, Message, MessageFlag, MessageType, sessionBus, type MessageBus } from '@jellybrick/dbus-next';

export type { MessageBus };
export const SIGNAL = MessageType.SIGNAL;
export const DBUS_TIMEOUT_MS = 2000;

/** Where the session bus is, or null: with no address we do not guess one. */
export function defaultSessionBusAddress(): string | null {
  return process.env.DBUS_SESSION_BUS_ADDRESS || null;
}

export function defaultSystemBusAddress(): string {
  return process.env.DBUS_SYSTEM_BUS_ADDRESS || 'unix:path=/var/run/dbus/system_bus_socket';
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    timer.unref?.();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Connects and says hello. Rejects when nothing listens at `address` or the bus
 * does not answer in time. Errors after that (the bus went away) go to
 * `onLateError`: an EventEmitter 'error' with no listener would crash the process.
 */
export async function openBus(address: string, onLateError: (error: Error) => void, timeoutMs = DBUS_TIMEOUT_MS): Promise<MessageBus> {
  const bus = sessionBus({ busAddress: address });
  // 'error' is missing from the library's typed event map, though the bus emits it.
  const events = bus as unknown as EventEmitter;
  let connected = false;
  events.on('error', (error: Error) => {
    if (connected) onLateError(error);
  });
  const ready = new Promise<void>((resolve, reject) => {
    events.once('connect', () => resolve());
    events.once('error', reject);
  });
  try {
    await withTimeout(ready, timeoutMs, `connecting to ${address}`);
  } catch (error) {
    bus.disconnect();
    throw error;
  }
  connected = true;
  return bus;
}

export interface MethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
  /** false: fail with ServiceUnknown rather than have the bus start (activate) the service for this call. */
  autoStart?: boolean;
}

/** The reply's body; rejects with the service's DBusError, or when no reply comes in time. */
export async function callMethod(bus: MessageBus, call: MethodCall, timeoutMs = DBUS_TIMEOUT_MS): Promise<unknown[]> {
  const what = `${call.interface}.${call.member}`;
  const { autoStart = true, ...fields } = call;
  const message = new Message({
    ...fields,
    signature: call.signature ?? '',
    body: call.body ?? [],
    flags: autoStart ? 0 : MessageFlag.NO_AUTO_START,
  });
  const reply = await withTimeout(bus.call(message), timeoutMs, what);
  return reply?.body ?? [];
}

function busDaemon(member: string, signature: string, body: unknown[]): MethodCall {
  return { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member, signature, body };
}

/** The unique name (":1.42") that owns `name` now, or null when nobody does. Never starts (activates) the service. */
export async function nameOwner(bus: MessageBus, name: string, timeoutMs = DBUS_TIMEOUT_MS): Promise<string | null> {
  try {
    const [owner] = await callMethod(bus, busDaemon('GetNameOwner', 's', [name]), timeoutMs);
    return typeof owner === 'string' ? owner : null;
  } catch (error) {
    if (error instanceof DBusError && error.type === 'org.freedesktop.DBus.Error.NameHasNoOwner') return null;
    throw error;
  }
}

export async function addMatch(bus: MessageBus, rule: string, timeoutMs = DBUS_TIMEOUT_MS): Promise<void> {
  await callMethod(bus, busDaemon('AddMatch', 's', [rule]), timeoutMs);
}

/** The rule for one signal; values are bus, interface and member names or object paths, which never contain a quote. */
export function signalRule(match: { sender: string; interface: string; member: string; path?: string; arg0?: string }): string {
  const parts = [`type='signal'`, `sender='${match.sender}'`, `interface='${match.interface}'`, `member='${match.member}'`];
  if (match.path) parts.push(`path='${match.path}'`);
  if (match.arg0) parts.push(`arg0='${match.arg0}'`);
  return parts.join(',');
}

/** A number from a D-Bus integer: 64-bit ones ('t', 'x') arrive as BigInt. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}
