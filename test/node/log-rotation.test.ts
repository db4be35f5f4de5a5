/**
 * main.log is size-capped: past the cap it rotates to main.log.1, .2 …, keeps
 * a fixed number of files, never splits or drops a line in the files it keeps,
 * and every line in every file is still redacted. Real files in a temp folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLogger, fileSink } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { assertPosixMode } from '../harness/host-needs';

const CAP = 2048;
const FILES = 3;

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxm-logrot-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Kept files, oldest first: main.log.2, main.log.1, main.log. */
function keptOldestFirst(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^main\.log(\.\d+)?$/.test(f))
    .sort((a, b) => Number(b.split('.')[2] ?? 0) - Number(a.split('.')[2] ?? 0));
}

function linesOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), `${path} ends mid-line`);
  return text.split('\n').filter((l) => l !== '');
}

describe('main.log rotation', () => {
  it('rotates past the cap to main.log.1, main.log.2 … and keeps at most the configured number of files', () => {
    const dir = freshDir();
    const log = createLogger(new Redactor(), [fileSink(join(dir, 'main.log'), { maxBytes: CAP, maxFiles: FILES })]);
    for (let i = 0; i < 200; i++) log.info('t', `entry ${i}`, { filler: 'x'.repeat(60) });
    assert.deepEqual(readdirSync(dir).sort(), ['main.log', 'main.log.1', 'main.log.2']);
    for (const f of keptOldestFirst(dir)) {
      const size = statSync(join(dir, f)).size;
      assert.ok(size > 0 && size <= CAP, `${f} is ${size} bytes`);
      assertPosixMode(join(dir, f), 0o600, `${f} stays private after the rename`);
    }
  });

  it('loses no line: the kept files, oldest first, hold whole JSON lines ending with the very last one written, in order', () => {
    const dir = freshDir();
    const log = createLogger(new Redactor(), [fileSink(join(dir, 'main.log'), { maxBytes: CAP, maxFiles: FILES })]);
    const total = 157;
    for (let i = 0; i < total; i++) log.info('t', 'entry', { seq: i, filler: 'y'.repeat(i % 37) });
    const seqs = keptOldestFirst(dir).flatMap((f) => linesOf(join(dir, f)).map((l) => (JSON.parse(l) as { seq: number }).seq));
    const first = seqs[0]!;
    assert.deepEqual(
      seqs,
      Array.from({ length: total - first }, (_, k) => first + k),
      'a gap or a reordering',
    );
    assert.ok(first > 0, 'old lines were dropped with the oldest file');
    // The current file starts right after the last rotation: it holds at least the last line.
    assert.equal((JSON.parse(linesOf(join(dir, 'main.log')).at(-1)!) as { seq: number }).seq, total - 1);
  });

  it('writes a line longer than the cap whole, into a file of its own', () => {
    const dir = freshDir();
    const log = createLogger(new Redactor(), [fileSink(join(dir, 'main.log'), { maxBytes: 256, maxFiles: FILES })]);
    log.info('t', 'small before');
    log.info('t', 'huge', { blob: 'z'.repeat(1000) });
    log.info('t', 'small after');
    assert.equal(JSON.parse(linesOf(join(dir, 'main.log.2'))[0]!).message, 'small before');
    assert.deepEqual(
      linesOf(join(dir, 'main.log.1')).map((l) => JSON.parse(l).message),
      ['huge'],
    );
    assert.equal(JSON.parse(linesOf(join(dir, 'main.log.1'))[0]!).blob.length, 1000);
    assert.deepEqual(
      linesOf(join(dir, 'main.log')).map((l) => JSON.parse(l).message),
      ['small after'],
    );
  });

  it('counts a main.log left by an earlier run towards the cap', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'main.log'), `${'{"old":true}\n'.repeat(200)}`, { mode: 0o600 });
    const log = createLogger(new Redactor(), [fileSink(join(dir, 'main.log'), { maxBytes: CAP, maxFiles: FILES })]);
    log.info('t', 'after restart');
    assert.equal(linesOf(join(dir, 'main.log.1')).length, 200);
    assert.deepEqual(
      linesOf(join(dir, 'main.log')).map((l) => JSON.parse(l).message),
      ['after restart'],
    );
  });

  it('with one file kept, starts the file afresh instead of growing it', () => {
    const dir = freshDir();
    const log = createLogger(new Redactor(), [fileSink(join(dir, 'main.log'), { maxBytes: 300, maxFiles: 1 })]);
    for (let i = 0; i < 50; i++) log.info('t', `entry ${i}`);
    assert.deepEqual(readdirSync(dir), ['main.log']);
    assert.ok(statSync(join(dir, 'main.log')).size <= 300);
  });

  it('redacts registered secrets and credential-shaped text in every file, before and after rotating', () => {
    const dir = freshDir();
    const secret = 'rotation-canary-S3cr3t!';
    const redactor = new Redactor();
    redactor.register(secret);
    const log = createLogger(redactor, [fileSink(join(dir, 'main.log'), { maxBytes: CAP, maxFiles: FILES })]);
    for (let i = 0; i < 120; i++) log.warn('t', `login ${i} with ${secret}`, { header: 'Authorization: Bearer eyJunregistered.rotating.token' });
    const files = keptOldestFirst(dir);
    assert.equal(files.length, FILES);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      assert.ok(!text.includes(secret), `${f} leaks the secret`);
      assert.ok(!text.includes('eyJunregistered'), `${f} leaks the bearer token`);
      assert.match(text, /\[REDACTED\]/);
    }
  });

  it('refuses limits that would rotate on every line or keep nothing', () => {
    const dir = freshDir();
    assert.throws(() => fileSink(join(dir, 'main.log'), { maxBytes: 0, maxFiles: 3 }), RangeError);
    assert.throws(() => fileSink(join(dir, 'main.log'), { maxBytes: 1024, maxFiles: 0 }), RangeError);
  });
});
