/**
 * Main's single entry point for renderer requests, whatever the transport
 * (Electron IPC, or the Playwright harness binding).
 *
 * Order of checks, each refusing with a typed error and logging without the
 * payload (it may hold a secret): the channel is in the contract; the sender
 * is the top frame of our own origin; the payload matches the channel's schema.
 * Only then does a handler run. Handler errors come back as a `Reply` envelope
 * so the renderer gets a code and a next step, never a stack trace.
 */
import {
  channels,
  CHANNELS_WHILE_LOCKED,
  isChannelName,
  type ChannelName,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from '../common/ipc-contract';
import { SchemaError } from '../common/schema';
import { VaultError } from './errors';
import type { Logger } from './logger';

export type Handler<C extends ChannelName> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type Handlers = { [C in ChannelName]: Handler<C> };

/** What main knows about who sent a request. */
export interface SenderFrame {
  /** The sending frame's origin, or null when the frame is gone. */
  origin: string | null;
  isMainFrame: boolean;
}

export interface DispatcherOptions {
  trustedOrigin: string;
  logger: Logger;
  /**
   * Whether the vault is locked (a passphrase is set and not entered): then only `CHANNELS_WHILE_LOCKED` run.
   * Required, so a new dispatcher cannot be built without the lock gate by forgetting it; one with nothing to lock
   * says so with `async () => false`.
   */
  isLocked: () => Promise<boolean>;
}

export type Dispatch = (sender: SenderFrame, channel: unknown, payload: unknown) => Promise<Reply<unknown>>;

const INTERNAL_MESSAGE = 'Something went wrong inside WXM Vault. Nothing was changed; try again, and if it keeps happening, check the log.';

export function isTrustedSender(sender: SenderFrame, trustedOrigin: string): boolean {
  return sender.isMainFrame === true && typeof sender.origin === 'string' && sender.origin === trustedOrigin;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const { trustedOrigin, logger, isLocked } = options;
  return async (sender, channel, payload) => {
    if (!isChannelName(channel)) {
      logger.warn('ipc', 'refused unknown channel', { channel: String(channel).slice(0, 60) });
      return { ok: false, error: { code: 'bad-request', message: 'Unknown request.' } };
    }
    if (!isTrustedSender(sender, trustedOrigin)) {
      logger.warn('ipc', 'refused untrusted sender', { channel, origin: sender.origin, isMainFrame: sender.isMainFrame });
      return { ok: false, error: { code: 'bad-request', message: 'Request refused: it did not come from the WXM Vault window.' } };
    }
    let request: unknown;
    try {
      request = channels[channel].request.parse(payload);
    } catch (error) {
      const detail = error instanceof SchemaError ? error.message : 'malformed payload';
      logger.warn('ipc', 'refused malformed request', { channel, detail });
      return { ok: false, error: { code: 'bad-request', message: `Invalid request: ${detail}.` } };
    }
    try {
      // One gate for the lock, before any handler: a handler never has to remember to check it.
      if (!CHANNELS_WHILE_LOCKED.has(channel) && (await isLocked())) {
        logger.info('ipc', 'refused while locked', { channel });
        return { ok: false, error: { code: 'vault-locked', message: 'WXM Vault is locked. Enter your vault passphrase to unlock it.' } };
      }
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      const value = await handler(request);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof VaultError) {
        logger.info('ipc', 'request failed', { channel, code: error.code });
        return { ok: false, error: error.toWire() };
      }
      logger.error('ipc', 'handler crashed', { channel, error });
      return { ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } };
    }
  };
}
