/**
 * The Electronegativity gate must fail on what matters, since the scanner itself
 * always exits 0: unexplained HIGH/MEDIUM findings, a missing or broken report,
 * files it could not parse, stale allow-list entries. The last test runs the real
 * scanner and gate on a deliberately insecure window.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without types
import * as gate from '../../scripts/electronegativity-gate.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const row = (id: string, sev: string, file: string, sample = 'x') =>
  `${id},"${sev}","FIRM","${file}","1:2","${sample.replace(/"/g, '""')}","desc, with comma",https://example.test/${id}`;
const reason = 'Reviewed: this is a long enough reason explaining why the finding is acceptable.';

const g = gate as {
  parseReport(text: string): Array<{ issue: string; severity: string; file: string; sample: string }>;
  parseAllowlist(text: string): unknown[];
  judge(findings: unknown[], allowlist: unknown[], scan: string): { failed: boolean; stale: unknown[]; results: Array<{ verdict: string }> };
  parseErrors(text: string): string[];
};

describe('electronegativity gate', () => {
  it('parses quoted fields with commas, doubled quotes and newlines, and maps staged .cjs.js names back', () => {
    const findings = g.parseReport(`${HEADER}\n${row('PRELOAD_JS_CHECK', 'MEDIUM', 'dist/electron/main.cjs.js', 'a, "b"\nc')}\n`);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.file, 'dist/electron/main.cjs');
    assert.equal(findings[0]!.sample, 'a, "b"\nc');
  });

  it('refuses an empty report, a wrong header, a short row, an unknown severity', () => {
    assert.throws(() => g.parseReport(''), /empty/);
    assert.throws(() => g.parseReport('a,b,c\n'), /header/);
    assert.throws(() => g.parseReport(`${HEADER}\nX_CHECK,"HIGH"\n`), /fields/);
    assert.throws(() => g.parseReport(`${HEADER}\n${row('X_CHECK', 'SEVERE', 'f')}\n`), /severity/);
    assert.throws(() => g.parseReport(`${HEADER}\n"unterminated`), /unterminated/);
  });

  it('fails on an unexplained HIGH or MEDIUM, passes LOW/INFORMATIONAL and allow-listed ones', () => {
    const findings = g.parseReport(
      [
        HEADER,
        row('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'a.ts'),
        row('PRELOAD_JS_CHECK', 'MEDIUM', 'b.ts'),
        row('CSP_GLOBAL_CHECK', 'LOW', 'i.html'),
        row('ELECTRON_VERSION_JSON_CHECK', 'INFORMATIONAL', 'package.json'),
      ].join('\n'),
    );
    const allow = [{ check: 'PRELOAD_JS_CHECK', file: 'b.ts', scan: 'sources', reason }];
    const verdict = g.judge(findings, allow, 'sources');
    assert.equal(verdict.failed, true);
    assert.deepEqual(
      verdict.results.map((r) => r.verdict),
      ['FAIL', 'allowed', 'info', 'info'],
    );
    assert.equal(g.judge(findings.slice(1), allow, 'sources').failed, false);
    // The same entry does not excuse the finding in another scan or another file.
    assert.equal(g.judge(findings.slice(1, 2), allow, 'built').failed, true);
    assert.equal(g.judge(g.parseReport(`${HEADER}\n${row('PRELOAD_JS_CHECK', 'MEDIUM', 'c.ts')}`), allow, 'sources').failed, true);
  });

  it('fails on a stale allow-list entry (it would silently excuse a future finding)', () => {
    const verdict = g.judge([], [{ check: 'PRELOAD_JS_CHECK', file: 'b.ts', scan: 'sources', reason }], 'sources');
    assert.equal(verdict.failed, true);
    assert.equal(verdict.stale.length, 1);
  });

  it('insists every allow-list entry has check, file, scan and a real reason', () => {
    assert.throws(() => g.parseAllowlist('{}'), /array/);
    assert.throws(() => g.parseAllowlist(JSON.stringify([{ check: 'PRELOAD_JS_CHECK', file: 'b', scan: 'sources', reason: 'ok' }])), /reason/);
    assert.throws(() => g.parseAllowlist(JSON.stringify([{ check: 'preload', file: 'b', scan: 'sources', reason }])), /check id/);
    assert.throws(() => g.parseAllowlist(JSON.stringify([{ check: 'PRELOAD_JS_CHECK', file: 'b', reason }])), /exactly/);
    assert.doesNotThrow(() => g.parseAllowlist(JSON.stringify([{ check: 'PRELOAD_JS_CHECK', file: 'b', scan: 'built', reason }])));
  });

  it('counts a file the scanner could not parse as a failure, a tolerable parser warning not', () => {
    assert.deepEqual(
      g.parseErrors(
        JSON.stringify([
          { file: 'x.js', message: 'Unknown node type', tolerable: false },
          { file: 'y.js', message: 'w', tolerable: true },
        ]),
      ),
      ['x.js: Unknown node type'],
    );
  });

  it('the real scanner + gate fail on a window without context isolation, and on a missing report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-eng-bad-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'in'));
    writeFileSync(
      join(dir, 'in', 'main.ts'),
      `import { BrowserWindow } from 'electron';\nconst w = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: true } });\nw.webContents.on('will-navigate', (e) => e.preventDefault());\nw.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));\n`,
    );
    writeFileSync(join(dir, 'allow.json'), '[]');
    const scan = spawnSync(
      process.execPath,
      [
        'scripts/electronegativity-scan.mjs',
        '--input',
        join(dir, 'in'),
        '--csv',
        join(dir, 'r.csv'),
        '--errors',
        join(dir, 'e.json'),
        '--electron',
        '45.4.1',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(scan.status, 0, scan.stderr);
    const run = (csv: string) =>
      spawnSync(
        process.execPath,
        [
          'scripts/electronegativity-gate.mjs',
          '--scan',
          'sources',
          '--csv',
          csv,
          '--errors',
          join(dir, 'e.json'),
          '--allowlist',
          join(dir, 'allow.json'),
        ],
        { cwd: root, encoding: 'utf8' },
      );
    const bad = run(join(dir, 'r.csv'));
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /\[FAIL\] CONTEXT_ISOLATION_JS_CHECK HIGH/);
    const missing = run(join(dir, 'nope.csv'));
    assert.equal(missing.status, 1);
    assert.match(missing.stdout, /no report/);
  });
});
