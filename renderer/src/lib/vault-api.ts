/**
 * The renderer's only way to reach main: `window.wxmVault`, put there by the
 * preload (or the test harness). Unwraps reply envelopes into values or
 * `VaultApiError`s that carry the error code the UI keys its next step on.
 */
import type { VaultBridge } from '../../../electron/common/bridge';
import type { ErrorCode, Reply } from '../../../electron/common/ipc-contract';

declare global {
  interface Window {
    readonly wxmVault?: VaultBridge;
  }
}

export class VaultApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VaultApiError';
  }
}

export function bridge(): VaultBridge {
  const api = window.wxmVault;
  if (!api) throw new VaultApiError('internal', 'WXM Vault could not reach its main process. Restart the app.');
  return api;
}

export async function unwrap<T>(reply: Promise<Reply<T>>): Promise<T> {
  const result = await reply;
  if (result.ok) return result.value;
  throw new VaultApiError(result.error.code, result.error.message);
}

export function errorMessage(error: unknown): string {
  if (error instanceof VaultApiError) return error.message;
  return 'Something went wrong. Try again.';
}
