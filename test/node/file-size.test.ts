/**
 * Issue 9's size rule: no file in electron/core or electron/common over 300 lines, so a seam that
 * grows a new job is split (as the accounts service and the passphrase vault were) instead of
 * drifting back to one file doing eight things.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['electron/core', 'electron/common'];
const MAX_LINES = 300;

/** Lines as an editor shows them: `wc -l`, plus a last line without a newline. */
function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('file size', () => {
  it(`keeps every file in ${FOLDERS.join(' and ')} at ${MAX_LINES} lines or fewer`, () => {
    const files = FOLDERS.flatMap(filesUnder);
    // The walk itself works: it sees the files it is there to guard.
    assert.ok(files.includes('electron/core/accounts/account-service.ts'), `walk found: ${files.join(', ')}`);
    assert.ok(files.includes('electron/common/ipc-contract.ts'), `walk found: ${files.join(', ')}`);
    const offenders = files
      .map((file) => ({ file, lines: lineCount(readFileSync(join(root, file), 'utf8')) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file} (${lines} lines)`);
    assert.deepEqual(offenders, [], `Over ${MAX_LINES} lines; split out a job (see issue 9): ${offenders.join(', ')}`);
  });

  it('counts lines as an editor shows them', () => {
    assert.equal(lineCount(''), 0);
    assert.equal(lineCount('a'), 1);
    assert.equal(lineCount('a\n'), 1);
    assert.equal(lineCount('a\nb\n'), 2);
  });
});
