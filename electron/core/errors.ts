import type { ErrorCode, WireError } from '../common/ipc-contract';

/**
 * The one error type core code throws on purpose. Its message is shown to the
 * user as is, so it must say what happened and what to do next, and must
 * never contain a secret.
 */
export class VaultError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VaultError';
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}
