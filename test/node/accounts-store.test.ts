/**
 * accounts.json on a real disk: atomic, versioned, private, and never
 * silently dropped when it cannot be read.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AccountRecord } from '../../electron/core/accounts/account-record';
import { AccountStore } from '../../electron/core/accounts/account-store';
import { VaultError } from '../../electron/core/errors';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { accountFixture } from '../wxm-server/account-fixture';

let dir: string;
let lines: string[];
const now = () => Date.UTC(2025, 5, 1, 8, 30, 0);
const store = (d = dir) => new AccountStore(d, { now, logger: createLogger(new Redactor(), [(l) => lines.push(l)]) });

function record(over: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id: randomUUID(),
    label: 'Ops',
    username: 'ops@acme',
    baseUrl: 'https://api.getcloudcherry.com',
    station: 'uswest',
    email: null,
    role: null,
    authMode: 'password',
    hasPassword: true,
    hasApiKey: false,
    twoFactor: false,
    lastLoginAt: null,
    createdAt: now(),
    problem: null,
    ...over,
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wxm-store-test-'));
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('account store', () => {
  it('starts empty without a file and writes a versioned, private file with no temp files left', async () => {
    const s = store();
    await s.load();
    assert.deepEqual(s.all(), []);
    const r = record();
    await s.mutate((all) => void all.set(r.id, r));
    const text = readFileSync(join(dir, 'accounts.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), { schemaVersion: 1, accounts: [r] });
    assert.equal(statSync(join(dir, 'accounts.json')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['accounts.json']);
    const again = store();
    await again.load();
    assert.deepEqual(again.all(), [r]);
  });

  it('cleans up a temp file left by a crash mid-write, keeping the real file', async () => {
    const r = record();
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ schemaVersion: 1, accounts: [r] }));
    writeFileSync(join(dir, `.accounts.json.${randomUUID()}.tmp`), '{"schemaVersion": 1, "acc');
    const s = store();
    await s.load();
    assert.deepEqual(s.all(), [r]);
    assert.deepEqual(readdirSync(dir), ['accounts.json']);
  });

  it('serialises concurrent writes so none is lost', async () => {
    const s = store();
    const records = Array.from({ length: 60 }, (_, i) => record({ label: `A${i}` }));
    await Promise.all(records.map((r) => s.mutate((all) => void all.set(r.id, r))));
    const onDisk = JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8'));
    assert.equal(onDisk.accounts.length, 60);
  });

  it('leaves memory and disk unchanged when a write fails, and says what to check', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const s = store(join(blocker, 'data'));
    const err = await s.mutate((all) => void all.set('x', record())).catch((e: VaultError) => e);
    assert.ok(err instanceof VaultError);
    assert.equal(err.code, 'data-file');
    assert.match(err.message, /Nothing was changed; check free disk space and folder permissions/);
    assert.deepEqual(s.all(), []);
  });

  for (const [name, content, why] of [
    ['not JSON', '{"schemaVersion": 1, "accounts": [', /damaged/],
    ['a newer format', JSON.stringify({ schemaVersion: 2, accounts: [] }), /newer WXM Vault/],
    ['a record with an unknown key', JSON.stringify({ schemaVersion: 1, accounts: [{ ...record(), password: 'x' }] }), /damaged/],
    ['a duplicate id', (() => {
      const r = record();
      return JSON.stringify({ schemaVersion: 1, accounts: [r, r] });
    })(), /appears twice/],
  ] as const) {
    it(`keeps ${name} aside as accounts.corrupt-<time>.json and reports it once`, async () => {
      writeFileSync(join(dir, 'accounts.json'), content);
      const s = store();
      await s.load();
      const kept = readdirSync(dir).filter((n) => n.startsWith('accounts.corrupt-'));
      assert.deepEqual(kept, ['accounts.corrupt-2025-06-01T08-30-00-000Z.json']);
      assert.equal(readFileSync(join(dir, kept[0]!), 'utf8'), content, 'kept byte for byte');
      const report = s.takeProblem();
      assert.equal(report?.code, 'data-file');
      assert.match(report!.message, why);
      assert.match(report!.message, /kept as .*accounts\.corrupt-.*restore/);
      assert.equal(s.takeProblem(), null);
      assert.equal(s.problem()?.code, 'data-file', 'still visible to whoever asks');
      assert.ok(lines.some((l) => l.includes('account file set aside')));
    });
  }

  it('never overwrites an earlier corrupt copy', async () => {
    writeFileSync(join(dir, 'accounts.corrupt-2025-06-01T08-30-00-000Z.json'), 'first');
    writeFileSync(join(dir, 'accounts.json'), 'second');
    await store().load();
    assert.equal(readFileSync(join(dir, 'accounts.corrupt-2025-06-01T08-30-00-000Z.json'), 'utf8'), 'first');
    assert.equal(readFileSync(join(dir, 'accounts.corrupt-2025-06-01T08-30-00-000Z-2.json'), 'utf8'), 'second');
  });

  it('reads an unreadable path (a folder named accounts.json) as damaged and moves it aside', async () => {
    mkdirSync(join(dir, 'accounts.json'));
    const s = store();
    await s.load();
    assert.equal(s.takeProblem()?.code, 'data-file');
    await s.mutate((all) => void all.set('a', record()));
    assert.equal(JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8')).accounts.length, 1);
  });
});

describe('a damaged account file through AccountService', () => {
  it('the first list fails with data-file naming the kept copy; the app then works with an empty list', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-store-svc-'));
    writeFileSync(join(dataDir, 'accounts.json'), 'garbage');
    const f = await accountFixture({ dataDir, server: { users: [{ username: 'ops@acme', password: 'ops-password' }] } });
    try {
      const err = await f.service.list().catch((e: VaultError) => e);
      assert.ok(err instanceof VaultError);
      assert.equal(err.code, 'data-file');
      assert.match(err.message, /accounts\.corrupt-/);
      assert.deepEqual(await f.service.list(), []);
      await f.service.add({ label: 'Ops', username: 'ops@acme', secret: 'ops-password', authMode: 'password', baseUrl: f.server.baseUrl });
      assert.equal((await f.service.list()).length, 1);
      assert.equal(readdirSync(dataDir).filter((n) => n.startsWith('accounts.corrupt-')).length, 1, 'the damaged copy is still there');
    } finally {
      await f.dispose();
    }
  });
});
