/**
 * The page's key handler, driven by the shortcut table: Ctrl shortcuts work
 * anywhere, plain keys outside text fields, the search box hands over to the
 * list, and on a row the keys press that row's buttons.
 */
import { focusRow, isTyping, moveBetweenRows, pressRowButton, rowOf } from './row-focus';
import { appCommandFor, navKeys, pressed, rowActionFor, type AppCommand } from './shortcuts';

export interface PageKeys {
  /** A dialog is open: it has the keyboard (Escape closes it). */
  dialogOpen(): boolean;
  searchBox(): HTMLInputElement | undefined;
  query(): string;
  clearQuery(): void;
  commands: Record<AppCommand, () => void>;
}

export function handlePageKey(event: KeyboardEvent, page: PageKeys): void {
  if (page.dialogOpen()) return;
  const target = event.target;
  const command = appCommandFor(event, isTyping(target));
  if (command) {
    event.preventDefault();
    page.commands[command]();
    return;
  }

  if (target && target === page.searchBox()) {
    if (pressed(event, navKeys('escape')) && page.query()) {
      event.preventDefault();
      page.clearQuery();
    } else if (pressed(event, navKeys('search-to-rows'))) {
      event.preventDefault();
      focusRow(null);
    }
    return;
  }
  if (isTyping(target)) return;

  const row = rowOf(target);
  if (!row) return;
  if (pressed(event, navKeys('between-rows'))) {
    event.preventDefault();
    moveBetweenRows(row, event.key, target);
    return;
  }
  const action = rowActionFor(event);
  if (action && pressRowButton(row, action)) event.preventDefault();
}
