import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { DEFAULT_SETTINGS } from '../../electron/common/field-rules';
import { SettingsStore } from '../../electron/core/settings/settings-store';
import { settingsHandlers } from '../../electron/core/handlers/settings';
import { createDispatcher, type Handlers } from '../../electron/core/ipc-dispatcher';
import { assertPosixMode } from '../harness/host-needs';

const dirs: string[] = [];
function setup(dataDir = mkdtempSync(join(tmpdir(), 'wxm-settings-'))) {
  dirs.push(dataDir);
  const lines: string[] = [];
  const logger = createLogger(new Redactor(), [(l) => lines.push(l)]);
  const store = new SettingsStore({ dataDir, logger, now: () => 1234 });
  return { store, dataDir, lines, logger };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts with defaults when there is no file, and does not create one until a change', () => {
    const { store, dataDir } = setup();
    assert.deepEqual(store.current, {
      clipboardClearSeconds: 30,
      expiryWarningMinutes: 15,
      idleLockMinutes: 15,
      clipboardHistory: false,
      shareTokens: true,
      checkForUpdates: true,
    });
    assert.deepEqual(store.current, DEFAULT_SETTINGS);
    assert.equal(existsSync(join(dataDir, 'settings.json')), false);
  });

  it('saves changes atomically (no temp file left), private to the user, and reloads them', async () => {
    const { store, dataDir } = setup();
    const saved = await store.update({ clipboardClearSeconds: 0, expiryWarningMinutes: 60 });
    assert.deepEqual(saved, {
      clipboardClearSeconds: 0,
      expiryWarningMinutes: 60,
      idleLockMinutes: 15,
      clipboardHistory: false,
      shareTokens: true,
      checkForUpdates: true,
    });
    assert.deepEqual(readdirSync(dataDir), ['settings.json']);
    assertPosixMode(join(dataDir, 'settings.json'), 0o600);
    const again = setup(dataDir).store;
    assert.deepEqual(again.current, saved);
  });

  it('keeps a corrupt file aside and uses defaults, with a warning', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-settings-'));
    writeFileSync(join(dataDir, 'settings.json'), '{"clipboardClearSeconds": 3');
    const { store, lines } = setup(dataDir);
    assert.deepEqual(store.current, DEFAULT_SETTINGS);
    assert.deepEqual(readdirSync(dataDir), ['settings.corrupt-1970-01-01T00-00-01-234Z.json']);
    assert.equal(readFileSync(join(dataDir, 'settings.corrupt-1970-01-01T00-00-01-234Z.json'), 'utf8'), '{"clipboardClearSeconds": 3');
    assert.ok(lines.some((l) => l.includes('"level":"warn"') && l.includes('kept it aside')));
  });

  it('treats a non-object JSON file as corrupt too', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-settings-'));
    writeFileSync(join(dataDir, 'settings.json'), '[1,2]');
    const { store } = setup(dataDir);
    assert.deepEqual(store.current, DEFAULT_SETTINGS);
    assert.ok(readdirSync(dataDir).includes('settings.corrupt-1970-01-01T00-00-01-234Z.json'));
  });

  it('never overwrites an earlier damaged copy kept at the same time', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-settings-'));
    for (const text of ['first damaged', 'second damaged']) {
      writeFileSync(join(dataDir, 'settings.json'), text);
      assert.deepEqual(setup(dataDir).store.current, DEFAULT_SETTINGS);
    }
    const kept = readdirSync(dataDir).map((name) => readFileSync(join(dataDir, name), 'utf8'));
    assert.deepEqual(kept.sort(), ['first damaged', 'second damaged']);
  });

  it('falls back to the default for one out-of-range field and keeps the others', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-settings-'));
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ clipboardClearSeconds: 99999, expiryWarningMinutes: 5, extra: 'x' }));
    const { store, lines } = setup(dataDir);
    assert.deepEqual(store.current, {
      clipboardClearSeconds: 30,
      expiryWarningMinutes: 5,
      idleLockMinutes: 15,
      clipboardHistory: false,
      shareTokens: true,
      checkForUpdates: true,
    });
    assert.ok(lines.some((l) => l.includes('out-of-range')));
  });

  it('keeps copies concealed unless the file says clipboardHistory is exactly true', () => {
    for (const [stored, expected] of [
      [true, true],
      ['true', false],
      [1, false],
      [null, false],
    ] as const) {
      const dataDir = mkdtempSync(join(tmpdir(), 'wxm-settings-'));
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ clipboardHistory: stored, idleLockMinutes: 3 }));
      const { store } = setup(dataDir);
      assert.equal(store.current.clipboardHistory, expected, JSON.stringify(stored));
      assert.equal(store.current.idleLockMinutes, 3);
    }
  });

  it('saves clipboardHistory and refuses a non-boolean for it', async () => {
    const { store, dataDir } = setup();
    await store.update({ clipboardHistory: true });
    await assert.rejects(store.update({ clipboardHistory: 'yes' as unknown as boolean }), RangeError);
    assert.equal(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).clipboardHistory, true);
    assert.equal(setup(dataDir).store.current.clipboardHistory, true);
  });

  it('checks for updates unless the file says checkForUpdates is exactly false, and saves turning it off', async () => {
    for (const [stored, expected] of [
      [false, false],
      ['false', true],
      [0, true],
    ] as const) {
      const dataDir = mkdtempSync(join(tmpdir(), 'wxm-settings-'));
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ checkForUpdates: stored }));
      assert.equal(setup(dataDir).store.current.checkForUpdates, expected, JSON.stringify(stored));
    }
    const { store, dataDir } = setup();
    await store.update({ checkForUpdates: false });
    assert.equal(setup(dataDir).store.current.checkForUpdates, false);
  });

  it('refuses out-of-range values without applying or saving them', async () => {
    const { store, dataDir } = setup();
    await store.update({ idleLockMinutes: 5 });
    await assert.rejects(store.update({ idleLockMinutes: -1 }), RangeError);
    assert.equal(store.current.idleLockMinutes, 5);
    assert.equal(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).idleLockMinutes, 5);
  });

  it('serialises concurrent updates so none is lost', async () => {
    const { store, dataDir } = setup();
    await Promise.all([store.update({ clipboardClearSeconds: 10 }), store.update({ expiryWarningMinutes: 2 }), store.update({ idleLockMinutes: 0 })]);
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));
    assert.deepEqual(onDisk, {
      clipboardClearSeconds: 10,
      expiryWarningMinutes: 2,
      idleLockMinutes: 0,
      clipboardHistory: false,
      shareTokens: true,
      checkForUpdates: true,
    });
  });

  it('is reached through the dispatcher: get, update, and schema refusals', async () => {
    const { store, logger } = setup();
    const handlers = settingsHandlers(store) as unknown as Handlers;
    const dispatch = createDispatcher(handlers, { trustedOrigin: 'app://vault', logger, isLocked: async () => false });
    const top = { origin: 'app://vault', isMainFrame: true };
    assert.deepEqual(await dispatch(top, 'settings:get', undefined), { ok: true, value: DEFAULT_SETTINGS });
    assert.deepEqual(await dispatch(top, 'settings:update', { clipboardClearSeconds: 2 }), {
      ok: true,
      value: { ...DEFAULT_SETTINGS, clipboardClearSeconds: 2 },
    });
    const refused = await dispatch(top, 'settings:update', { clipboardClearSeconds: 601 });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.error.code, 'bad-request');
    const alsoRefused = await dispatch(top, 'settings:update', { expiryWarningMinutes: 0 });
    assert.equal(alsoRefused.ok, false);
    const notABoolean = await dispatch(top, 'settings:update', { clipboardHistory: 'true' });
    assert.equal(notABoolean.ok, false);
    assert.deepEqual(await dispatch(top, 'settings:update', { clipboardHistory: true }), {
      ok: true,
      value: { ...DEFAULT_SETTINGS, clipboardClearSeconds: 2, clipboardHistory: true },
    });
    assert.equal(store.current.clipboardClearSeconds, 2);
  });
});
