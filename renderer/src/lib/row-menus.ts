/**
 * What each row offers besides "Copy token": the copy menu (header, API key)
 * and the "⋯" menu (log in, API key dialog, edit, remove). One table, so the
 * menus and the keys that reach the same actions cannot drift apart.
 */
import type { AccountView } from '../../../electron/common/ipc-contract';
import { ariaKeys, type RowAction } from './shortcuts';

export interface MenuItem {
  action: RowAction;
  text: string;
  /** aria-keyshortcuts, from the shortcut table. */
  keys: string;
  danger?: boolean;
  /** Starts a dialog, so the text ends in "…". */
  dialog?: boolean;
}

const item = (action: RowAction, text: string, extra: Partial<MenuItem> = {}): MenuItem => ({ action, text, keys: ariaKeys(action), ...extra });

export function copyMenu(account: Pick<AccountView, 'hasApiKey'>): MenuItem[] {
  return [item('copy-header', 'Copy header'), ...(account.hasApiKey ? [item('copy-apikey', 'Copy API key')] : [])];
}

/** "Re-login" while a token is live, "Log in" otherwise. */
export function moreMenu(loginText: string): MenuItem[] {
  return [
    item('login', loginText),
    item('apikey', 'API key…', { dialog: true }),
    item('edit', 'Edit…', { dialog: true }),
    item('remove', 'Remove…', { danger: true, dialog: true }),
  ];
}

/** Whether this account can do `action` at all (the API key is copied only when there is one). */
export function offers(account: Pick<AccountView, 'hasApiKey'>, action: RowAction): boolean {
  return action !== 'copy-apikey' || account.hasApiKey;
}
