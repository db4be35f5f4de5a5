/**
 * accounts.json on a real disk: atomic, versioned, private, and never
 * silently dropped when it cannot be read.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AccountRecord } from '../../electron/core/accounts/account-record';
import { AccountStore } from '../../electron/core/accounts/account-store';
import { VaultError } from '../../electron/core/errors';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { accountFixture } from '../harness/account-fixture';
import { accountRecord } from '../harness/account-record-fixture';
import { assertPosixMode } from '../harness/host-needs';

let dir: string;
let lines: string[];
const now = () => Date.UTC(2025, 5, 1, 8, 30, 0);
const store = (d = dir) => new AccountStore(d, { now, logger: createLogger(new Redactor(), [(l) => lines.push(l)]) });

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
    const r = accountRecord();
    await s.mutate((all) => void all.set(r.id, r));
    const text = readFileSync(join(dir, 'accounts.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), { schemaVersion: 1, accounts: [r] });
    assertPosixMode(join(dir, 'accounts.json'), 0o600);
    assert.deepEqual(readdirSync(dir), ['accounts.json']);
    const again = store();
    await again.load();
    assert.deepEqual(again.all(), [r]);
  });

  it('cleans up a temp file left by a crash mid-write, keeping the real file', async () => {
    const r = accountRecord();
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ schemaVersion: 1, accounts: [r] }));
    writeFileSync(join(dir, `.accounts.json.${randomUUID()}.tmp`), '{"schemaVersion": 1, "acc');
    const s = store();
    await s.load();
    assert.deepEqual(s.all(), [r]);
    assert.deepEqual(readdirSync(dir), ['accounts.json']);
  });

  it('serialises concurrent writes so none is lost', async () => {
    const s = store();
    const records = Array.from({ length: 60 }, (_, i) => accountRecord({ label: `A${i}` }));
    await Promise.all(records.map((r) => s.mutate((all) => void all.set(r.id, r))));
    const onDisk = JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8'));
    assert.equal(onDisk.accounts.length, 60);
  });

  it('leaves memory and disk unchanged when a write fails, and says what to check', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const s = store(join(blocker, 'data'));
    const r = accountRecord();
    const err = await s.mutate((all) => void all.set(r.id, r)).catch((e: VaultError) => e);
    assert.ok(err instanceof VaultError);
    assert.equal(err.code, 'data-file');
    assert.match(err.message, /Nothing was changed; check free disk space and folder permissions/);
    assert.deepEqual(s.all(), []);
  });

  it('refuses a change that would store an invalid record, writing nothing', async () => {
    const good = accountRecord();
    const s = store();
    await s.mutate((all) => void all.set(good.id, good));
    const before = readFileSync(join(dir, 'accounts.json'), 'utf8');
    // What an IDN base URL used to become: valid input, 893 characters once stored.
    const bad = accountRecord({ baseUrl: `https://xn--${'a'.repeat(885)}` });
    for (const change of [
      (all: Map<string, AccountRecord>) => void all.set(bad.id, bad),
      (all: Map<string, AccountRecord>) => void all.set(good.id, { ...good, label: '' }),
      (all: Map<string, AccountRecord>) => void all.set(good.id, { ...good, password: 'pw' } as AccountRecord),
      (all: Map<string, AccountRecord>) => void all.set(randomUUID(), accountRecord()),
    ]) {
      const err = await s.mutate(change).catch((e: VaultError) => e);
      assert.ok(err instanceof VaultError);
      assert.equal(err.code, 'bad-request');
      assert.match(err.message, /did not save this change.*Nothing was changed/);
      assert.doesNotMatch(err.message, /pw|aaaa/, 'names the field, never its value');
    }
    assert.equal(readFileSync(join(dir, 'accounts.json'), 'utf8'), before);
    assert.deepEqual(s.all(), [good]);
    assert.deepEqual(readdirSync(dir), ['accounts.json']);
  });

  it('sets aside only an unreadable record: the rest stay, its raw JSON goes to accounts.rejected-<time>.json', async () => {
    const a = accountRecord({ label: 'A' });
    const c = accountRecord({ label: 'C' });
    const badUrl = { ...accountRecord({ label: 'B' }), baseUrl: `https://xn--${'a'.repeat(885)}` };
    const smuggled = { ...accountRecord({ label: 'D' }), password: 'x' };
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ schemaVersion: 1, accounts: [a, badUrl, c, smuggled, a] }));
    const s = store();
    await s.load();
    assert.deepEqual(s.all(), [a, c]);
    assert.deepEqual(readdirSync(dir).sort(), ['accounts.json', 'accounts.rejected-2025-06-01T08-30-00-000Z.json']);
    const rejected = JSON.parse(readFileSync(join(dir, 'accounts.rejected-2025-06-01T08-30-00-000Z.json'), 'utf8'));
    assert.deepEqual(rejected.accounts, [badUrl, smuggled, a], 'kept exactly as they were');
    assertPosixMode(join(dir, 'accounts.rejected-2025-06-01T08-30-00-000Z.json'), 0o600);
    // The list on disk no longer holds them, so the next start is clean.
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8')).accounts, [a, c]);
    const report = s.takeProblem();
    assert.equal(report?.code, 'data-file');
    assert.match(
      report!.message,
      /3 accounts in the account list could not be read \(accounts\[1\]\.baseUrl: expected .*; accounts\[3\]\.password: expected no such key; accounts\[4\]\.id: the same account id appears earlier/,
    );
    assert.match(
      report!.message,
      /moved to .*accounts\.rejected-2025-06-01T08-30-00-000Z\.json\. Your other 2 accounts are unchanged\. Add them again/,
    );
    assert.doesNotMatch(report!.message, /aaaa/);
    assert.equal(s.takeProblem(), null);
    assert.ok(lines.some((l) => l.includes('unreadable accounts set aside')));
    const again = store();
    await again.load();
    assert.deepEqual(again.all(), [a, c]);
    assert.equal(again.problem(), null);
    // The list stays writable.
    await s.mutate((all) => void all.delete(a.id));
    assert.deepEqual(s.all(), [c]);
  });

  it('refuses every write, keeping the file as it is, when an unreadable record cannot be copied aside', async () => {
    const a = accountRecord();
    const content = JSON.stringify({ schemaVersion: 1, accounts: [a, { ...accountRecord(), label: '' }] });
    writeFileSync(join(dir, 'accounts.json'), content);
    // A dangling link where the side file would go: it looks free, but creating the file fails (works even as root).
    symlinkSync(join(dir, 'missing', 'target'), join(dir, 'accounts.rejected-2025-06-01T08-30-00-000Z.json'));
    const s = store();
    await s.load();
    assert.equal(s.takeProblem()?.code, 'data-file');
    assert.match(
      s.takeProblem()!.message,
      /an account WXM Vault cannot read \(accounts\[1\]\.label: .*could not copy them aside\. WXM Vault will not change the file/,
    );
    const err = await s.mutate((all) => void all.clear()).catch((e: VaultError) => e);
    assert.equal((err as VaultError).code, 'data-file');
    assert.equal(readFileSync(join(dir, 'accounts.json'), 'utf8'), content);
  });

  it('treats a newer-format file whose records still parse as read-only: listed, every write refused, never renamed', async () => {
    const r = accountRecord();
    const content = JSON.stringify({ schemaVersion: 2, accounts: [r] });
    writeFileSync(join(dir, 'accounts.json'), content);
    const s = store();
    await s.load();
    assert.deepEqual(s.all(), [r]);
    assert.equal(s.takeProblem(), null, 'listing works');
    assert.equal(s.writeBlocked()?.code, 'data-file');
    for (const change of [
      (all: Map<string, AccountRecord>) => void all.delete(r.id),
      (all: Map<string, AccountRecord>) => void all.set(r.id, { ...r, label: 'x' }),
    ]) {
      const err = await s.mutate(change).catch((e: VaultError) => e);
      assert.ok(err instanceof VaultError);
      assert.equal(err.code, 'data-file');
      assert.match(err.message, /made by a newer WXM Vault \(format 2.*Update WXM Vault/);
    }
    assert.deepEqual(s.all(), [r]);
    assert.deepEqual(readdirSync(dir), ['accounts.json']);
    assert.equal(readFileSync(join(dir, 'accounts.json'), 'utf8'), content);
  });

  it('reports a newer-format file it cannot read as "made by a newer WXM Vault; update", leaving it untouched', async () => {
    const content = JSON.stringify({ schemaVersion: 3, accounts: [{ ...accountRecord(), folder: 'Prod' }], folders: ['Prod'] });
    writeFileSync(join(dir, 'accounts.json'), content);
    const s = store();
    await s.load();
    assert.deepEqual(s.all(), []);
    for (let i = 0; i < 2; i++) {
      const report = s.takeProblem();
      assert.equal(report?.code, 'data-file');
      assert.match(report!.message, /made by a newer WXM Vault \(format 3.*cannot read its accounts\. Update WXM Vault; the file was left as it is/);
    }
    await assert.rejects(
      s.mutate((all) => void all.set('x', accountRecord())),
      /newer WXM Vault/,
    );
    assert.deepEqual(readdirSync(dir), ['accounts.json']);
    assert.equal(readFileSync(join(dir, 'accounts.json'), 'utf8'), content);
  });

  for (const [name, content, why] of [
    ['not JSON', '{"schemaVersion": 1, "accounts": [', /damaged/],
    ['a top-level list', JSON.stringify([accountRecord()]), /damaged \(not an account list\)/],
    ['no format version', JSON.stringify({ accounts: [accountRecord()] }), /damaged \(no valid format version\)/],
    [
      'accounts that are not a list',
      JSON.stringify({ schemaVersion: 1, accounts: { a: accountRecord() } }),
      /damaged \(the accounts are not a list\)/,
    ],
    ['unexpected top-level content', JSON.stringify({ schemaVersion: 1, accounts: [], extra: true }), /damaged \(unexpected top-level content\)/],
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
    const r = accountRecord();
    await s.mutate((all) => void all.set(r.id, r));
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
