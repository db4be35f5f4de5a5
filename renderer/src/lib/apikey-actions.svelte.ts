import type { AccountView, ErrorCode } from '../../../electron/common/ipc-contract';
import type { AccountsState } from './accounts-state.svelte';
import { errorMessage, VaultApiError } from './vault-api';

/** What the API key dialog can ask main to do. */
export type ApiKeyAction = 'fetch' | 'generate' | 'use-key' | 'use-password';

export interface ApiKeyActionError {
  action: ApiKeyAction;
  code: ErrorCode;
  message: string;
}

/** The one-line result after each action, shown in the dialog and announced. */
const DONE: Record<ApiKeyAction, (label: string) => string> = {
  fetch: (label) => `Fetched the API key for ${label} from WXM and stored it in the keychain.`,
  generate: (label) =>
    `Generated a new API key for ${label} and stored it in the keychain. Anything else that used the old key may need the new one.`,
  'use-key': (label) => `WXM accepted the API key: ${label} now logs in with it.`,
  'use-password': (label) => `WXM accepted the password: ${label} now logs in with it.`,
};

export const BUSY_TEXT: Record<ApiKeyAction, string> = {
  fetch: 'Fetching from WXM…',
  generate: 'Generating…',
  'use-key': 'Logging in with the API key…',
  'use-password': 'Logging in with the password…',
};

/**
 * The action button that gets focus back after `action` ran: its own, except
 * after generating, where the dialog never puts focus on Generate (a second
 * Enter there starts replacing the key integrations use) and Fetch is safe.
 */
export function focusAfter(action: ApiKeyAction): 'fetch' | 'use-key' {
  if (action === 'use-key' || action === 'use-password') return 'use-key';
  return 'fetch';
}

/**
 * The state of one account's API key dialog: which action runs, the last
 * result or error, and the "generate?" confirmation. Holds no key: main fetches,
 * stores and uses it, and answers with the account view only.
 */
export class ApiKeyActions {
  busy = $state<ApiKeyAction | null>(null);
  error = $state.raw<ApiKeyActionError | null>(null);
  done = $state<string | null>(null);
  confirmingGenerate = $state(false);

  readonly #accounts: AccountsState;
  readonly #id: string;

  constructor(accounts: AccountsState, id: string) {
    this.#accounts = accounts;
    this.#id = id;
  }

  /** Runs one action; resolves to the new view, or null when it failed (see `error`). */
  async run(action: ApiKeyAction): Promise<AccountView | null> {
    if (this.busy) return null;
    this.busy = action;
    this.error = null;
    this.done = null;
    this.confirmingGenerate = false;
    try {
      const view =
        action === 'fetch'
          ? await this.#accounts.fetchApiKey(this.#id)
          : action === 'generate'
            ? await this.#accounts.generateApiKey(this.#id)
            : await this.#accounts.useApiKey(this.#id, action === 'use-key');
      this.done = DONE[action](view.label);
      return view;
    } catch (error) {
      const code = error instanceof VaultApiError ? error.code : 'internal';
      this.error = { action, code, message: errorMessage(error) };
      return null;
    } finally {
      this.busy = null;
    }
  }
}
