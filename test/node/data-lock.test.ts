import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { acquireDataLock, DataFolderLockedError, dataLockHolder, LOCK_FILE } from '../../electron/core/data-folder/data-lock';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxm-vault-lock-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A pid that certainly belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('data folder lock', () => {
  it('admits one holder at a time, names the holder, and is free again once released', () => {
    const dir = freshDir();
    const first = acquireDataLock(dir, { shell: 'browser' });
    assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
    assert.throws(
      () => acquireDataLock(dir, { shell: 'electron' }),
      (error: unknown) => error instanceof DataFolderLockedError && error.holderPid === process.pid && error.message.includes(join(dir, LOCK_FILE)),
    );
    first.release();
    assert.ok(!existsSync(join(dir, LOCK_FILE)));
    acquireDataLock(dir, { shell: 'electron' }).release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: await deadPid(), shell: 'browser', token: 'old' }));
    const lock = acquireDataLock(dir, { shell: 'browser' });
    assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
    lock.release();
  });

  it('treats a fresh unreadable lock as being written, and an old one as abandoned', () => {
    const dir = freshDir();
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, '');
    assert.throws(() => acquireDataLock(dir, { shell: 'cli' }), DataFolderLockedError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    acquireDataLock(dir, { shell: 'cli' }).release();
  });

  it('never removes a lock that is no longer its own', () => {
    const dir = freshDir();
    const lock = acquireDataLock(dir, { shell: 'browser' });
    const theirs = JSON.stringify({ pid: process.pid, shell: 'electron', token: 'someone-else' });
    writeFileSync(join(dir, LOCK_FILE), theirs);
    lock.release();
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), theirs);
  });

  it('says which program holds it, so the command line can tell the app from another wxm-vault', async () => {
    const dir = freshDir();
    assert.equal(dataLockHolder(dir), null);
    const lock = acquireDataLock(dir, { shell: 'electron' });
    assert.deepEqual(dataLockHolder(dir), { shell: 'electron', pid: process.pid });
    assert.throws(
      () => acquireDataLock(dir, { shell: 'cli' }),
      (error: unknown) => error instanceof DataFolderLockedError && error.holderShell === 'electron',
    );
    lock.release();
    const cli = acquireDataLock(dir, { shell: 'cli' });
    assert.throws(
      () => acquireDataLock(dir, { shell: 'electron' }),
      /The wxm-vault command line \(process \d+\) is using this data folder for a moment: start WXM Vault again in a few seconds/,
    );
    cli.release();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: await deadPid(), shell: 'browser', token: 'old' }));
    assert.equal(dataLockHolder(dir), null, 'a holder that is gone holds nothing');
  });

  it('creates the data folder when it does not exist yet', () => {
    const dir = join(freshDir(), 'not', 'yet');
    acquireDataLock(dir, { shell: 'browser' }).release();
    assert.ok(existsSync(dir));
  });
});
