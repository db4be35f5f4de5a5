/**
 * Calls a channel the way the renderer does, typed by the IPC contract: the
 * request must match `RequestOf<C>` and the value comes back as `ResponseOf<C>`,
 * so a reshaped channel breaks the tests at compile time, not at run time.
 * A refused call rejects with a VaultError carrying the wire code and message,
 * the same error the core throws, so `failure()` / `errorCode()` read both.
 */
import type { ChannelName, ErrorCode, Reply, RequestOf, ResponseOf } from '../../electron/common/ipc-contract';
import { VaultError } from '../../electron/core/errors';

/** Sends one request and answers with main's reply envelope (the dispatcher, or a test's recording wrapper). */
export type Send = (channel: ChannelName, payload: unknown) => Promise<Reply<unknown>>;

/** Channels without a payload are called without one. */
export type RequestArgs<C extends ChannelName> = RequestOf<C> extends void ? [] : [request: RequestOf<C>];

export type Call = <C extends ChannelName>(channel: C, ...request: RequestArgs<C>) => Promise<ResponseOf<C>>;

/** A failed reply, as thrown by `call`; `channel` says which call it was when a test fails. */
export class IpcReplyError extends VaultError {
  constructor(
    readonly channel: ChannelName,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

export function ipcCaller(send: Send): Call {
  return async (channel, ...request) => {
    const reply = await send(channel, request[0]);
    if (!reply.ok) throw new IpcReplyError(channel, reply.error.code, reply.error.message);
    // The dispatcher answered this channel's handler, whose return type the contract fixes.
    return reply.value as ResponseOf<typeof channel>;
  };
}
