/**
 * scripts/lint-workflows.mjs, the `workflow lint` step of npm test: the repository's
 * workflows pass, and each kind of broken workflow fails it, naming the problem.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wxm-workflow-lint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = `name: ok
on: [push]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm test
`;

function lint(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return spawnSync(process.execPath, ['scripts/lint-workflows.mjs', file], { cwd: root, encoding: 'utf8' });
}

describe('workflow lint', () => {
  it("passes the repository's own workflows", () => {
    const run = spawnSync(process.execPath, ['scripts/lint-workflows.mjs'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /workflow file\(s\) clean/);
  });

  it('passes a small valid workflow (the cases below differ from it by one mistake)', () => {
    const run = lint('good.yml', GOOD);
    assert.equal(run.status, 0, run.stderr);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['a misspelt key', GOOD.replace('steps:', 'stepz:'), /Additional property 'stepz' is not allowed|unexpected key "stepz"/],
    ['an unknown event', GOOD.replace('on: [push]', 'on: [pushh]'), /schema: \/on|unknown Webhook event "pushh"/],
    ['a permission level that does not exist', GOOD.replace('contents: read', 'contents: writ'), /schema: \/permissions/],
    [
      'a job that needs a job that does not exist',
      GOOD.replace('    runs-on:', '    needs: build\n    runs-on:'),
      /unresolved job build|"build" does not exist/,
    ],
    ['a broken expression', GOOD.replace('run: npm test', 'run: echo ${{ github.ref == }}'), /actionlint \[expression\]/],
    [
      'secrets in a step condition, where GitHub does not allow them',
      GOOD.replace('      - run: npm test', "      - if: ${{ secrets.CSC_LINK != '' }}\n        run: npm test"),
      /context "secrets" is not allowed here/,
    ],
    [
      'a matrix value that is not in the matrix',
      GOOD.replace('runs-on: ubuntu-latest', 'runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest]').replace(
        'run: npm test',
        'run: echo ${{ matrix.oss }}',
      ),
      /property "oss" is not defined/,
    ],
    ['YAML that does not parse', GOOD.replace('    steps:', '   steps:\n  x'), /: YAML: /],
  ];
  for (const [what, text, message] of broken) {
    it(`fails on ${what}`, () => {
      const run = lint(`${what.replace(/\W+/g, '-')}.yml`, text);
      assert.equal(run.status, 1, `expected a failure for ${what}:\n${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Fix them before pushing/);
    });
  }
});
