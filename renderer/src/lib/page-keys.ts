/**
 * The page's key handler, driven by the shortcut table: Ctrl shortcuts work
 * anywhere, plain keys outside text fields, the search box is the quick-copy
 * palette, and on a row the keys run that row's actions (including those
 * inside its menus, which need not be open).
 */
import type { CopyKind } from '../../../electron/common/ipc-contract';
import { inMenu, isTyping, moveBetweenRows, moveWithinRow, rowOf } from './row-focus';
import { appCommandFor, navKeys, pressed, rowActionFor, type AppCommand, type RowAction } from './shortcuts';

export interface PageKeys {
  /** A dialog is open: it has the keyboard (Escape closes it). */
  dialogOpen(): boolean;
  searchBox(): HTMLInputElement | undefined;
  /** Escape in the search box: clear it and give focus back to where it came from. */
  leaveSearch(): void;
  /** Enter / Shift+Enter in the search box. */
  copyTop(kind: Extract<CopyKind, 'token' | 'bearerHeader'>): void;
  /** ↓ in the search box. */
  enterList(): void;
  /** Runs a row's action; false when that row has no such action (the key is left alone). */
  rowAction(id: string, action: RowAction): boolean;
  commands: Record<AppCommand, () => void>;
}

function searchKey(event: KeyboardEvent, page: PageKeys): boolean {
  if (pressed(event, navKeys('copy-top-header'))) page.copyTop('bearerHeader');
  else if (pressed(event, navKeys('copy-top'))) page.copyTop('token');
  else if (pressed(event, navKeys('search-to-rows'))) page.enterList();
  else if (pressed(event, navKeys('escape'))) page.leaveSearch();
  else return false;
  return true;
}

export function handlePageKey(event: KeyboardEvent, page: PageKeys): void {
  if (page.dialogOpen() || event.defaultPrevented) return;
  const target = event.target;
  const command = appCommandFor(event, isTyping(target));
  if (command) {
    event.preventDefault();
    page.commands[command]();
    return;
  }

  if (target && target === page.searchBox()) {
    if (!event.isComposing && searchKey(event, page)) event.preventDefault();
    return;
  }
  if (isTyping(target) || inMenu(target)) return;

  const row = rowOf(target);
  if (!row) return;
  if (pressed(event, navKeys('between-rows'))) {
    event.preventDefault();
    moveBetweenRows(row, event.key, target);
    return;
  }
  if (pressed(event, navKeys('within-row'))) {
    event.preventDefault();
    moveWithinRow(row, event.key, target);
    return;
  }
  const action = rowActionFor(event);
  if (action && row.dataset.accountId && page.rowAction(row.dataset.accountId, action)) event.preventDefault();
}
