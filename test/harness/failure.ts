/**
 * The one way tests read an expected failure: from the core (a rejected
 * VaultError) or over IPC (`call` from ./ipc-call rejects with one too).
 * A promise that resolves, or rejects with anything else, fails the test.
 */
import assert from 'node:assert/strict';
import type { ErrorCode } from '../../electron/common/ipc-contract';
import { VaultError } from '../../electron/core/errors';

export async function failure(p: Promise<unknown>): Promise<VaultError> {
  // The resolved value is never printed: it may be a token.
  const outcome = await p.then(
    () => null,
    (error: unknown) => ({ error }),
  );
  assert.ok(outcome, 'expected a VaultError, but it succeeded');
  assert.ok(outcome.error instanceof VaultError, `expected a VaultError, got ${String(outcome.error)}`);
  return outcome.error;
}

export async function errorCode(p: Promise<unknown>): Promise<ErrorCode> {
  return (await failure(p)).code;
}
