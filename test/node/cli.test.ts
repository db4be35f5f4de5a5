/**
 * `wxm-vault` run as its own process against the WXM test server and the real
 * keychain, beside an app core (createVault) on the same data folder and
 * keychain service: what it prints, what it passes to exec's command, and the
 * tokens the two share.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { ClipboardPort } from '../../electron/core/clipboard-port';
import { LOCK_FILE } from '../../electron/core/data-lock';
import { collect, printed, runCli, runOnTerminal, spawnCli, type CliTarget } from '../harness/cli-run';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { startWxmServer } from '../wxm-server/wxm-server';

const clipboard: ClipboardPort = { readText: async () => '', writeText: async () => {}, clear: async () => {} };
const server = await startWxmServer({
  users: [
    { username: 'ops@acme', password: 'ops-password', station: 'uswest' },
    { username: 'eu@acme', password: 'eu-password', station: 'eu' },
    { username: 'twofa@acme', password: 'twofa-password', sendsCodes: true },
  ],
  tokenLifetimeSeconds: 43_200,
});
after(() => server.close());

let h: VaultHarness;
let target: CliTarget;
let ops: string;

async function add(label: string, username: string, secret: string): Promise<string> {
  return (await h.vault.accounts.add({ label, username, secret, authMode: 'password', baseUrl: server.baseUrl })).id;
}

beforeEach(async () => {
  h = createVaultHarness({ trustedOrigin: 'app://vault', clipboard });
  target = { dataDir: h.dataDir, keychainService: h.secrets.service };
  ops = await add('Ops', 'ops@acme', 'ops-password');
  server.resetCounts();
});
afterEach(async () => {
  server.updateUser('ops@acme', { password: 'ops-password' });
  await h.dispose();
});

const cli = (args: string[], options?: Parameters<typeof runCli>[2]) => runCli(target, args, options);
const lastIssued = (user: string) => server.issuedTokens(user).at(-1);

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
    await h.vault.accounts.forgetTokens();
    const appToken = await h.vault.accounts.accessToken(ops);
    server.resetCounts();
    const run = await cli(['token', 'ops@acme']);
    assert.equal(run.stdout, `${appToken}\n`);
    assert.equal(server.loginAttempts(), 0);

    await h.vault.lock.lock('user');
    const fresh = await cli(['token', ops]);
    assert.equal(server.loginAttempts(), 1, 'the lock deleted the shared token: the CLI logged in');
    const cliToken = fresh.stdout.trim();
    assert.notEqual(cliToken, appToken);
    h.vault.accounts.dropTokens();
    assert.equal(await h.vault.accounts.accessToken(ops), cliToken);
    assert.equal(server.loginAttempts(), 1, 'the app took the token the CLI shared');
  });

  it('matches id, name or username in any case; a name that fits several lists them and exits 2', async () => {
    const eu = await add('Ops', 'eu@acme', 'eu-password');
    server.resetCounts();
    const ambiguous = await cli(['token', 'ops']);
    assert.equal(ambiguous.code, 2);
    assert.equal(ambiguous.stdout, '');
    assert.match(ambiguous.stderr, /"ops" fits 2 accounts/);
    assert.ok(ambiguous.stderr.includes(ops) && ambiguous.stderr.includes(eu), 'both candidates are listed with their ids');
    assert.equal(server.loginAttempts(), 0);

    const byUsername = await cli(['token', 'EU@ACME']);
    assert.equal(byUsername.code, 0, byUsername.stderr);
    const byId = await cli(['token', ops.toUpperCase()]);
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
    await assert.rejects(h.vault.accounts.add(twofa), { code: 'two-factor-required' }, 'WXM sent the code the add needs');
    const id = (await h.vault.accounts.add({ ...twofa, otp: server.sentCodes('twofa@acme').at(-1)! })).id;
    server.resetCounts();
    const refused = await cli(['token', '2fa']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /two-factor code, which only the WXM Vault app can ask for/);
    assert.equal(server.loginAttempts(), 0);
    assert.equal(server.sentCodes('twofa@acme').length, 1, 'no new code was sent');

    const next = server.sentCodes('twofa@acme').length;
    await assert.rejects(h.vault.accounts.login(id), { code: 'two-factor-required' });
    assert.equal((await h.vault.accounts.login(id, server.sentCodes('twofa@acme')[next]!)).tokenState, 'valid');
    server.resetCounts();
    const shared = await cli(['token', '2fa']);
    assert.equal(shared.code, 0, shared.stderr);
    assert.equal(shared.stdout, `${lastIssued('twofa@acme')}\n`);
    assert.equal(server.loginAttempts(), 0);
  });

  it('refuses an account that needs attention with the fix, exit 3, and sends nothing', async () => {
    server.updateUser('ops@acme', { password: 'changed-elsewhere' });
    await h.vault.accounts.forgetTokens();
    const first = await cli(['token', 'ops']);
    assert.equal(first.code, 3);
    assert.match(first.stderr, /rejected the password[\s\S]*edit "Ops" and enter its password again/);
    assert.equal(server.loginAttempts(), 1);
    const again = await cli(['token', 'ops']);
    assert.equal(again.code, 3);
    assert.equal(server.loginAttempts(), 1, 'the refused login was recorded: no second try');
    const onDisk = JSON.parse(readFileSync(join(h.dataDir, 'accounts.json'), 'utf8')) as { accounts: Array<{ id: string; problem: unknown }> };
    assert.equal(
      (onDisk.accounts.find((a) => a.id === ops)?.problem as { code?: string } | null)?.code,
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
    assert.equal(entry?.['id'], ops);
    assert.ok(Date.parse(String(entry?.['tokenExpiresAt'])) > Date.now());
    assert.ok(!json.stdout.includes(lastIssued('ops@acme')!));
  });

  it('status names the keychain and, for an account that needs attention, the fix; exit 3', async () => {
    server.updateUser('ops@acme', { password: 'changed-elsewhere' });
    await h.vault.accounts.forgetTokens();
    await cli(['token', 'ops']);
    const run = await cli(['status']);
    assert.equal(run.code, 3);
    assert.match(run.stdout, /Keychain: Secret Service/);
    assert.match(run.stdout, /X Ops \(ops@acme at http:\/\/127\.0\.0\.1:\d+\): needs attention\. WXM rejected the password/);
    assert.match(run.stdout, /To fix: Open WXM Vault, edit "Ops" and enter its password again\./);
  });
});

describe('wxm-vault exec', () => {
  it('runs the command with the token, base URL, station, account and expiry in its environment', async () => {
    const dump =
      "process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WXM_') && !k.startsWith('WXM_VAULT_')))))";
    const run = await cli(['exec', 'ops', '--', process.execPath, '-e', dump]);
    assert.equal(run.code, 0, run.stderr);
    const token = lastIssued('ops@acme')!;
    const env = JSON.parse(run.stdout) as Record<string, string>;
    const expires = Date.parse(env['WXM_TOKEN_EXPIRES_AT'] ?? '');
    assert.deepEqual(env, {
      WXM_TOKEN: token,
      WXM_AUTHORIZATION: `Bearer ${token}`,
      WXM_BASE_URL: server.baseUrl,
      WXM_STATION: 'uswest',
      WXM_ACCOUNT: 'Ops',
      WXM_TOKEN_EXPIRES_AT: new Date(expires).toISOString(),
    });
    assert.ok(Math.abs(expires - (Date.now() + 43_200_000)) < 60_000, 'expiry is the token’s own');
  });

  it('passes stdin, stdout, stderr and the exit code through', async () => {
    const run = await cli(['exec', 'ops', '--', 'sh', '-c', 'cat; echo to-stderr >&2; exit 7'], { input: 'from-stdin' });
    assert.equal(run.code, 7);
    assert.equal(run.stdout, 'from-stdin');
    assert.equal(run.stderr, 'to-stderr\n');
  });

  it('dies of the signal its command died of', async () => {
    const run = await cli(['exec', 'ops', '--', 'sh', '-c', 'kill -TERM $$']);
    assert.equal(run.signal, 'SIGTERM');
    assert.equal(run.code, null);
  });

  it('exits 128+n for SIGPIPE, which Node ignores; dies of SIGUSR1 without opening Node’s debugger', async () => {
    const pipe = await cli(['exec', 'ops', '--', 'sh', '-c', 'kill -PIPE $$']);
    assert.deepEqual([pipe.code, pipe.signal], [141, null]);
    const usr1 = await cli(['exec', 'ops', '--', 'sh', '-c', 'kill -USR1 $$']);
    assert.deepEqual([usr1.code, usr1.signal], [null, 'SIGUSR1']);
    assert.ok(!usr1.stderr.includes('Debugger listening'), usr1.stderr);
  });

  it('passes a signal sent to it on to the command, then exits as the command did', async () => {
    const script =
      "process.on('SIGINT', () => { console.log('child got SIGINT'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);";
    const child = spawnCli(target, ['exec', 'ops', '--', process.execPath, '-e', script]);
    const done = collect(child);
    await printed(child, 'ready');
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.code, 42);
    assert.match(run.stdout, /child got SIGINT/);
  });

  it('on a terminal, leaves Ctrl-C to the terminal, which delivers it to the command: sent again, it would arrive twice', async () => {
    const script =
      "process.on('SIGINT', () => { console.log('child got SIGINT'); process.exit(0); }); console.log('ready ' + process.ppid); setInterval(() => {}, 1000);";
    let step = 0;
    let latest = '';
    let beforeCtrlC = '';
    const run = await runOnTerminal(target, ['exec', 'ops', '--', process.execPath, '-e', script], (output, type) => {
      latest = output;
      const ready = /ready (\d+)/.exec(output);
      if (step === 0 && ready) {
        step = 1;
        // A SIGINT to wxm-vault alone, as `kill -INT` would send: on a terminal, the command's own Ctrl-C is what counts.
        process.kill(Number(ready[1]), 'SIGINT');
        setTimeout(() => {
          step = 2;
          beforeCtrlC = latest;
          type('\x03');
        }, 500);
      }
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(step, 2, `the command was still running when Ctrl-C was typed: ${run.output}`);
    assert.ok(!beforeCtrlC.includes('child got SIGINT'), 'wxm-vault passed nothing on');
    assert.match(run.output, /child got SIGINT/);
  });

  it('refuses to run inside another exec unless --force, and says so', async () => {
    const marker = join(h.dataDir, 'ran');
    const nested = await cli(['exec', 'ops', '--', 'touch', marker], { env: { WXM_ACCOUNT: 'Outer' } });
    assert.equal(nested.code, 2);
    assert.match(nested.stderr, /already inside wxm-vault exec \(for "Outer"\)[\s\S]*--force/);
    assert.throws(() => readFileSync(marker), 'the command did not run');
    const forced = await cli(['exec', 'ops', '--force', '--', 'touch', marker], { env: { WXM_ACCOUNT: 'Outer' } });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(marker, 'utf8'), '');
  });

  it('exits 127 when the command does not exist', async () => {
    const run = await cli(['exec', 'ops', '--', 'no-such-command-wxm']);
    assert.equal(run.code, 127);
    assert.match(run.stderr, /no-such-command-wxm: command not found/);
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
  const holdAsApp = () => writeFileSync(join(h.dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, shell: 'electron', token: 'test' }));

  it('uses the token the app shares, and never logs in or writes the account list itself', async () => {
    await h.vault.accounts.forgetTokens();
    const shared = await h.vault.accounts.accessToken(ops);
    holdAsApp();
    server.resetCounts();
    const list = readFileSync(join(h.dataDir, 'accounts.json'), 'utf8');
    assert.equal((await cli(['token', 'ops'])).stdout, `${shared}\n`);
    assert.equal((await cli(['api', 'ops', '/api/Settings'])).code, 0);

    await h.vault.lock.lock('user');
    const refused = await cli(['token', 'ops']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /WXM Vault is running \(process \d+\) and has no current token for "Ops"[\s\S]*quit WXM Vault and run this again/);
    assert.equal(server.loginAttempts(), 0);
    assert.equal(readFileSync(join(h.dataDir, 'accounts.json'), 'utf8'), list);
    assert.equal(readFileSync(join(h.dataDir, LOCK_FILE), 'utf8').includes('"electron"'), true, 'the app’s lock is untouched');
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
});
