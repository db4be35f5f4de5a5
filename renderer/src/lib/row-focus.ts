/**
 * Focus within the account list. Rows are `[data-account-id]` elements whose
 * buttons carry `data-action`; keyboard users move between rows and keep their
 * place in the row (the same action) as they go.
 */
import type { CopyKind } from '../../../electron/common/ipc-contract';
import type { RowAction } from './shortcuts';

/** The row button each copy kind has, to go back to after a two-factor login. */
export const COPY_ACTION: Record<CopyKind, RowAction> = {
  token: 'copy-token',
  bearerHeader: 'copy-header',
  apiKey: 'copy-apikey',
};

export function rows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-account-id]')];
}

export function rowOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof HTMLElement ? target.closest<HTMLElement>('[data-account-id]') : null;
}

/** Focuses one button of a row (the first row when `id` is null), or the row's first button when that one is missing. */
export function focusRow(id: string | null, action: string = 'copy-token'): void {
  const row = id ? document.querySelector<HTMLElement>(`[data-account-id="${CSS.escape(id)}"]`) : (rows()[0] ?? null);
  const target = row?.querySelector<HTMLElement>(`[data-action="${action}"]`) ?? row?.querySelector<HTMLElement>('[data-action]');
  target?.focus();
}

/** Arrow keys, Home and End move to another row, to the same action as the one focused. */
export function moveBetweenRows(from: HTMLElement, key: string, focused: EventTarget | null): void {
  const action = focused instanceof HTMLElement ? (focused.dataset.action ?? 'copy-token') : 'copy-token';
  const all = rows();
  const i = all.indexOf(from);
  const j = key === 'Home' ? 0 : key === 'End' ? all.length - 1 : key === 'ArrowDown' ? Math.min(all.length - 1, i + 1) : Math.max(0, i - 1);
  focusRow(all[j]?.dataset.accountId ?? null, action);
}

/** Whether keys typed here are text, not shortcuts. */
export function isTyping(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

/** Presses a row's button for a shortcut, as a click would, unless it is disabled (busy) or missing. */
export function pressRowButton(row: HTMLElement, action: RowAction): boolean {
  const button = row.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}
