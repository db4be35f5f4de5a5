/**
 * accounts:exportToFile, through the real vault and dispatcher: main writes the
 * list to a file (the browser shell cannot download), private to the user,
 * never replacing a file already there, and says where. And where the
 * Downloads folder is on each desktop.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { EXPORT_FORMAT } from '../../electron/core/accounts/account-transfer';
import { exportToFile, newFileIn } from '../../electron/core/accounts/export-file';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { downloadsFolder, parseUserDirs } from '../../electron/core/downloads-folder';
import { failure } from '../harness/failure';
import { ipcCaller } from '../harness/ipc-call';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { assertPosixMode } from '../harness/host-needs';

const noClipboard: ClipboardPort = {
  readText: async () => '',
  writeText: async () => {},
  clear: async () => {},
};
const top = { origin: 'app://vault', isMainFrame: true };
const IMPORT = JSON.stringify({
  format: EXPORT_FORMAT,
  schemaVersion: 1,
  accounts: [
    { label: 'Ops US', username: 'ops@acme.test', baseUrl: 'https://api.getcloudcherry.com', authMode: 'password', station: 'uswest' },
    { label: 'Ops EU', username: 'ops-eu@acme.test', baseUrl: 'https://api.getcloudcherry.com', authMode: 'apiKey' },
  ],
});

describe('accounts:exportToFile', () => {
  let h: VaultHarness;
  const call = ipcCaller((channel, payload) => h.dispatch(top, channel, payload));

  before(async () => {
    h = createVaultHarness({ trustedOrigin: top.origin, clipboard: noClipboard });
    await call('accounts:import', { json: IMPORT });
  });
  after(() => h.dispose());

  it('writes the list to a new file only the user can read, and the reply names it', async () => {
    const { path, count } = await call('accounts:exportToFile');
    assert.equal(count, 2);
    assert.ok(path, 'a path');
    assert.match(path, /\/exports\/wxm-vault-accounts-\d{4}-\d{2}-\d{2}\.json$/);
    assertPosixMode(path, 0o600);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(data.format, EXPORT_FORMAT);
    assert.deepEqual(
      data.accounts.map((a: { label: string }) => a.label),
      ['Ops US', 'Ops EU'],
    );
  });

  it('a second export the same day gets a new name; the first file is left as it was', async () => {
    const [first] = readdirSync(h.exportDir);
    const before = readFileSync(join(h.exportDir, first!), 'utf8');
    const { path } = await call('accounts:exportToFile');
    assert.match(path!, /-2\.json$/);
    assert.equal(readFileSync(join(h.exportDir, first!), 'utf8'), before);
    assert.deepEqual(readdirSync(h.exportDir).sort(), [first, first!.replace('.json', '-2.json')].sort(), 'no temp file left behind');
  });
});

describe('exportToFile', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-export-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const deps = (choose: (name: string) => Promise<string | null>) => ({
    choose,
    exportJson: async () => ({ json: '{"accounts":[]}', count: 0 }),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    now: () => Date.UTC(2031, 4, 6),
  });

  it('offers a dated name, and writes nothing when the user cancels the choice', async () => {
    const offered: string[] = [];
    const result = await exportToFile(
      deps(async (name) => {
        offered.push(name);
        return null;
      }),
    );
    assert.deepEqual(result, { path: null, count: 0 });
    assert.deepEqual(offered, ['wxm-vault-accounts-2031-05-06.json']);
  });

  it('creates a missing Downloads folder, private to the user', async () => {
    const downloads = join(tempDir(), 'Downloads');
    const { path } = await exportToFile(deps(newFileIn(() => downloads)));
    assert.equal(path, join(downloads, 'wxm-vault-accounts-2031-05-06.json'));
    assertPosixMode(downloads, 0o700);
  });

  it('a folder it cannot write to is named in an error that says what to do', async () => {
    const blocked = join(tempDir(), 'not-a-folder');
    writeFileSync(blocked, 'a file where the folder should be');
    const error = await failure(exportToFile(deps(newFileIn(() => blocked))));
    assert.equal(error.code, 'data-file');
    assert.match(error.message, new RegExp(`could not write the export to ${blocked}/.*Check that you can write to ${blocked}`));
  });
});

describe('the Downloads folder', () => {
  const home = '/home/ana';
  let config: string;
  before(() => (config = mkdtempSync(join(tmpdir(), 'wxm-xdg-'))));
  after(() => rmSync(config, { recursive: true, force: true }));

  it('Linux: $XDG_DOWNLOAD_DIR, then user-dirs.dirs, then ~/Downloads', () => {
    const linux = (env: Record<string, string>) => downloadsFolder({ platform: 'linux', env: { XDG_CONFIG_HOME: config, ...env }, home });
    assert.equal(linux({}), '/home/ana/Downloads');
    writeFileSync(
      join(config, 'user-dirs.dirs'),
      '# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/Schreibtisch"\nXDG_DOWNLOAD_DIR="$HOME/Herunterladen"\n',
    );
    assert.equal(linux({}), '/home/ana/Herunterladen');
    assert.equal(linux({ XDG_DOWNLOAD_DIR: '/data/dl' }), '/data/dl');
    assert.equal(linux({ XDG_DOWNLOAD_DIR: 'relative/dl' }), '/home/ana/Herunterladen', 'a relative path is not a folder we can name');
  });

  it('reads the two forms user-dirs.dirs allows, and nothing else', () => {
    assert.equal(parseUserDirs('XDG_DOWNLOAD_DIR="/srv/downloads"', home), '/srv/downloads');
    assert.equal(parseUserDirs('XDG_DOWNLOAD_DIR="$HOME/My \\"DL\\""', home), '/home/ana/My "DL"');
    assert.equal(parseUserDirs('XDG_DOWNLOAD_DIR="$HOME"', home), '/home/ana');
    assert.equal(parseUserDirs('XDG_DOWNLOAD_DIR="Downloads"', home), null);
    assert.equal(parseUserDirs('#XDG_DOWNLOAD_DIR="/x"', home), null);
    assert.equal(parseUserDirs('XDG_MUSIC_DIR="/x"', home), null);
  });

  it('macOS and Windows: ~/Downloads, whatever XDG says', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      assert.equal(downloadsFolder({ platform, env: { XDG_DOWNLOAD_DIR: '/data/dl', XDG_CONFIG_HOME: config }, home }), join(home, 'Downloads'));
    }
  });
});
