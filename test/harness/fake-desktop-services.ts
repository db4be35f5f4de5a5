/**
 * Fake desktop services on a private bus (test/harness/private-dbus.ts): a
 * name, method answers and signals, spoken with dbus-next's low-level API so the
 * fakes share no code with the watchers under test. Real D-Bus all the way: the
 * daemon routes, checks senders and applies match rules as on a desktop.
 */
import type { EventEmitter } from 'node:events';
import { Message, MessageType, NameFlag, RequestNameReply, sessionBus, type MessageBus } from '@jellybrick/dbus-next';

export interface IncomingCall {
  path: string;
  interface: string;
  member: string;
  body: unknown[];
  sender: string;
}
export type Answer = { signature: string; body: unknown[] } | { error: string; text: string };
/** Answers a call, or returns undefined for "no such method". */
export type Handler = (call: IncomingCall) => Answer | undefined;

export interface FakeService {
  /** Our unique name on the bus (":1.7"). */
  readonly uniqueName: string;
  readonly calls: IncomingCall[];
  /** Broadcasts a signal, or sends it to one peer when `destination` is given. */
  emit(signal: { path: string; interface: string; member: string; signature?: string; body?: unknown[]; destination?: string }): void;
  /** Resolves once the bus daemon has routed everything we sent before (a round trip to it). */
  sync(): Promise<void>;
  stop(): void;
}

export async function connect(address: string): Promise<MessageBus> {
  const bus = sessionBus({ busAddress: address });
  await new Promise<void>((resolve, reject) => {
    bus.once('connect', () => resolve());
    (bus as unknown as EventEmitter).once('error', reject);
  });
  return bus;
}

/** Connects to `address` and, when `name` is given, owns it and answers calls with `handler`. */
export async function startFakeService(address: string, name: string | null, handler: Handler = () => undefined): Promise<FakeService> {
  const bus = await connect(address);
  if (name) {
    const reply = await bus.requestName(name, NameFlag.DO_NOT_QUEUE);
    if (reply !== RequestNameReply.PRIMARY_OWNER) throw new Error(`could not own ${name} (reply ${reply})`);
  }
  const calls: IncomingCall[] = [];
  bus.addMethodHandler((msg: Message) => {
    if (msg.type !== MessageType.METHOD_CALL) return false;
    const call = { path: msg.path, interface: msg.interface, member: msg.member, body: msg.body, sender: msg.sender };
    const answer = handler(call);
    if (!answer) return false;
    calls.push(call);
    bus.send('error' in answer ? Message.newError(msg, answer.error, answer.text) : Message.newMethodReturn(msg, answer.signature, answer.body));
    return true;
  });
  return {
    uniqueName: bus.name ?? '',
    calls,
    emit({ path, interface: iface, member, signature = '', body = [], destination }) {
      const signal = Message.newSignal(path, iface, member, signature, body);
      if (destination) signal.destination = destination;
      bus.send(signal);
    },
    async sync() {
      await bus.call(
        new Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetId' }),
      );
    },
    stop: () => bus.disconnect(),
  };
}

/** A method answer for `interface.member`, else undefined: handlers built from a table. */
export function answers(table: Record<string, (body: unknown[]) => Answer>): Handler {
  return (call) => table[`${call.interface}.${call.member}`]?.(call.body);
}
