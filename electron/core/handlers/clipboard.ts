/**
 * Copying happens in main: the renderer names an account and what to copy,
 * main fetches the secret from the accounts part, hands it to the clipboard
 * guard, and answers with timings only. The secret never leaves main.
 */
import type { CopyKind } from '../../common/ipc-contract';
import type { ClipboardGuard } from '../clipboard/clipboard-guard';
import { VaultError } from '../errors';
import type { Handlers } from '../ipc-dispatcher';
import type { SettingsStore } from '../settings/settings-store';

/** What the clipboard needs from the accounts part (AccountService offers these). */
export interface SecretSource {
  /** A valid access token for the account, logging in first if needed. */
  accessToken(id: string): Promise<string>;
  /** The account's WXM API key. */
  apiKey(id: string): Promise<string>;
}

export async function valueToCopy(source: SecretSource, id: string, kind: CopyKind): Promise<string> {
  switch (kind) {
    case 'token':
      return source.accessToken(id);
    case 'bearerHeader':
      return `Authorization: Bearer ${await source.accessToken(id)}`;
    case 'apiKey':
      return source.apiKey(id);
  }
}

export function clipboardHandlers(
  guard: ClipboardGuard,
  settings: SettingsStore,
  source: SecretSource,
): Pick<Handlers, 'clipboard:copy' | 'clipboard:clear'> {
  return {
    'clipboard:copy': async ({ id, kind }) => {
      const epoch = guard.epoch;
      let value: string = await valueToCopy(source, id, kind);
      if (!value) throw new VaultError('clipboard-empty', 'There is nothing to copy for this account yet.');
      try {
        const timing = await guard.copy(value, settings.current.clipboardClearSeconds, epoch);
        return { kind, copiedAt: timing.copiedAt, clearsAt: timing.clearsAt };
      } catch (error) {
        if (error instanceof VaultError) throw error;
        throw new VaultError('internal', 'WXM Vault could not write to the system clipboard. Nothing was copied; try again.', { cause: error });
      } finally {
        value = '';
      }
    },
    'clipboard:clear': async () => ({ cleared: await guard.clearIfOurs('manual') }),
  };
}
