import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ClipboardGuard } from '../../electron/core/clipboard/clipboard-guard';
import { VaultError } from '../../electron/core/errors';
import { clipboardHandlers, type SecretSource } from '../../electron/core/handlers/clipboard';
import { createDispatcher, type Handlers } from '../../electron/core/ipc-dispatcher';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { SettingsStore } from '../../electron/core/settings/settings-store';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const dataDir = mkdtempSync(join(tmpdir(), 'wxm-clip-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function setup(source: SecretSource) {
  const lines: string[] = [];
  const logger = createLogger(new Redactor(), [(l) => lines.push(l)]);
  let board = '';
  const settings = new SettingsStore({ dataDir, logger, now: () => 0 });
  const guard = new ClipboardGuard({
    clipboard: { readText: async () => board, writeText: async (t) => void (board = t), clear: async () => void (board = '') },
    platform: 'linux',
    settings,
    logger,
    now: () => 5000,
    onCleared: () => {},
    scheduler: { setTimeout: () => 1, clearTimeout: () => {} },
  });
  const dispatch = createDispatcher(clipboardHandlers(guard, settings, source) as unknown as Handlers, {
    trustedOrigin: 'app://vault',
    logger,
    isLocked: async () => false,
  });
  const top = { origin: 'app://vault', isMainFrame: true };
  return { send: (channel: string, payload: unknown) => dispatch(top, channel, payload), board: () => board, settings, lines };
}

const source: SecretSource = {
  accessToken: async (id) => (id === ID ? 'tok-SECRET-1' : Promise.reject(new VaultError('not-found', 'No such account.'))),
  apiKey: async () => 'key-SECRET-2',
};

describe('clipboard handlers', () => {
  it('copies the token, the bearer header or the API key, and replies with timings only', async () => {
    const { send, board } = setup(source);
    for (const [kind, expected] of [
      ['token', 'tok-SECRET-1'],
      ['bearerHeader', 'Authorization: Bearer tok-SECRET-1'],
      ['apiKey', 'key-SECRET-2'],
    ] as const) {
      const reply = await send('clipboard:copy', { id: ID, kind });
      assert.deepEqual(reply, { ok: true, value: { kind, copiedAt: 5000, clearsAt: 35_000 } });
      assert.equal(board(), expected);
      assert.ok(!JSON.stringify(reply).includes('SECRET'));
    }
  });

  it('uses the clipboard timeout from settings; 0 means no clear time', async () => {
    const { send, settings } = setup(source);
    await settings.update({ clipboardClearSeconds: 0 });
    assert.deepEqual(await send('clipboard:copy', { id: ID, kind: 'token' }), { ok: true, value: { kind: 'token', copiedAt: 5000, clearsAt: null } });
    await settings.update({ clipboardClearSeconds: 30 });
  });

  it('passes account errors through with their code, and refuses bad kinds', async () => {
    const { send } = setup(source);
    const missing = await send('clipboard:copy', { id: ID.replace('0f', 'aa'), kind: 'token' });
    assert.deepEqual(missing, { ok: false, error: { code: 'not-found', message: 'No such account.' } });
    const bad = await send('clipboard:copy', { id: ID, kind: 'password' });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.error.code, 'bad-request');
  });

  it('refuses an empty value and says there is nothing to copy', async () => {
    const { send } = setup({ accessToken: async () => '', apiKey: async () => '' });
    const reply = await send('clipboard:copy', { id: ID, kind: 'apiKey' });
    assert.equal(reply.ok, false);
    if (!reply.ok) assert.equal(reply.error.code, 'clipboard-empty');
  });

  it('clipboard:clear clears only our value', async () => {
    const { send, board } = setup(source);
    assert.deepEqual(await send('clipboard:clear', undefined), { ok: true, value: { cleared: false } });
    await send('clipboard:copy', { id: ID, kind: 'token' });
    assert.deepEqual(await send('clipboard:clear', undefined), { ok: true, value: { cleared: true } });
    assert.equal(board(), '');
  });
});
