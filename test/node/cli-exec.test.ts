/**
 * `wxm-vault exec`: the token and the account in the command's environment, and
 * the command's stdin, stdout, stderr, signals and exit code passed through.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collect, printed, runOnTerminal, spawnCli } from '../harness/cli-run';
import { useCliVault } from '../harness/cli-fixture';
import { needsLinux, needsPosix, UTIL_LINUX_TERMINAL } from '../harness/host-needs';

// Windows ends a process without telling it which signal: exit codes stand in for signals there.
const SIGNALS = needsPosix('POSIX signals');

const v = await useCliVault();
const { server, cli, lastIssued } = v;

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
    assert.equal(run.code, 7, run.stderr);
    assert.equal(run.stdout, 'from-stdin');
    assert.equal(run.stderr, 'to-stderr\n');
  });

  it('dies of the signal its command died of', { skip: SIGNALS }, async () => {
    const run = await cli(['exec', 'ops', '--', 'sh', '-c', 'kill -TERM $$']);
    assert.equal(run.signal, 'SIGTERM', run.stderr);
    assert.equal(run.code, null);
  });

  it('exits 128+n for SIGPIPE, which Node ignores; dies of SIGUSR1 without opening Node’s debugger', { skip: SIGNALS }, async () => {
    const pipe = await cli(['exec', 'ops', '--', 'sh', '-c', 'kill -PIPE $$']);
    assert.deepEqual([pipe.code, pipe.signal], [141, null], pipe.stderr);
    const usr1 = await cli(['exec', 'ops', '--', 'sh', '-c', 'kill -USR1 $$']);
    assert.deepEqual([usr1.code, usr1.signal], [null, 'SIGUSR1'], usr1.stderr);
    assert.ok(!usr1.stderr.includes('Debugger listening'), usr1.stderr);
  });

  it('passes a signal sent to it on to the command, then exits as the command did', { skip: SIGNALS }, async () => {
    const script =
      "process.on('SIGINT', () => { console.log('child got SIGINT'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);";
    const child = spawnCli(v.target, ['exec', 'ops', '--', process.execPath, '-e', script]);
    const done = collect(child);
    await printed(child, 'ready');
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.code, 42, run.stderr);
    assert.match(run.stdout, /child got SIGINT/);
  });

  it(
    'on a terminal, leaves Ctrl-C to the terminal, which delivers it to the command: sent again, it would arrive twice',
    { skip: needsLinux(UTIL_LINUX_TERMINAL) },
    async () => {
      const script =
        "process.on('SIGINT', () => { console.log('child got SIGINT'); process.exit(0); }); console.log('ready ' + process.ppid); setInterval(() => {}, 1000);";
      let step = 0;
      let latest = '';
      let beforeCtrlC = '';
      const run = await runOnTerminal(v.target, ['exec', 'ops', '--', process.execPath, '-e', script], (output, type) => {
        latest = output;
        // The whole line: a pty may hand the pid over in two reads, and half a pid is another process.
        const ready = /ready (\d+)\r?\n/.exec(output);
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
    },
  );

  it('refuses to run inside another exec unless --force, and says so', async () => {
    const marker = join(v.h.dataDir, 'ran');
    const nested = await cli(['exec', 'ops', '--', 'touch', marker], { env: { WXM_ACCOUNT: 'Outer' } });
    assert.equal(nested.code, 2, nested.stderr);
    assert.match(nested.stderr, /already inside wxm-vault exec \(for "Outer"\)[\s\S]*--force/);
    assert.throws(() => readFileSync(marker), 'the command did not run');
    const forced = await cli(['exec', 'ops', '--force', '--', 'touch', marker], { env: { WXM_ACCOUNT: 'Outer' } });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(marker, 'utf8'), '');
  });

  it('exits 127 when the command does not exist', async () => {
    const run = await cli(['exec', 'ops', '--', 'no-such-command-wxm']);
    assert.equal(run.code, 127, run.stderr);
    assert.match(run.stderr, /no-such-command-wxm: command not found/);
  });
});
