/**
 * The browser shell's clipboard port, through the OS's clipboard commands.
 *
 * - xclip and xsel on the real X11 CLIPBOARD (a private Xvfb): what it copies is
 *   what a user pastes, and clear empties it.
 * - wl-copy, pbcopy and PowerShell through fakes on PATH (no Wayland
 *   compositor, macOS or Windows here) that record their arguments and keep
 *   the "clipboard" in a file: the secret reaches every tool on stdin, never in
 *   its arguments, and each reads back what it stored.
 * - The choice per OS and session, and a sentence naming the package when
 *   nothing is installed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pickClipboardTool, POWERSHELL, WL_CLIPBOARD, XCLIP, XSEL, type ClipboardTool } from '../../electron/core/clipboard/clipboard-tools';
import { createOsClipboard } from '../../electron/core/clipboard/os-clipboard';
import { VaultError } from '../../electron/core/errors';
import { readX11Clipboard, writeX11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, X11_CLIPBOARD } from '../harness/host-needs';

usePrivateDisplay();

const SECRET_SHAPED = () => `clip-secret-${randomUUID()} with spaces, "quotes" and ünïcödé`;

function commandLinesContaining(text: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const line = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (line.includes(text)) hits.push(`${entry}: ${line}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return hits;
}

/** Every process's arguments, sampled while `work` runs (short-lived helpers included). */
async function argumentsSeenDuring(secret: string, work: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let running = true;
  const sampler = (async () => {
    while (running) {
      seen.push(...commandLinesContaining(secret));
      await new Promise((r) => setImmediate(r));
    }
  })();
  await work().finally(() => (running = false));
  await sampler;
  return seen;
}

for (const tool of [XCLIP, XSEL]) {
  describe(`${tool.name} on the real X11 clipboard`, { skip: needsLinux(X11_CLIPBOARD) }, () => {
    it('puts the exact text on the clipboard, reads it back, and clear empties it', async () => {
      const port = createOsClipboard({ tool });
      const secret = SECRET_SHAPED();
      await port.writeText(secret);
      assert.equal(await readX11Clipboard(), secret);
      assert.equal(await port.readText(), secret);
      await port.clear();
      assert.equal(await readX11Clipboard(), '');
      assert.equal(await port.readText(), '');
    });

    it('hands the secret over on stdin: no process has it in its arguments', async () => {
      const port = createOsClipboard({ tool });
      const secret = `argv-canary-${randomUUID()}`;
      assert.deepEqual(await argumentsSeenDuring(secret, () => port.writeText(secret)), []);
      assert.deepEqual(commandLinesContaining(secret), []);
      assert.ok(commandLinesContaining(tool.write.file).length > 0, `the ${tool.name} owner is running`);
      assert.equal(await readX11Clipboard(), secret);
      await port.clear();
    });

    it('reads a clipboard someone else owns, and an empty one as empty', async () => {
      const port = createOsClipboard({ tool });
      await writeX11Clipboard('the user copied this');
      assert.equal(await port.readText(), 'the user copied this');
      await writeX11Clipboard('');
      assert.equal(await port.readText(), '');
    });
  });
}

// ---- fakes on PATH ----------------------------------------------------------------

interface Fakes {
  dir: string;
  /** One JSON line per run: the command's name and its arguments. */
  argv(): Array<{ name: string; args: string[] }>;
  /** What the fake clipboard holds; null when empty. */
  stored(): string | null;
  /** PowerShell's scripts, decoded from -EncodedCommand. */
  scripts(): string[];
}

/**
 * Fake clipboard commands, in Node (by absolute path, so PATH can hold nothing
 * else): each records its arguments and keeps the clipboard in a file.
 */
function makeFakes(names: string[]): Fakes {
  const dir = mkdtempSync(join(tmpdir(), 'wxm-fake-clip-'));
  const log = join(dir, 'argv.jsonl');
  const store = join(dir, 'clipboard');
  const body = (name: string) => `#!${process.execPath}
const fs = require('node:fs');
const name = ${JSON.stringify(name)};
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ name, args }) + '\\n');
const store = ${JSON.stringify(store)};
const stdin = () => fs.readFileSync(0, 'utf8');
const out = () => (fs.existsSync(store) ? process.stdout.write(fs.readFileSync(store, 'utf8')) : process.exit(1));
if (name === 'powershell.exe') {
  const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1], 'base64').toString('utf16le');
  if (script.includes('Set-Clipboard')) fs.writeFileSync(store, stdin());
  else if (script.includes('Get-Clipboard')) { if (fs.existsSync(store)) process.stdout.write(fs.readFileSync(store, 'utf8')); }
  else if (script.includes('Clipboard]::Clear()')) fs.rmSync(store, { force: true });
  else process.exit(2);
} else if (name === 'wl-copy' || name === 'pbcopy' || name === 'xclip' || name === 'xsel') {
  if (args.includes('--clear')) fs.rmSync(store, { force: true });
  else if (args.includes('-o') || args.includes('--output')) out();
  else fs.writeFileSync(store, stdin());
} else out();
`;
  for (const name of names) {
    const path = join(dir, name);
    writeFileSync(path, body(name));
    chmodSync(path, 0o755);
  }
  return {
    dir,
    argv: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { name: string; args: string[] })
        : [],
    stored: () => (existsSync(store) ? readFileSync(store, 'utf8') : null),
    scripts: () => {
      const runs = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
      return runs
        .map((l) => JSON.parse(l) as { name: string; args: string[] })
        .filter((r) => r.name === 'powershell.exe')
        .map((r) => Buffer.from(r.args[r.args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le'));
    },
  };
}

const faked: Array<{ label: string; platform: NodeJS.Platform; env: Record<string, string>; names: string[]; tool: string }> = [
  {
    label: 'wl-copy / wl-paste (Wayland)',
    platform: 'linux',
    env: { WAYLAND_DISPLAY: 'wayland-0' },
    names: ['wl-copy', 'wl-paste'],
    tool: 'wl-copy',
  },
  { label: 'pbcopy / pbpaste (macOS)', platform: 'darwin', env: {}, names: ['pbcopy', 'pbpaste'], tool: 'pbcopy' },
  { label: 'PowerShell (Windows)', platform: 'win32', env: {}, names: ['powershell.exe'], tool: 'PowerShell' },
];

for (const { label, platform, env: sessionEnv, names, tool } of faked) {
  describe(`${label}, through a fake on PATH`, () => {
    let fakes: Fakes;
    before(() => (fakes = makeFakes(names)));
    after(() => rmSync(fakes.dir, { recursive: true, force: true }));

    it(`is the tool picked for this session, gets the secret on stdin only, and reads back what it stored`, async () => {
      const env = { PATH: fakes.dir, ...sessionEnv };
      assert.equal(pickClipboardTool(platform, env).name, tool);
      const port = createOsClipboard({ platform, env });
      const secret = SECRET_SHAPED();
      await port.writeText(secret);
      assert.equal(fakes.stored(), secret, 'the tool received the exact text on stdin');
      assert.equal(await port.readText(), secret);
      await port.clear();
      assert.equal(await port.readText(), '');
      const runs = fakes.argv();
      assert.ok(runs.length >= 3, `the fakes ran (${runs.length})`);
      assert.deepEqual(
        runs.filter((r) => JSON.stringify(r).includes(secret) || JSON.stringify(r).includes('clip-secret-')),
        [],
        'no argument carried the secret',
      );
      for (const script of fakes.scripts()) assert.ok(!script.includes('clip-secret-'), 'no PowerShell script carried the secret');
    });
  });
}

describe('picking the clipboard tool', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes(['wl-copy', 'wl-paste', 'xclip', 'xsel'])));
  after(() => rmSync(fakes.dir, { recursive: true, force: true }));

  const pick = (env: Record<string, string>, platform: NodeJS.Platform = 'linux'): ClipboardTool => pickClipboardTool(platform, env);

  it('Wayland: wl-copy first; without wl-clipboard, xclip or xsel through Xwayland', () => {
    assert.equal(pick({ PATH: fakes.dir, WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }), WL_CLIPBOARD);
    const noWl = mkdtempSync(join(tmpdir(), 'wxm-fake-clip-'));
    try {
      writeFileSync(join(noWl, 'xsel'), '', { mode: 0o755 });
      assert.equal(pick({ PATH: noWl, WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }), XSEL);
    } finally {
      rmSync(noWl, { recursive: true, force: true });
    }
  });

  it('X11: xclip first, then xsel; never wl-copy without a Wayland session', () => {
    assert.equal(pick({ PATH: fakes.dir, DISPLAY: ':0' }), XCLIP);
    const onlyXsel = mkdtempSync(join(tmpdir(), 'wxm-fake-clip-'));
    try {
      writeFileSync(join(onlyXsel, 'xsel'), '', { mode: 0o755 });
      writeFileSync(join(onlyXsel, 'wl-copy'), '', { mode: 0o755 });
      writeFileSync(join(onlyXsel, 'wl-paste'), '', { mode: 0o755 });
      assert.equal(pick({ PATH: onlyXsel, DISPLAY: ':0' }), XSEL);
    } finally {
      rmSync(onlyXsel, { recursive: true, force: true });
    }
  });

  it('Windows and macOS use their built-in commands', () => {
    assert.equal(pick({ PATH: '' }, 'win32'), POWERSHELL);
    assert.equal(pick({ PATH: '' }, 'darwin').name, 'pbcopy');
  });

  it('with nothing installed, names the package to install, and copies nothing', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PATH: '/nonexistent', WAYLAND_DISPLAY: 'wayland-0' }, /sudo apt install wl-clipboard/],
      [{ PATH: '/nonexistent', WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, /wl-clipboard/],
      [{ PATH: '/nonexistent', DISPLAY: ':0' }, /xclip or xsel.*sudo apt install xclip/],
      [{ PATH: '/nonexistent' }, /no display/],
    ];
    for (const [env, message] of cases) {
      const port = createOsClipboard({ platform: 'linux', env });
      for (const attempt of [() => port.writeText('x'), () => port.readText(), () => port.clear()]) {
        await assert.rejects(attempt(), (error: unknown) => error instanceof VaultError && message.test(error.message), JSON.stringify(env));
      }
    }
  });

  it('a tool that vanished after it was picked is named, with its package', async () => {
    const port = createOsClipboard({ tool: XSEL, env: { PATH: '/nonexistent', DISPLAY: ':0' } });
    await assert.rejects(
      port.writeText('x'),
      (error: unknown) => error instanceof VaultError && /needs xsel.*sudo apt install xsel/.test(error.message),
    );
    const windows = createOsClipboard({ tool: POWERSHELL, env: { PATH: '/nonexistent' } });
    await assert.rejects(windows.readText(), (error: unknown) => error instanceof VaultError && /needs powershell\.exe.*on PATH/.test(error.message));
  });
});
