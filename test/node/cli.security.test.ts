/**
 * `wxm-vault` and secrets: a canary password driven through every command
 * never reaches stdout, stderr, a log or a data file; the vault passphrase is
 * asked for only on a terminal, without echo, once per command (exec: once for
 * the whole script), and without a terminal the command stops (exit 3) instead
 * of reading it from anywhere else; a path that would carry the token to
 * another host is refused before anything is sent.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { ClipboardPort } from '../../electron/core/clipboard/clipboard-port';
import { runCli, runOnTerminal, type CliResult, type CliTarget } from '../harness/cli-run';
import { needsLinux, UTIL_LINUX_TERMINAL } from '../harness/host-needs';
import { createVaultHarness, type VaultHarness } from '../harness/vault-harness';
import { startWxmServer } from '../../electron/sandbox/wxm-sandbox';

const CANARY = `canary-pw-${randomUUID()}`;
const PASSPHRASE = `vault pass ${randomUUID().slice(0, 8)}`;
const clipboard: ClipboardPort = { readText: async () => '', writeText: async () => {}, clear: async () => {} };
const server = await startWxmServer({ users: [{ username: 'ops@acme', password: CANARY, station: 'uswest' }] });
after(() => server.close());

let h: VaultHarness;
let target: CliTarget;
beforeEach(async () => {
  h = createVaultHarness({ trustedOrigin: 'app://vault', clipboard });
  target = { dataDir: h.dataDir, keychainService: h.secrets.service };
  await h.vault.accounts.add({ label: 'Ops', username: 'ops@acme', secret: CANARY, authMode: 'password', baseUrl: server.baseUrl });
  server.resetCounts();
});
afterEach(async () => {
  server.updateUser('ops@acme', { password: CANARY });
  await h.dispose();
});

const cli = (args: string[], env?: Record<string, string>) => runCli(target, args, env ? { env } : {});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** wxm-vault on a real terminal, typing one answer per passphrase prompt, once the prompt is up (raw mode, no echo). */
function onTerminal(args: string[], answers: string[]): Promise<{ code: number | null; output: string }> {
  let answered = 0;
  return runOnTerminal(target, args, (output, type) => {
    const prompts = output.split('WXM Vault passphrase: ').length - 1;
    while (answered < prompts && answered < answers.length) type(`${answers[answered++]}\r`);
  });
}

describe('a canary password', () => {
  it('never appears on stdout, stderr, in a log or a data file, through every command and its failures', async () => {
    const runs: CliResult[] = [];
    const run = async (args: string[], env?: Record<string, string>) => {
      const result = await cli(args, env);
      runs.push(result);
      return result;
    };
    assert.equal((await run(['token', 'ops'])).code, 0);
    const token = server.issuedTokens('ops@acme').at(-1)!;
    await run(['token', 'ops', '--header']);
    await run(['list']);
    await run(['list', '--json']);
    await run(['status']);
    await run(['exec', 'ops', '--', 'sh', '-c', 'env']);
    await run(['api', 'ops', '/api/Settings']);
    await run(['api', 'ops', '/api/Nope']);
    await run(['api', 'ops', '//evil.example/api']);
    server.answerNotLikeWxm('html', { endpoint: 'Settings', status: 502 });
    await run(['api', 'ops', '/api/Settings']);
    server.updateUser('ops@acme', { password: 'changed-elsewhere' });
    await h.vault.accounts.forgetTokens();
    assert.equal((await run(['token', 'ops'])).code, 3, 'the stored canary was refused');
    await run(['status']);
    await run(['exec', 'ops', '--', 'true']);

    for (const { stdout, stderr } of runs) {
      assert.ok(!stdout.includes(CANARY) && !stderr.includes(CANARY));
    }
    const files = filesUnder(h.dataDir);
    assert.ok(
      files.some((f) => f.endsWith('cli.log')),
      'the CLI logged',
    );
    for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(CANARY), `${file} holds the canary`);
    const cliLog = readFileSync(join(h.dataDir, 'logs', 'cli.log'), 'utf8');
    assert.ok(!cliLog.includes(token), 'nor a token in the log');
  });
});

describe('the vault passphrase', () => {
  beforeEach(async () => {
    await h.vault.passphrase.setPassphrase(undefined, PASSPHRASE);
  });

  it('without a terminal: exit 3 with what to do, nothing sent, and never taken from a flag or variable', async () => {
    for (const [args, env] of [
      [['token', 'ops'], undefined],
      [['list'], undefined],
      [['exec', 'ops', '--', 'true'], undefined],
      [['token', 'ops'], { WXM_VAULT_PASSPHRASE: PASSPHRASE, WXM_PASSPHRASE: PASSPHRASE }],
    ] as const) {
      const run = await cli([...args], env);
      assert.equal(run.code, 3, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /has a passphrase, and there is no terminal to ask for it on[\s\S]*wxm-vault exec <account> -- <script>/);
    }
    for (const flag of ['--passphrase', '-p', '--password']) {
      assert.equal((await cli(['token', 'ops', flag, PASSPHRASE])).code, 2, `${flag} is no flag`);
    }
    assert.equal(server.loginAttempts(), 0);
  });

  it('on a terminal: asked once, not echoed, one unlock; exec runs a whole script under it', { skip: needsLinux(UTIL_LINUX_TERMINAL) }, async () => {
    const script = 'echo "first:$WXM_TOKEN"; echo "second:$WXM_TOKEN"';
    const run = await onTerminal(['exec', 'ops', '--', 'sh', '-c', script], [PASSPHRASE]);
    assert.equal(run.code, 0, run.output);
    const token = server.issuedTokens('ops@acme').at(-1)!;
    assert.ok(run.output.includes(`first:${token}`) && run.output.includes(`second:${token}`), run.output);
    assert.equal(run.output.split('WXM Vault passphrase:').length - 1, 1, 'asked once');
    assert.ok(!run.output.includes(PASSPHRASE), 'not echoed');
    const unlocks = readFileSync(join(h.dataDir, 'logs', 'cli.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"message":"unlocked"'));
    assert.equal(unlocks.length, 1, 'one key derivation');
  });

  it('a wrong passphrase is asked again, and then the command goes on', { skip: needsLinux(UTIL_LINUX_TERMINAL) }, async () => {
    const run = await onTerminal(['token', 'ops'], ['not the passphrase', PASSPHRASE]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /That is not the vault passphrase/);
    assert.ok(run.output.includes(server.issuedTokens('ops@acme').at(-1)!));
  });
});

describe('the token goes to the account’s base URL only', () => {
  it('refuses every path that would leave it, exit 2, before unlocking or sending anything', async () => {
    for (const path of ['https://evil.example/api/Settings', '//evil.example/api', '/api/../../x', '/api/%2e%2e/x', 'api\\..\\x']) {
      const run = await cli(['api', 'ops', path]);
      assert.equal(run.code, 2, path);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /is not a path under the account's base URL/);
    }
    assert.equal(server.requests.length, 0);
  });
});
