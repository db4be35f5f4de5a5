/**
 * Every keyboard shortcut, once: this table drives the key handling, the
 * `aria-keyshortcuts` on the controls and the `?` help list, so the three can
 * never disagree. Keys are written in aria-keyshortcuts syntax; `Control` also
 * means ⌘ (macOS has no Ctrl shortcuts of its own for these).
 */

/** The `data-action` of each account row button a key presses. */
export type RowAction = 'copy-token' | 'copy-header' | 'copy-apikey' | 'login' | 'apikey' | 'edit' | 'remove';

/** What a page-level shortcut does; the app supplies the handlers. */
export type AppCommand = 'search' | 'add' | 'settings' | 'lock' | 'help';

/** Keys handled where they apply (search box, rows, dialogs); listed so the help names them. */
export type Navigation = 'copy-top' | 'copy-top-header' | 'search-to-rows' | 'between-rows' | 'within-row' | 'escape';

export interface Shortcut {
  /** aria-keyshortcuts tokens, one per alternative. */
  readonly keys: readonly string[];
  readonly what: string;
  readonly does: { app: AppCommand } | { row: RowAction } | { nav: Navigation };
  /** Shown after the keys in the help, e.g. "in search". */
  readonly where?: string;
  /** How the help joins the alternatives: "Ctrl+K or /", but "↑ ↓ Home End" for a set. */
  readonly join?: ' or ' | ' ';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Control+K', '/'], what: 'Search accounts (quick copy)', does: { app: 'search' } },
  // Shift+Enter before Enter: a plain Enter chord ignores Shift, so the first match wins.
  { keys: ['Shift+Enter'], where: 'in search', what: 'Copy the top match’s Authorization: Bearer header', does: { nav: 'copy-top-header' } },
  { keys: ['Enter'], where: 'in search', what: 'Copy the top match’s token', does: { nav: 'copy-top' } },
  { keys: ['ArrowDown'], where: 'in search', what: 'Go to the matching accounts', does: { nav: 'search-to-rows' } },
  { keys: ['ArrowUp', 'ArrowDown', 'Home', 'End'], join: ' ', what: 'Move between accounts', does: { nav: 'between-rows' } },
  { keys: ['ArrowLeft', 'ArrowRight'], join: ' ', what: 'Move between an account’s buttons', does: { nav: 'within-row' } },
  { keys: ['C'], what: 'Copy token', does: { row: 'copy-token' } },
  { keys: ['H'], what: 'Copy Authorization: Bearer header', does: { row: 'copy-header' } },
  { keys: ['A'], what: 'Copy API key', does: { row: 'copy-apikey' } },
  { keys: ['L'], what: 'Log in again', does: { row: 'login' } },
  { keys: ['K'], what: 'API key: fetch, generate, log in with it', does: { row: 'apikey' } },
  { keys: ['E'], what: 'Edit account', does: { row: 'edit' } },
  { keys: ['Delete'], what: 'Remove account', does: { row: 'remove' } },
  { keys: ['N'], what: 'Add an account', does: { app: 'add' } },
  { keys: ['Control+Comma'], what: 'Settings', does: { app: 'settings' } },
  { keys: ['Control+L'], what: 'Lock (without a passphrase: forget tokens); clears the clipboard', does: { app: 'lock' } },
  { keys: ['?'], what: 'This list', does: { app: 'help' } },
  { keys: ['Escape'], what: 'Close a dialog or menu; in search, clear it and go back', does: { nav: 'escape' } },
];

/** aria-keyshortcuts names that are not the character itself. */
const NAMED: Record<string, string> = { Comma: ',', Space: ' ' };
/** How the help writes a key. */
const SHOWN: Record<string, string> = { Control: 'Ctrl', Comma: ',', Escape: 'Esc', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };

interface Chord {
  control: boolean;
  shift: boolean;
  key: string;
}

function parse(token: string): Chord {
  const parts = token.split('+');
  const key = parts.at(-1) ?? '';
  return { control: parts.includes('Control'), shift: parts.includes('Shift'), key: NAMED[key] ?? key };
}

/** The part of a KeyboardEvent a chord is matched against. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'> & Partial<Pick<KeyboardEvent, 'shiftKey'>>;

/**
 * Whether a key press is this chord. Alt must be up (AltGr types characters on
 * many layouts); Shift is ignored unless the chord names it, since it is what
 * types "?" and users hold it by accident with letters; letters match in either case.
 */
export function isChord(event: KeyPress, token: string): boolean {
  const chord = parse(token);
  if (event.altKey || chord.control !== (event.ctrlKey || event.metaKey)) return false;
  if (chord.shift && !event.shiftKey) return false;
  return chord.key.length === 1 ? event.key.toLowerCase() === chord.key.toLowerCase() : event.key === chord.key;
}

/** Whether any of `keys` was pressed. */
export function pressed(event: KeyPress, keys: readonly string[]): boolean {
  return keys.some((token) => isChord(event, token));
}

/**
 * The page-level command for a key press. Shortcuts with Ctrl work everywhere;
 * plain keys only outside text fields, where they would otherwise be typing.
 */
export function appCommandFor(event: KeyPress, typing: boolean): AppCommand | null {
  for (const { keys, does } of SHORTCUTS) {
    if (!('app' in does)) continue;
    if (keys.some((token) => (!typing || parse(token).control) && isChord(event, token))) return does.app;
  }
  return null;
}

/** The row button a key press presses, when focus is on an account row. */
export function rowActionFor(event: KeyPress): RowAction | null {
  for (const { keys, does } of SHORTCUTS) if ('row' in does && pressed(event, keys)) return does.row;
  return null;
}

function entry(predicate: (does: Shortcut['does']) => boolean): Shortcut {
  const found = SHORTCUTS.find((s) => predicate(s.does));
  if (!found) throw new Error('shortcut table is missing an entry');
  return found;
}

/** The keys of a navigation entry, for the handler that owns them. */
export function navKeys(nav: Navigation): readonly string[] {
  return entry((d) => 'nav' in d && d.nav === nav).keys;
}

/** The aria-keyshortcuts value for the control a command or row action triggers. */
export function ariaKeys(command: AppCommand | RowAction): string {
  return entry((d) => ('app' in d && d.app === command) || ('row' in d && d.row === command)).keys.join(' ');
}

/** One key as the help shows it: "Ctrl+K", "↓", "Esc". */
export function shownKey(token: string): string {
  return token
    .split('+')
    .map((part) => SHOWN[part] ?? part)
    .join('+');
}

/** The first key of a command as the help writes it, for hints in titles and placeholders. */
export function keyHint(command: AppCommand | RowAction): string {
  return shownKey(ariaKeys(command).split(' ')[0] ?? '');
}
