/**
 * Export and import of the account list: metadata only, strict, all-or-nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { VaultError } from '../../electron/core/errors';
import { accountFixture, type AccountFixture } from '../harness/account-fixture';
import { importThenEnterPassword } from '../harness/account-import';

let f: AccountFixture;
beforeEach(async () => {
  f = await accountFixture({ server: { users: [{ username: 'ops@acme', password: 'ops-password', apiKey: 'ops-api-key-777', station: 'uswest' }] } });
});
afterEach(() => f.dispose());

const addOps = () => f.service.add({ label: 'Ops', username: 'ops@acme', secret: 'ops-password', authMode: 'password', baseUrl: f.server.baseUrl });

describe('export', () => {
  it('exports metadata only: no password, API key or token', async () => {
    const { id } = await addOps();
    await f.service.fetchApiKey(id);
    const token = await f.service.accessToken(id);
    const { json, count } = await f.service.exportJson();
    assert.equal(count, 1);
    for (const secret of ['ops-password', 'ops-api-key-777', token]) assert.ok(!json.includes(secret));
    const data = JSON.parse(json);
    assert.equal(data.format, 'wxm-vault-accounts');
    assert.equal(data.schemaVersion, 1);
    assert.deepEqual(data.accounts, [
      { label: 'Ops', username: 'ops@acme', baseUrl: f.server.baseUrl, authMode: 'password', station: 'uswest', email: 'ops@acme', role: 'User' },
    ]);
  });
});

describe('import', () => {
  it('round-trips into another vault as accounts that ask for their password, and skips duplicates', async () => {
    await addOps();
    const { json } = await f.service.exportJson();
    const other = await accountFixture();
    try {
      assert.deepEqual(await other.service.importJson(json), { imported: 1, skipped: 0 });
      assert.deepEqual(await other.service.importJson(json), { imported: 0, skipped: 1 });
      const [view] = await other.service.list();
      assert.equal(view?.username, 'ops@acme');
      assert.equal(view?.station, 'uswest');
      assert.equal(view?.tokenState, 'needs-attention');
      assert.equal(view?.problem?.code, 'invalid-credentials');
      assert.match(view!.problem!.message, /enter the password/);
      assert.deepEqual(await other.secrets.keys(), []);
      // Nothing logs in for it until the user enters the password.
      await assert.rejects(other.service.accessToken(view!.id), (e: VaultError) => e.code === 'invalid-credentials');
      other.server.addUser({ username: 'ops@acme', password: 'ops-password' });
      assert.equal(other.server.loginAttempts(), 0);
    } finally {
      await other.dispose();
    }
  });

  it('an imported account becomes usable once its password is entered', async () => {
    const view = await importThenEnterPassword(f.service, { label: 'Ops', username: 'ops@acme', baseUrl: f.server.baseUrl }, 'ops-password');
    assert.equal(view.tokenState, 'valid');
    assert.equal(view.problem, null);
  });

  it('skips an account already in the vault (same user name and base URL, any case)', async () => {
    await addOps();
    const json = JSON.stringify({
      format: 'wxm-vault-accounts',
      schemaVersion: 1,
      accounts: [
        { label: 'Dup', username: 'OPS@acme', baseUrl: `${f.server.baseUrl}/`, authMode: 'password' },
        { label: 'New', username: 'new@acme', authMode: 'apiKey' },
        { label: 'New twice', username: 'new@acme', authMode: 'apiKey' },
      ],
    });
    assert.deepEqual(await f.service.importJson(json), { imported: 1, skipped: 2 });
    const added = (await f.service.list()).find((a) => a.username === 'new@acme');
    assert.equal(added?.baseUrl, 'https://api.getcloudcherry.com');
    assert.match(added!.problem!.message, /API key/);
  });

  it('refuses an account whose base URL grows past what can be stored once converted to punycode, and the next start still loads every account', async () => {
    const { id } = await addOps();
    const cjk = Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: 28 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919 + k * 100) % 20000))).join(''),
    );
    const baseUrl = `https://${cjk.join('.')}.c`;
    assert.ok(baseUrl.length <= 300, 'passes the input limit');
    const json = JSON.stringify({
      format: 'wxm-vault-accounts',
      schemaVersion: 1,
      accounts: [
        { label: 'Fine', username: 'fine@acme', authMode: 'password' },
        { label: 'Long', username: 'long@acme', authMode: 'password', baseUrl },
      ],
    });
    const before = readFileSync(join(f.dataDir, 'accounts.json'), 'utf8');
    const err = await f.service.importJson(json).catch((e: VaultError) => e);
    assert.ok(err instanceof VaultError);
    assert.equal(err.code, 'bad-request');
    assert.match(err.message, /Account 2 in the file has a base URL WXM Vault cannot use: .*at most 253.*Nothing was imported/);
    assert.equal(readFileSync(join(f.dataDir, 'accounts.json'), 'utf8'), before);
    const restarted = f.restart();
    assert.deepEqual(
      (await restarted.list()).map((a) => a.id),
      [id],
    );
    assert.ok(!readdirSync(f.dataDir).some((n) => n.startsWith('accounts.corrupt-') || n.startsWith('accounts.rejected-')));
  });

  for (const [name, json, why] of [
    ['not JSON', '{oops', /not valid JSON/],
    ['another format', JSON.stringify({ accounts: [] }), /not a WXM Vault account export/],
    [
      'an unknown key (a secret smuggled in)',
      JSON.stringify({
        format: 'wxm-vault-accounts',
        schemaVersion: 1,
        accounts: [{ label: 'x', username: 'y', authMode: 'password', password: 'hunter2' }],
      }),
      /accounts\[0\]\.password/,
    ],
    [
      'a bad auth mode',
      JSON.stringify({ format: 'wxm-vault-accounts', schemaVersion: 1, accounts: [{ label: 'x', username: 'y', authMode: 'basic' }] }),
      /authMode/,
    ],
    [
      'an http base URL',
      JSON.stringify({
        format: 'wxm-vault-accounts',
        schemaVersion: 1,
        accounts: [
          { label: 'x', username: 'y', authMode: 'password' },
          { label: 'x', username: 'z', authMode: 'password', baseUrl: 'http://evil.example' },
        ],
      }),
      /Account 2/,
    ],
  ] as const) {
    it(`refuses ${name} with bad-request and changes nothing`, async () => {
      await addOps();
      const before = readFileSync(join(f.dataDir, 'accounts.json'), 'utf8');
      const err = await f.service.importJson(json).catch((e: VaultError) => e);
      assert.ok(err instanceof VaultError);
      assert.equal(err.code, 'bad-request');
      assert.match(err.message, why);
      assert.match(err.message, /Nothing was imported/);
      assert.doesNotMatch(err.message, /hunter2/);
      assert.equal(readFileSync(join(f.dataDir, 'accounts.json'), 'utf8'), before);
    });
  }
});
