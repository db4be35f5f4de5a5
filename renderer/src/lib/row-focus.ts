/**
 * Focus within the account list. Rows are `li[data-account-id]`; each shows
 * three controls (`data-action` "copy-token", "copy-menu", "more"), and the
 * other actions live in those two menus. The list is one Tab stop: arrow keys
 * move between rows (keeping the same control) and between a row's controls.
 */
import type { CopyKind } from '../../../electron/common/ipc-contract';
import type { RowAction } from './shortcuts';

/** The three controls every row shows, left to right. */
export type RowControl = 'copy-token' | 'copy-menu' | 'more';
const CONTROLS: readonly RowControl[] = ['copy-token', 'copy-menu', 'more'];

/** The control that holds each action: its own button, or the menu it is in. */
export const HOST: Record<RowAction, RowControl> = {
  'copy-token': 'copy-token',
  'copy-header': 'copy-menu',
  'copy-apikey': 'copy-menu',
  login: 'more',
  apikey: 'more',
  edit: 'more',
  remove: 'more',
};

/** The row action behind each copy kind, to go back to after a two-factor login. */
export const COPY_ACTION: Record<CopyKind, RowAction> = {
  token: 'copy-token',
  bearerHeader: 'copy-header',
  apiKey: 'copy-apikey',
};

/** Builds a stand-in row (far from the viewport) into a full one, synchronously; the list registers it. */
let build: (id: string) => void = () => {};
export function onBuildRow(builder: (id: string) => void): void {
  build = builder;
}

/** Puts every account's row in the page now (a long list adds rows below the first screen a chunk at a time). */
let completeRows: () => void = () => {};
export function onCompleteRows(complete: () => void): void {
  completeRows = complete;
}

/** What every row of the list is, full or stand-in. */
export const ROW_SELECTOR = 'li[data-account-id]';

/** Rows the search left showing, in display order. */
export function rows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`${ROW_SELECTOR}:not([hidden])`)];
}

export function rowOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof HTMLElement ? target.closest<HTMLElement>(ROW_SELECTOR) : null;
}

function controlOf(target: EventTarget | null): RowControl {
  const action = target instanceof HTMLElement ? target.dataset.action : undefined;
  return CONTROLS.includes(action as RowControl) ? (action as RowControl) : 'copy-token';
}

/**
 * Focuses the control that holds `action` in a row (the first shown row when `id` is null).
 * Scrolls only as far as needed, so a focused row never hides under the sticky bars.
 */
export function focusRow(id: string | null, action: RowAction | RowControl = 'copy-token'): void {
  const find = (rowId: string | null) =>
    rowId ? document.querySelector<HTMLElement>(`li[data-account-id="${CSS.escape(rowId)}"]`) : (rows()[0] ?? null);
  let row = find(id);
  if (!row && id) {
    build(id);
    row = find(id);
  } else if (row?.dataset.placeholder !== undefined && row.dataset.accountId) {
    build(row.dataset.accountId);
    row = find(row.dataset.accountId);
  }
  const control = action in HOST ? HOST[action as RowAction] : (action as RowControl);
  row?.querySelector<HTMLElement>(`[data-action="${control}"]`)?.focus();
}

/** Arrow keys, Home and End move to another row, to the same control as the one focused. */
export function moveBetweenRows(from: HTMLElement, key: string, focused: EventTarget | null): void {
  completeRows();
  const all = rows();
  const i = all.indexOf(from);
  const j = key === 'Home' ? 0 : key === 'End' ? all.length - 1 : key === 'ArrowDown' ? Math.min(all.length - 1, i + 1) : Math.max(0, i - 1);
  focusRow(all[j]?.dataset.accountId ?? null, controlOf(focused));
}

/** ← and → move between a row's controls, stopping at either end. */
export function moveWithinRow(row: HTMLElement, key: string, focused: EventTarget | null): void {
  const i = CONTROLS.indexOf(controlOf(focused));
  const j = key === 'ArrowLeft' ? Math.max(0, i - 1) : Math.min(CONTROLS.length - 1, i + 1);
  focusRow(row.dataset.accountId ?? null, CONTROLS[j]);
}

/** Whether keys typed here are text, not shortcuts. */
export function isTyping(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

/** Whether focus is inside an open menu, which handles its own keys. */
export function inMenu(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && el.closest('[role="menu"]') !== null;
}
