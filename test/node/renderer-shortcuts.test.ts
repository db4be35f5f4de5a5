/**
 * The shortcut table (renderer/src/lib/shortcuts.ts) that drives the key handler,
 * the aria-keyshortcuts attributes and the "?" list: which key press means what,
 * and that each command has exactly one entry the three can share.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appCommandFor,
  ariaKeys,
  isChord,
  keyHint,
  navKeys,
  rowActionFor,
  SHORTCUTS,
  shownKey,
  type AppCommand,
  type KeyPress,
  type RowAction,
} from '../../renderer/src/lib/shortcuts';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
const ctrl = (key: string) => press(key, { ctrlKey: true });

describe('the shortcut table', () => {
  it('has exactly one entry per page command and per row action', () => {
    const commands: AppCommand[] = ['search', 'add', 'settings', 'lock', 'help'];
    const actions: RowAction[] = ['copy-token', 'copy-header', 'copy-apikey', 'login', 'apikey', 'edit', 'remove'];
    for (const c of commands) assert.equal(SHORTCUTS.filter((s) => 'app' in s.does && s.does.app === c).length, 1, c);
    for (const a of actions) assert.equal(SHORTCUTS.filter((s) => 'row' in s.does && s.does.row === a).length, 1, a);
  });

  it('gives no two entries the same key, so one press never means two things', () => {
    const seen = new Map<string, string>();
    for (const s of SHORTCUTS) {
      if ('nav' in s.does) continue; // navigation keys act only where they apply (search box, a row)
      for (const key of s.keys) {
        assert.ok(!seen.has(key.toLowerCase()), `${key}: ${seen.get(key.toLowerCase())} and ${s.what}`);
        seen.set(key.toLowerCase(), s.what);
      }
    }
  });
});

describe('matching a key press', () => {
  it('takes Ctrl or ⌘ for Control, letters in either case, with or without Shift', () => {
    assert.equal(isChord(ctrl('k'), 'Control+K'), true);
    assert.equal(isChord(press('K', { metaKey: true }), 'Control+K'), true);
    assert.equal(isChord(ctrl('K'), 'Control+K'), true);
    assert.equal(isChord(press('k'), 'Control+K'), false);
    assert.equal(isChord(ctrl(','), 'Control+Comma'), true);
  });

  it('needs Shift only where the chord names it: Shift+Enter is not Enter, but Enter still takes a stray Shift', () => {
    assert.equal(isChord(press('Enter', { shiftKey: true }), 'Shift+Enter'), true);
    assert.equal(isChord(press('Enter'), 'Shift+Enter'), false);
    assert.equal(isChord(press('Enter', { shiftKey: true }), 'Enter'), true);
    assert.equal(shownKey('Shift+Enter'), 'Shift+Enter');
  });

  it('never fires with Alt held: AltGr types characters on many layouts', () => {
    assert.equal(isChord(press('l', { ctrlKey: true, altKey: true }), 'Control+L'), false);
    assert.equal(isChord(press('c', { altKey: true }), 'C'), false);
  });

  it('leaves Ctrl+C and friends to the system: a plain key never matches with Ctrl or ⌘', () => {
    assert.equal(rowActionFor(ctrl('c')), null);
    assert.equal(rowActionFor(press('c', { metaKey: true })), null);
    assert.equal(appCommandFor(ctrl('n'), false), null);
  });
});

describe('page commands', () => {
  it('maps the keys to their commands outside text fields', () => {
    assert.equal(appCommandFor(ctrl('k'), false), 'search');
    assert.equal(appCommandFor(press('/'), false), 'search');
    assert.equal(appCommandFor(press('n'), false), 'add');
    assert.equal(appCommandFor(press('N'), false), 'add');
    assert.equal(appCommandFor(ctrl(','), false), 'settings');
    assert.equal(appCommandFor(ctrl('l'), false), 'lock');
    assert.equal(appCommandFor(press('?'), false), 'help');
    assert.equal(appCommandFor(press('x'), false), null);
  });

  it('while typing, only Ctrl shortcuts act: "/", "n" and "?" are text there', () => {
    assert.equal(appCommandFor(press('/'), true), null);
    assert.equal(appCommandFor(press('n'), true), null);
    assert.equal(appCommandFor(press('?'), true), null);
    assert.equal(appCommandFor(ctrl('k'), true), 'search');
    assert.equal(appCommandFor(ctrl('l'), true), 'lock');
  });
});

describe('row keys', () => {
  it('press the row button of the same letter, and Delete removes', () => {
    assert.equal(rowActionFor(press('c')), 'copy-token');
    assert.equal(rowActionFor(press('H')), 'copy-header');
    assert.equal(rowActionFor(press('a')), 'copy-apikey');
    assert.equal(rowActionFor(press('l')), 'login');
    assert.equal(rowActionFor(press('k')), 'apikey');
    assert.equal(rowActionFor(press('e')), 'edit');
    assert.equal(rowActionFor(press('Delete')), 'remove');
    assert.equal(rowActionFor(press('d')), null);
  });

  it('navigation keys are listed for the handlers that own them', () => {
    assert.deepEqual(navKeys('search-to-rows'), ['ArrowDown']);
    assert.deepEqual(navKeys('copy-top'), ['Enter']);
    assert.deepEqual(navKeys('within-row'), ['ArrowLeft', 'ArrowRight']);
    assert.deepEqual(navKeys('between-rows'), ['ArrowUp', 'ArrowDown', 'Home', 'End']);
    assert.deepEqual(navKeys('escape'), ['Escape']);
  });
});

describe('what assistive technology and the help are told', () => {
  it('aria-keyshortcuts lists every alternative in ARIA syntax', () => {
    assert.equal(ariaKeys('search'), 'Control+K /');
    assert.equal(ariaKeys('settings'), 'Control+Comma');
    assert.equal(ariaKeys('lock'), 'Control+L');
    assert.equal(ariaKeys('add'), 'N');
    assert.equal(ariaKeys('remove'), 'Delete');
  });

  it('the help writes keys the way people read them', () => {
    assert.equal(shownKey('Control+Comma'), 'Ctrl+,');
    assert.equal(shownKey('Control+K'), 'Ctrl+K');
    assert.equal(shownKey('ArrowDown'), '↓');
    assert.equal(shownKey('Escape'), 'Esc');
    assert.equal(keyHint('search'), 'Ctrl+K');
    assert.equal(keyHint('lock'), 'Ctrl+L');
  });
});
