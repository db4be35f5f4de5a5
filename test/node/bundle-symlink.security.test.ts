/**
 * app://vault serves the renderer bundle only: a symlink inside the bundle
 * folder (planted there, or left by a careless build) must not make it serve
 * a file from elsewhere on disk. Driven through the real handler on a real
 * folder, with a fetch that reads the disk the way net.fetch on file:// does.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { realBundleFile } from '../../electron/core/window/bundle-path';
import { APP_ORIGIN } from '../../electron/core/window/window-policy';
import { createBundleHandler } from '../../electron/main/protocol/protocol-handler';

describe('app://vault and symlinks in the bundle', () => {
  let dir = '';
  let bundle = '';
  const opened: string[] = [];
  let handler: ReturnType<typeof createBundleHandler>;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wxm-symlink-'));
    bundle = join(dir, 'bundle');
    mkdirSync(join(bundle, 'assets'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(bundle, 'index.html'), '<p>vault</p>');
    writeFileSync(join(bundle, 'assets', 'app.js'), 'ok()');
    writeFileSync(join(dir, 'elsewhere', 'stolen.js'), 'OUTSIDE-SECRET');
    writeFileSync(join(dir, 'elsewhere', 'accounts.json'), 'OUTSIDE-SECRET');
    // A directory link that leads out of the bundle, and file links to files elsewhere.
    symlinkSync(join(dir, 'elsewhere'), join(bundle, 'assets', 'out'));
    symlinkSync(join(dir, 'elsewhere', 'stolen.js'), join(bundle, 'leak.js'));
    symlinkSync('../../elsewhere/accounts.json', join(bundle, 'assets', 'relative.json'));
    // A link that stays inside the bundle is harmless.
    symlinkSync('app.js', join(bundle, 'assets', 'alias.js'));
    handler = createBundleHandler(bundle, async (fileUrl) => {
      opened.push(fileURLToPath(fileUrl));
      const path = fileURLToPath(fileUrl);
      return existsSync(path) ? new Response(readFileSync(path)) : new Response(null, { status: 404 });
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file reached through a symlinked directory that points outside the bundle', async () => {
    const res = await handler({ url: `${APP_ORIGIN}/assets/out/stolen.js`, method: 'GET' });
    assert.equal(res.status, 404);
    assert.equal(await res.text(), 'Not found');
  });

  it('refuses a symlinked file that points to a file elsewhere, by absolute or relative link', async () => {
    for (const path of ['/leak.js', '/assets/relative.json']) {
      const res = await handler({ url: `${APP_ORIGIN}${path}`, method: 'GET' });
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(await res.text(), /OUTSIDE-SECRET/, path);
    }
  });

  it('never opens anything outside the bundle’s real folder', () => {
    const real = realpathSync(bundle) + sep;
    for (const file of opened) assert.ok(realpathSync(file).startsWith(real), `opened ${file}`);
  });

  it('still serves ordinary files, the root, and a link that stays inside the bundle', async () => {
    for (const [path, body] of [
      ['/', '<p>vault</p>'],
      ['/assets/app.js', 'ok()'],
      ['/assets/alias.js', 'ok()'],
    ] as const) {
      const res = await handler({ url: `${APP_ORIGIN}${path}`, method: 'GET' });
      assert.equal(res.status, 200, path);
      assert.equal(await res.text(), body, path);
    }
  });

  it('resolves a missing file to nothing rather than throwing', async () => {
    assert.equal(await realBundleFile(bundle, join(bundle, 'nope.js')), null);
    assert.equal((await handler({ url: `${APP_ORIGIN}/nope.js`, method: 'GET' })).status, 404);
  });

  it('serves from a bundle folder that is itself reached through a symlink (a linked install dir)', async () => {
    const linkedRoot = join(dir, 'linked-bundle');
    symlinkSync(bundle, linkedRoot);
    assert.equal(await realBundleFile(linkedRoot, join(linkedRoot, 'assets', 'app.js')), join(realpathSync(bundle), 'assets', 'app.js'));
    assert.equal(await realBundleFile(linkedRoot, join(linkedRoot, 'leak.js')), null);
  });
});
