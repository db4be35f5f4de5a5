import type { CopyKind, EventPayloads } from '../../../electron/common/ipc-contract';
import type { Clock } from './clock.svelte';
import { formatDuration } from './format';
import { bridge, errorMessage, unwrap, VaultApiError } from './vault-api';

export const COPY_LABELS: Record<CopyKind, string> = {
  token: 'Token',
  bearerHeader: 'Authorization header',
  apiKey: 'API key',
};

interface LastCopy {
  kind: CopyKind;
  accountLabel: string;
  copiedAt: number;
  clearsAt: number | null;
}

type ClearReason = EventPayloads['clipboard:cleared']['reason'];

const CLEARED_TEXT: Record<ClearReason, string> = {
  timeout: 'Clipboard cleared.',
  manual: 'Clipboard cleared.',
  // Shown only without a passphrase: with one, the lock screen replaces the page that would show it.
  lock: 'Clipboard cleared: tokens forgotten.',
  quit: 'Clipboard cleared.',
};

/**
 * What we last put on the clipboard (kind and account, never the value) and
 * the countdown until main clears it. Main does the copying and the clearing;
 * this only shows it.
 */
export class CopyState {
  last = $state.raw<LastCopy | null>(null);
  busy = $state(false);
  /** The one-line announcement for screen readers; changes only on events, not every second. */
  announcement = $state('');
  error = $state<{ message: string; code: string; accountId: string } | null>(null);
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds-level countdown text, or null when no clear is pending. */
  readonly remaining: string | null = $derived.by(() => {
    const last = this.last;
    if (!last || last.clearsAt === null) return null;
    const left = last.clearsAt - this.#clock.now;
    return left > 0 ? formatDuration(left) : null;
  });

  /** Whether the copy bar should still show our copy. */
  readonly active: boolean = $derived.by(() => {
    const last = this.last;
    if (!last) return false;
    if (last.clearsAt === null) return true;
    // Keep showing a moment past the deadline, until main's "cleared" event arrives.
    return this.#clock.now < last.clearsAt + 3000;
  });

  subscribe(): () => void {
    return bridge().onClipboardCleared(({ reason }) => {
      this.last = null;
      this.announcement = CLEARED_TEXT[reason];
    });
  }

  async copy(accountId: string, accountLabel: string, kind: CopyKind): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const result = await unwrap(bridge().copyToClipboard({ id: accountId, kind }));
      this.last = { kind, accountLabel, copiedAt: result.copiedAt, clearsAt: result.clearsAt };
      this.announcement =
        result.clearsAt === null
          ? `${COPY_LABELS[kind]} for ${accountLabel} copied. Auto-clear is off.`
          : `${COPY_LABELS[kind]} for ${accountLabel} copied. Clipboard clears in ${Math.round((result.clearsAt - result.copiedAt) / 1000)} seconds.`;
      return true;
    } catch (error) {
      const code = error instanceof VaultApiError ? error.code : 'internal';
      this.error = { message: errorMessage(error), code, accountId };
      this.announcement = `Could not copy: ${errorMessage(error)}`;
      return false;
    } finally {
      this.busy = false;
    }
  }

  async clearNow(): Promise<void> {
    try {
      const { cleared } = await unwrap(bridge().clearClipboard());
      this.last = null;
      this.announcement = cleared ? 'Clipboard cleared.' : 'The clipboard no longer held our value; left it as is.';
    } catch (error) {
      this.announcement = `Could not clear the clipboard: ${errorMessage(error)}`;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}
