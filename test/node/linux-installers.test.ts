/**
 * The Linux release build, through scripts/installers/dist.mjs and the real
 * electron-builder: AppImage and deb from an unpacked app, with the configuration
 * and environment CI packages with. Three things stand in for what cannot run
 * here: the unpacked app (no Electron binary), and fpm and mksquashfs, which
 * electron-builder downloads. The stand-ins record what electron-builder hands
 * them: the deb's metadata, and the folder the AppImage is squashed from.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { needsLinux } from '../harness/host-needs';
// @ts-expect-error: a plain .mjs script without types
import * as distScript from '../../scripts/installers/dist.mjs';

const { dist } = distScript as {
  dist(platform: string, env: Record<string, string>, options: Record<string, unknown>): Promise<{ ok: boolean; files: string[] }>;
};
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const dir = mkdtempSync(join(tmpdir(), 'wxm-linux-installers-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const app = join(dir, 'linux-unpacked');
const tools = join(dir, 'tools');
const out = join(dir, 'release');

function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

// The stand-ins are shell scripts, and the Linux runner builds these targets for real.
describe('the Linux installers electron-builder makes', { skip: needsLinux('electron-builder’s Linux targets (fpm, mksquashfs)') }, () => {
  let result: { ok: boolean; files: string[] } = { ok: false, files: [] };
  let failure: unknown = null;

  before(async () => {
    mkdirSync(join(app, 'resources'), { recursive: true });
    script(join(app, 'wxm-vault'), '#!/bin/sh\n');
    writeFileSync(join(app, 'resources', 'app.asar'), 'asar');
    // electron-builder's AppImage toolset layout (FUSE2): mksquashfs per host, the runtime per target arch.
    mkdirSync(join(tools, 'linux-x64'), { recursive: true });
    mkdirSync(join(tools, 'lib', 'x64'), { recursive: true });
    writeFileSync(join(tools, 'runtime-x64'), 'RUNTIME');
    script(join(tools, 'linux-x64', 'desktop-file-validate'), '#!/bin/sh\nexit 0\n');
    script(
      join(tools, 'linux-x64', 'mksquashfs'),
      `#!/bin/sh\n(cd "$1" && find . | sort) > '${dir}/appimage-contents.txt'\nprintf squashfs >> "$2"\n`,
    );
    script(
      join(dir, 'fpm'),
      `#!/bin/sh\nfor a; do printf '%s\\n' "$a"; done > '${dir}/fpm-args.txt'\nwhile [ $# -gt 0 ]; do [ "$1" = --package ] && out="$2"; shift; done\nprintf deb > "$out"\n`,
    );
    process.env.APPIMAGE_TOOLS_PATH = tools;
    process.env.CUSTOM_FPM_PATH = join(dir, 'fpm');
    try {
      result = await dist(
        'linux',
        { GITHUB_REPOSITORY: 'octo-org/wxm-vault' },
        { prepackaged: app, linux: [], config: { directories: { output: out } } },
      );
    } catch (error) {
      failure = error;
    }
  });

  it('builds both, named as the release expects', () => {
    assert.equal(failure, null, String(failure));
    assert.equal(result.ok, true);
    const names = readdirSync(out);
    for (const name of [`wxm-vault-${pkg.version}-linux-x86_64.AppImage`, `wxm-vault-${pkg.version}-linux-amd64.deb`, 'latest-linux.yml'])
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.ok(existsSync(join(out, 'build-info-linux.json')));
  });

  it('gives the deb a maintainer with an address and a homepage (electron-builder refuses a deb without them)', () => {
    const args = readFileSync(join(dir, 'fpm-args.txt'), 'utf8').split('\n');
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    assert.match(value('--maintainer') ?? '', /^WXM Vault maintainers <[^\s<>@]+@[^\s<>@]+\.[a-z]+>$/);
    assert.equal(value('--url'), 'https://github.com/octo-org/wxm-vault', 'the repository the feed comes from');
  });

  it('squashes the AppImage from a folder with its update feed and without the deb’s package-type', () => {
    // The deb target writes resources/package-type into the shared unpacked folder; an AppImage
    // carrying it would count as a package-manager install, which never updates itself.
    const contents = readFileSync(join(dir, 'appimage-contents.txt'), 'utf8').split('\n');
    assert.ok(contents.includes('./resources/app-update.yml'), contents.join(' '));
    assert.ok(!contents.includes('./resources/package-type'), 'no package-type in the AppImage');
    assert.equal(readFileSync(join(app, 'resources', 'package-type'), 'utf8'), 'deb', 'the deb, built after it, has one');
  });
});
