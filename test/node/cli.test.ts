/**
 * `wxm-vault` run as its own process against the WXM test server and the real
 * keychain, beside an app core (createVault) on the same data folder and
 * keychain service: what it prints, the tokens the two share, what it does
 * while the app holds the data folder. exec: cli-exec.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LOCK_FILE } from '../../electron/core/data-folder/data-lock';
import { useCliVault } from '../harness/cli-fixture';

const v = await useCliVault([
  { username: 'eu@acme', password: 'eu-password', station: 'eu' },
  { username: 'twofa@acme', password: 'twofa-password', sendsCodes: true },
]);
const { server, cli, lastIssued, add } = v;

describe('wxm-vault token', () => {
  it('prints exactly the token WXM issued and a newline, nothing else; the next call reuses it', async () => {
    const run = await cli(['token', 'ops']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.loginAttempts(), 1);
    assert.equal(run.stdout, `${lastIssued('ops@acme')}\n`);
    assert.equal(run.stderr, '');

    const header = await cli(['token', 'OPS', '--header']);
    assert.equal(header.code, 0, header.stderr);
    assert.equal(header.stdout, `Authorization: Bearer ${lastIssued('ops@acme')}\n`);
    assert.equal(server.loginAttempts(), 1, 'the second call took the token the first one shared');
  });

  it('uses the token the app core logged in for, and the app uses the one it logged in for', async () => {
    await v.h.vault.accounts.forgetTokens();
    const appToken = await v.h.vault.accounts.accessToken(v.ops);
    server.resetCounts();
    const run = await cli(['token', 'ops@acme']);
    assert.equal(run.stdout, `${appToken}\n`);
    assert.equal(server.loginAttempts(), 0);

    await v.h.vault.lock.lock('user');
    const fresh = await cli(['token', v.ops]);
    assert.equal(server.loginAttempts(), 1, 'the lock deleted the shared token: the CLI logged in');
    const cliToken = fresh.stdout.trim();
    assert.notEqual(cliToken, appToken);
    v.h.vault.accounts.dropTokens();
    assert.equal(await v.h.vault.accounts.accessToken(v.ops), cliToken);
    assert.equal(server.loginAttempts(), 1, 'the app took the token the CLI shared');
  });

  it('matches id, name or username in any case; a name that fits several lists them and exits 2', async () => {
    const eu = await add('Ops', 'eu@acme', 'eu-password');
    server.resetCounts();
    const ambiguous = await cli(['token', 'ops']);
    assert.equal(ambiguous.code, 2);
    assert.equal(ambiguous.stdout, '');
    assert.match(ambiguous.stderr, /"ops" fits 2 accounts/);
    assert.ok(ambiguous.stderr.includes(v.ops) && ambiguous.stderr.includes(eu), 'both candidates are listed with their ids');
    assert.equal(server.loginAttempts(), 0);

    const byUsername = await cli(['token', 'EU@ACME']);
    assert.equal(byUsername.code, 0, byUsername.stderr);
    const byId = await cli(['token', v.ops.toUpperCase()]);
    assert.equal(byId.code, 0, byId.stderr);
    const none = await cli(['token', 'nobody']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No account is named "nobody"[\s\S]*wxm-vault list/);
  });

  it('five at once log in once: the others wait for the data folder, then take the shared token', async () => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => cli(['token', 'ops'])));
    assert.deepEqual(
      runs.map((r) => r.code),
      [0, 0, 0, 0, 0],
    );
    assert.equal(server.loginAttempts(), 1);
    assert.equal(new Set(runs.map((r) => r.stdout)).size, 1);
  });

  it('never makes WXM send a two-factor code it cannot ask for; takes the token the app logged in for with one', async () => {
    const twofa = { label: '2FA', username: 'twofa@acme', secret: 'twofa-password', authMode: 'password', baseUrl: server.baseUrl } as const;
    await assert.rejects(v.h.vault.accounts.add(twofa), { code: 'two-factor-required' }, 'WXM sent the code the add needs');
    const id = (await v.h.vault.accounts.add({ ...twofa, otp: server.sentCodes('twofa@acme').at(-1)! })).id;
    server.resetCounts();
    const refused = await cli(['token', '2fa']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /two-factor code, which only the WXM Vault app can ask for/);
    assert.equal(server.loginAttempts(), 0);
    assert.equal(server.sentCodes('twofa@acme').length, 1, 'no new code was sent');

    const next = server.sentCodes('twofa@acme').length;
    await assert.rejects(v.h.vault.accounts.login(id), { code: 'two-factor-required' });
    assert.equal((await v.h.vault.accounts.login(id, server.sentCodes('twofa@acme')[next]!)).tokenState, 'valid');
    server.resetCounts();
    const shared = await cli(['token', '2fa']);
    assert.equal(shared.code, 0, shared.stderr);
    assert.equal(shared.stdout, `${lastIssued('twofa@acme')}\n`);
    assert.equal(server.loginAttempts(), 0);
  });

  it('refuses an account that needs attention with the fix, exit 3, and sends nothing', async () => {
    server.updateUser('ops@acme', { password: 'changed-elsewhere' });
    await v.h.vault.accounts.forgetTokens();
    const first = await cli(['token', 'ops']);
    assert.equal(first.code, 3);
    assert.match(first.stderr, /rejected the password[\s\S]*edit "Ops" and enter its password again/);
    assert.equal(server.loginAttempts(), 1);
    const again = await cli(['token', 'ops']);
    assert.equal(again.code, 3);
    assert.equal(server.loginAttempts(), 1, 'the refused login was recorded: no second try');
    const onDisk = JSON.parse(readFileSync(join(v.h.dataDir, 'accounts.json'), 'utf8')) as { accounts: Array<{ id: string; problem: unknown }> };
    assert.equal(
      (onDisk.accounts.find((a) => a.id === v.ops)?.problem as { code?: string } | null)?.code,
      'invalid-credentials',
      'recorded through the core',
    );
  });
});

describe('wxm-vault list and status', () => {
  it('groups accounts by station with state and time left; --json carries no token', async () => {
    await cli(['token', 'ops']);
    const run = await cli(['list']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^uswest\n {2}Ops {2}ops@acme {2}valid, 11 h 59 min left\n$/);
    const json = await cli(['list', '--json']);
    const [entry] = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.equal(entry?.['state'], 'valid');
    assert.equal(entry?.['id'], v.ops);
    assert.ok(Date.parse(String(entry?.['tokenExpiresAt'])) > Date.now());
    assert.ok(!json.stdout.includes(lastIssued('ops@acme')!));
  });

  it('status names the keychain and, for an account that needs attention, the fix; exit 3', async () => {
    server.updateUser('ops@acme', { password: 'changed-elsewhere' });
    await v.h.vault.accounts.forgetTokens();
    await cli(['token', 'ops']);
    const run = await cli(['status']);
    assert.equal(run.code, 3);
    assert.match(run.stdout, /Keychain: Secret Service/);
    assert.match(run.stdout, /X Ops \(ops@acme at http:\/\/127\.0\.0\.1:\d+\): needs attention\. WXM rejected the password/);
    assert.match(run.stdout, /To fix: Open WXM Vault, edit "Ops" and enter its password again\./);
  });

  it('status with no keychain reachable says so and how to fix it on stderr, nothing on stdout; exit 1', async () => {
    const run = await cli(['status'], { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /X Keychain: Secret Service .* does not work\. .*Start and unlock GNOME Keyring or KWallet/);
  });
});

describe('wxm-vault api', () => {
  it('prints WXM’s JSON answer indented, or as it came with --raw', async () => {
    const run = await cli(['api', 'ops', '/api/Settings']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { id: 'acct-ops@acme', user: 'ops@acme', businessName: 'Test Business', timeZoneOffset: 0 });
    assert.match(run.stdout, /^\{\n {2}"id": "acct-ops@acme",\n/);
    const raw = await cli(['api', 'ops', 'api/Settings', '--raw']);
    assert.equal(raw.stdout, '{"id":"acct-ops@acme","user":"ops@acme","businessName":"Test Business","timeZoneOffset":0}\n');
  });

  it('logs in once more and retries once when WXM rejects the token (401)', async () => {
    await cli(['token', 'ops']);
    server.revokeTokens();
    server.resetCounts();
    const run = await cli(['api', 'ops', '/api/Settings']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.loginAttempts(), 1);
    assert.deepEqual(
      server.requests.filter((r) => r.endpoint === 'Settings').map((r) => r.status),
      [401, 200],
    );
    assert.equal((await cli(['token', 'ops'])).stdout, `${lastIssued('ops@acme')}\n`, 'the new token was shared');
  });

  it('gives up after that one retry, exit 1, with what to do', async () => {
    await cli(['token', 'ops']);
    server.resetCounts();
    server.failNext(401, { count: 2, endpoint: 'Settings' });
    const run = await cli(['api', 'ops', '/api/Settings']);
    assert.equal(run.code, 1);
    assert.equal(server.loginAttempts(), 1);
    assert.match(run.stderr, /rejected a brand-new token for ops@acme/);
  });

  it('prints WXM’s error and exits 1 when WXM answers with one', async () => {
    const run = await cli(['api', 'ops', '/api/NoSuchThing']);
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), { message: 'No HTTP resource was found that matches the request URI.' });
    assert.match(run.stderr, /WXM answered HTTP 404 to GET \/api\/NoSuchThing: No HTTP resource was found/);
  });

  it('sends -f fields as a JSON body with POST, and as a query with GET', async () => {
    const post = await cli(['api', 'ops', '/api/Settings', '-f', 'a=1', '-f', 'b=two']);
    assert.equal(post.code, 1, 'the test server allows only GET there');
    assert.match(post.stderr, /HTTP 405 to POST \/api\/Settings/);
    const get = await cli(['api', 'ops', '/api/Settings', '-X', 'get', '-f', 'q=x y']);
    assert.equal(get.code, 0, get.stderr);
    assert.equal((await cli(['api', 'ops', '/api/Settings', '-d', '{}', '-f', 'a=1'])).code, 2);
  });
});

describe('while the app holds the data folder', () => {
  const holdAsApp = () => writeFileSync(join(v.h.dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, shell: 'electron', token: 'test' }));

  it('uses the token the app shares, and never logs in or writes the account list itself', async () => {
    await v.h.vault.accounts.forgetTokens();
    const shared = await v.h.vault.accounts.accessToken(v.ops);
    holdAsApp();
    server.resetCounts();
    const list = readFileSync(join(v.h.dataDir, 'accounts.json'), 'utf8');
    assert.equal((await cli(['token', 'ops'])).stdout, `${shared}\n`);
    assert.equal((await cli(['api', 'ops', '/api/Settings'])).code, 0);

    await v.h.vault.lock.lock('user');
    const refused = await cli(['token', 'ops']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /WXM Vault is running \(process \d+\) and has no current token for "Ops"[\s\S]*quit WXM Vault and run this again/);
    assert.equal(server.loginAttempts(), 0);
    assert.equal(readFileSync(join(v.h.dataDir, 'accounts.json'), 'utf8'), list);
    assert.equal(readFileSync(join(v.h.dataDir, LOCK_FILE), 'utf8').includes('"electron"'), true, 'the app’s lock is untouched');
  });
});

describe('usage', () => {
  it('has --help for every command and --version; unknown commands and flags exit 2', async () => {
    for (const command of ['list', 'status', 'token', 'exec', 'api']) {
      const run = await cli([command, '--help']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, new RegExp(`^Usage: wxm-vault ${command}`));
      assert.match(run.stdout, /Exit codes:/);
    }
    assert.match((await cli(['--version'])).stdout, /^wxm-vault \d+\.\d+\.\d+\n$/);
    const unknown = await cli(['tokne', 'ops']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, 'unknown command "tokne" for "wxm-vault"\nRun `wxm-vault --help` for usage.\n');
    assert.equal((await cli(['token'])).code, 2);
    assert.equal((await cli(['list', '--bogus'])).code, 2);
    assert.equal(server.loginAttempts(), 0);
  });

  it("--help's exit code 2 names every case the README's exit codes do", async () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const readme = flat(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
    const cases = /\*\*Exit codes:\*\* .*?2 usage \(([^)]*)\)/.exec(readme)?.[1]?.split(', ');
    assert.ok(cases && cases.length >= 3, "README's exit codes list the usage cases");
    const help = flat((await cli(['--help'])).stdout);
    const two = /2 usage: (.*?) 3 /.exec(help)?.[1] ?? '';
    for (const c of cases) assert.ok(two.includes(c), `--help's exit code 2 leaves out "${c}": ${two}`);
  });
});
