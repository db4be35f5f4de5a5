/**
 * The real electron-updater behind the controller's UpdaterPort (asUpdaterPort in
 * electron/main/updates/updates.ts), run under Node: its AppImageUpdater with a plain
 * app object in place of Electron's, reading its feed from app-update.yml as a packaged
 * app does, over loopback HTTP from a fake of GitHub's release URLs. Proves what the
 * adapter promises: a check downloads nothing, an unpackaged app asks the network
 * nothing, and only a newer published release is reported.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { HttpExecutor } from 'builder-util-runtime';
import { AppImageUpdater } from 'electron-updater';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { asUpdaterPort, wireUpdates } from '../../electron/main/updates/updates';
import { DEFAULT_SETTINGS } from '../../electron/common/field-rules';
import { startFakeGithubReleases, type FakeGithubReleases } from '../harness/fake-github-releases';

/** Plain Node HTTP for electron-updater, which in the app uses Electron's net module. */
class LoopbackExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return request(options, callback);
  }
}

let github: FakeGithubReleases;
const dirs: string[] = [];
const appImageBefore = process.env.APPIMAGE;
before(async () => {
  github = await startFakeGithubReleases([]);
  // The AppImage runtime sets it; without it AppImageUpdater stops before the check (and before the packaged test).
  process.env.APPIMAGE = join(tmpdir(), 'wxm-vault-1.0.0-linux-x86_64.AppImage');
});
after(async () => {
  if (appImageBefore === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = appImageBefore;
  await github.close();
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  github.releases = [];
  (github.requested as string[]).length = 0;
});

function updaterFor(options: { isPackaged: boolean; version: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'wxm-updater-'));
  dirs.push(dir);
  // What electron-builder writes beside a packaged app from the `publish` config, pointed at the fake.
  const config = join(dir, 'app-update.yml');
  writeFileSync(
    config,
    `provider: github\nowner: ${github.owner}\nrepo: ${github.repo}\nhost: ${github.host}\nprotocol: http\nupdaterCacheDirName: wxm-vault-updater\n`,
  );
  const app = {
    version: options.version,
    name: 'WXM Vault',
    isPackaged: options.isPackaged,
    appUpdateConfigPath: config,
    userDataPath: dir,
    baseCachePath: dir,
    whenReady: async () => {},
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  const updater = new AppImageUpdater(null, app);
  (updater as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new LoopbackExecutor();
  const lines: string[] = [];
  const port = asUpdaterPort(updater, createLogger(new Redactor(), [(line) => lines.push(line)]));
  return { updater, port, lines };
}

describe('electron-updater as the UpdaterPort', () => {
  it('turns off every step the user has not confirmed: no download on a check, no install on quit, no pre-releases', () => {
    const { updater } = updaterFor({ isPackaged: true, version: '1.0.0' });
    assert.equal(updater.autoDownload, false);
    assert.equal(updater.autoInstallOnAppQuit, false);
    assert.equal(updater.allowPrerelease, false);
    assert.equal(updater.allowDowngrade, false);
  });

  it('reports a newer published release and downloads nothing while checking', async () => {
    github.releases = [{ version: '1.1.0' }, { version: '1.0.0' }];
    const { port, lines } = updaterFor({ isPackaged: true, version: '1.0.0' });
    assert.deepEqual(await port.checkForUpdates(), { version: '1.1.0' });
    // An automatic download would start right after the check: give it the time to ask for the AppImage.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(github.requested, [
      '/octo-org/wxm-vault/releases.atom',
      '/api/v3/repos/octo-org/wxm-vault/releases/latest',
      '/octo-org/wxm-vault/releases/download/v1.1.0/latest-linux.yml',
    ]);
    assert.ok(
      lines.some((l) => l.includes('"scope":"electron-updater"') && l.includes('Checking for update')),
      'its log goes through ours',
    );
  });

  it('reports nothing when the running version is the newest published one, whatever drafts exist', async () => {
    github.releases = [{ version: '1.1.0', draft: true }, { version: '1.0.0' }];
    const { port } = updaterFor({ isPackaged: true, version: '1.0.0' });
    assert.equal(await port.checkForUpdates(), null);
    assert.equal(
      github.requested.some((p) => p.includes('1.1.0')),
      false,
    );
  });

  it('asks the network nothing in an unpackaged app', async () => {
    github.releases = [{ version: '1.1.0' }];
    const { port, lines } = updaterFor({ isPackaged: false, version: '1.0.0' });
    assert.equal(await port.checkForUpdates(), null);
    assert.deepEqual(github.requested, []);
    assert.ok(lines.some((l) => l.includes('not packed')));
  });
});

describe("wireUpdates (main's wiring)", () => {
  function wire(install: { platform: NodeJS.Platform; env: Record<string, string>; resourcesPath: string }, isPackaged: boolean) {
    const lines: string[] = [];
    const boxes: unknown[] = [];
    const stop = wireUpdates({
      app: { isPackaged, getVersion: () => '1.0.0' },
      install,
      dialog: { showMessageBox: async (...args: unknown[]) => (boxes.push(args), { response: 0, checkboxChecked: false }) },
      window: () => null,
      settings: { current: { ...DEFAULT_SETTINGS } },
      logger: createLogger(new Redactor(), [(line) => lines.push(line)]),
    });
    return { stop, lines, boxes };
  }

  it('in an unpackaged run only says why it does not check: no updater, no question, no request', async () => {
    const resourcesPath = mkdtempSync(join(tmpdir(), 'wxm-resources-'));
    dirs.push(resourcesPath);
    writeFileSync(
      join(resourcesPath, 'app-update.yml'),
      `provider: github\nowner: ${github.owner}\nrepo: ${github.repo}\nhost: ${github.host}\nprotocol: http\n`,
    );
    github.releases = [{ version: '9.0.0' }];
    const { stop, lines, boxes } = wire({ platform: 'linux', env: { APPIMAGE: '/tmp/x.AppImage' }, resourcesPath }, false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop();
    assert.deepEqual(boxes, []);
    assert.deepEqual(github.requested, []);
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { scope: string; message: string }).message),
      ['Not checking for updates: this is an unpackaged run (development or tests).'],
    );
  });

  it('in a packaged deb says the package manager updates it, and does nothing else', async () => {
    const resourcesPath = mkdtempSync(join(tmpdir(), 'wxm-resources-'));
    dirs.push(resourcesPath);
    writeFileSync(join(resourcesPath, 'package-type'), 'deb');
    const { stop, lines, boxes } = wire({ platform: 'linux', env: {}, resourcesPath }, true);
    stop();
    assert.deepEqual(boxes, []);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /updates come from your package manager/);
  });
});
