/**
 * CI runs the node tests on macOS and Windows too (.github/workflows/ci.yml). There a
 * test that needs X11, xclip, a dbus-daemon, gnome-keyring, util-linux `script` or the
 * system Chromium must skip itself and say why, not fail on a missing program.
 *
 * The files that need such a thing are found here, not listed: every test file that
 * uses a Linux-only harness piece (or program) must call a host-needs.ts skip helper.
 * Then they are run here as if on macOS (process.platform replaced before any test code
 * loads) with a PATH that holds node alone, so a missing guard shows up as a spawn error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { needsCommand, needsLinux, needsPosix, onPath } from '../harness/host-needs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wxm-host-needs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Harness modules that only work on Linux, and the names that do when only some of a module does. */
const LINUX_ONLY_IMPORTS: Record<string, string[] | 'all'> = {
  '../harness/xvfb': 'all',
  '../harness/x11-clipboard': 'all',
  '../harness/private-dbus': 'all',
  '../harness/fake-desktop-services': 'all',
  '../harness/cli-run': ['runOnTerminal'],
  // The browser shell runs the system Chromium.
  '../../electron/browser/launch': ['launchBrowserShell'],
  '../../electron/demo/demo-session': ['startDemo'],
};
/** Programs (string literals) only the Linux runs have. */
const LINUX_ONLY_PROGRAMS =
  /^(secret-tool|gnome-keyring-daemon|dbus-daemon|Xvfb|xvfb-run|xclip|xsel|xprintidle|script|\/usr\/bin\/chromium|.*\/with-keyring\.sh)$/;
const SKIP_HELPERS = new Set(['needsLinux', 'needsCommand']);

/**
 * A file whose Linux-looking strings are only data (a launcher path a pure function is given, say) says so in a
 * comment with its reason: `// host-needs: none: <why>`. Reviewed like an eslint-disable; the reason is required.
 */
const NO_HOST_NEEDS = /^\s*\/\/ host-needs: none: \S.{10,}$/m;

/** What in `text` (a test file) only works on Linux, and whether it calls a host-needs skip helper. */
function linuxNeeds(fileName: string, text: string): { needs: string[]; skips: boolean } {
  if (NO_HOST_NEEDS.test(text)) return { needs: [], skips: false };
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const needs = new Set<string>();
  let skips = false;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const wanted = LINUX_ONLY_IMPORTS[node.moduleSpecifier.text];
      const bindings = node.importClause?.namedBindings;
      const names =
        bindings && ts.isNamedImports(bindings) ? bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) : [];
      if (wanted === 'all' && !node.importClause?.isTypeOnly) needs.add(node.moduleSpecifier.text);
      else if (Array.isArray(wanted)) for (const name of names.filter((n) => wanted.includes(n))) needs.add(name);
      return;
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'CHROMIUM_PATH') needs.add('CHROMIUM_PATH');
    // A literal type ('script' | 'binary') names no program.
    if (ts.isLiteralTypeNode(node)) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && LINUX_ONLY_PROGRAMS.test(node.text)) needs.add(node.text);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && SKIP_HELPERS.has(node.expression.text)) skips = true;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { needs: [...needs].sort(), skips };
}

const testFiles = readdirSync(join(root, 'test/node'))
  .filter((f) => f.endsWith('.test.ts') && f !== 'host-needs.test.ts')
  .map((f) => `test/node/${f}`)
  .sort();
const linuxOnlyFiles = testFiles.filter((f) => linuxNeeds(f, readFileSync(join(root, f), 'utf8')).needs.length > 0);

function runAs(platform: string, files: string[]) {
  const bin = join(dir, `bin-${platform}`);
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  const fake = join(dir, `as-${platform}.mjs`);
  writeFileSync(fake, `Object.defineProperty(process, 'platform', { value: ${JSON.stringify(platform)} });\n`);
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: bin, CI: 'true' };
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', fake, '--test', '--test-concurrency=1', '--test-reporter=tap', ...files], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 600_000,
  });
}

/**
 * A failure that is a Linux-only program missing: a spawn that found nothing, a browser or display
 * that would not start. Others are not judged here: only Linux's keychain binary is installed, so
 * as macOS every test that opens the keychain fails, on the real macOS it does not.
 */
const MISSING_PROGRAM =
  /spawn \S+ ENOENT|ENOENT[^\n]*(xclip|xsel|Xvfb|dbus-daemon|script|secret-tool|chrom)|Failed to launch|executable doesn't exist|Xvfb exited/;

/** The `not ok` entries of a TAP report, each with its YAML block. */
function failures(tap: string): Array<{ line: string; block: string }> {
  const lines = tap.split('\n');
  const found: Array<{ line: string; block: string }> = [];
  lines.forEach((line, i) => {
    if (!/^\s*not ok \d+ /.test(line)) return;
    const end = lines.findIndex((l, j) => j > i && /^\s*\.\.\.\s*$/.test(l));
    found.push({ line, block: lines.slice(i + 1, end < 0 ? undefined : end).join('\n') });
  });
  return found;
}

describe('host needs: Linux-only tests skip themselves elsewhere', () => {
  it('gives a reason off Linux and none on Linux', () => {
    assert.equal(needsLinux('the X11 clipboard', 'linux'), false);
    assert.equal(needsLinux('the X11 clipboard', 'darwin'), 'needs the X11 clipboard, which only the Linux runs have; this is darwin');
    assert.equal(needsCommand('no-such-command-wxm', 'linux'), false, 'on Linux a missing tool is a broken setup: the test runs and fails');
    assert.match(needsCommand('no-such-command-wxm', 'win32') || '', /needs the `no-such-command-wxm` command/);
    assert.equal(needsPosix('POSIX signals', 'darwin'), false);
    assert.equal(needsPosix('POSIX signals', 'win32'), 'needs POSIX signals, which Windows does not have');
  });

  it("finds commands on PATH, with Windows' extensions there", () => {
    const bin = join(dir, 'path-check');
    mkdirSync(bin);
    writeFileSync(join(bin, 'tool.EXE'), '');
    writeFileSync(join(bin, 'plain'), '');
    assert.equal(onPath('tool', { PATH: bin, PATHEXT: '.COM;.EXE' }, 'win32'), true);
    assert.equal(onPath('tool', { PATH: bin }, 'linux'), false);
    assert.equal(onPath('plain', { PATH: bin }, 'linux'), true);
    assert.equal(onPath('plain', { PATH: '' }, 'linux'), false);
  });

  it('finds what a test file needs from Linux in its code, not in its strings or type imports', () => {
    const found = linuxNeeds(
      'x.test.ts',
      [
        "import { usePrivateDisplay } from '../harness/xvfb';",
        "import { runCli, runOnTerminal } from '../harness/cli-run';",
        "import type { BrowserShell } from '../../electron/browser/launch';",
        "const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';",
        "execFileSync('secret-tool', []);",
        "assertBlocked('x.ts', \"import { usePrivateDisplay } from '../../test/harness/xvfb';\");",
      ].join('\n'),
    );
    assert.deepEqual(found, { needs: ['../harness/xvfb', '/usr/bin/chromium', 'CHROMIUM_PATH', 'runOnTerminal', 'secret-tool'], skips: false });
    assert.deepEqual(linuxNeeds('y.test.ts', "import { runCli } from '../harness/cli-run';\nconst s = 'usePrivateDisplay xclip';"), {
      needs: [],
      skips: false,
    });
    assert.equal(linuxNeeds('z.test.ts', "describe('x', { skip: needsLinux('X11') }, () => {});").skips, true);
    assert.deepEqual(linuxNeeds('t.test.ts', "type Kind = 'script' | 'binary';").needs, [], 'a literal type is no program');
    const data = "const launcher = '/usr/bin/chromium';";
    assert.deepEqual(linuxNeeds('d.test.ts', data).needs, ['/usr/bin/chromium']);
    assert.deepEqual(linuxNeeds('d.test.ts', `// host-needs: none: paths handed to pure functions\n${data}`).needs, []);
    assert.deepEqual(linuxNeeds('d.test.ts', `// host-needs: none:\n${data}`).needs, ['/usr/bin/chromium'], 'not without a reason');
  });

  it('every test file that uses a Linux-only harness piece or program calls a host-needs skip helper', () => {
    assert.ok(linuxOnlyFiles.length >= 15, `found only ${linuxOnlyFiles.join(', ')}`);
    const unguarded = linuxOnlyFiles
      .map((f) => ({ f, ...linuxNeeds(f, readFileSync(join(root, f), 'utf8')) }))
      .filter((x) => !x.skips)
      .map((x) => `${x.f} (uses ${x.needs.join(', ')})`);
    assert.deepEqual(unguarded, [], 'skip these off Linux with needsLinux() or needsCommand() from test/harness/host-needs.ts, and say why');
  });

  // needsLinux() and needsCommand() answer the same for every other OS, so one stands in for both (a
  // run per OS would double the minute this takes); what differs on Windows (file modes, signals) no
  // fake platform can show.
  it('as macOS, with none of those programs on PATH, no test fails for want of one', { skip: needsLinux('Linux to stand in for other OSes') }, () => {
    const run = runAs('darwin', linuxOnlyFiles);
    const missing = failures(run.stdout)
      .filter(({ block }) => MISSING_PROGRAM.test(block))
      .map(({ line, block }) => `${line}\n${block}`);
    assert.deepEqual(missing, [], run.stderr.slice(-2000));
    const skipped = run.stdout.split('\n').filter((l) => / # SKIP needs .*which only the Linux runs have; this is /.test(l));
    assert.ok(skipped.length >= 15, `the Linux-only tests skip, saying why:\n${skipped.join('\n')}`);
    assert.ok(
      skipped.every((l) => l.endsWith('this is darwin')),
      skipped.join('\n'),
    );
  });
});
