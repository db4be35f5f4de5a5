/**
 * gnome-keyring 42 now and then aborts when a client leaves mid-call, and its session starts it again
 * (as scripts/with-keyring.sh does, and as D-Bus activation does on a desktop). Calls made in the
 * moment it is gone must wait for it, not tell the user the keychain is unavailable. Runs in a
 * keyring session of its own: killing the daemon of the shared one would fail other suites' calls.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { needsLinux, SECRET_SERVICE } from '../harness/host-needs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const secrets = join(root, 'electron/core/keychain/secrets.ts');

const CHILD = `
import { execFileSync } from 'node:child_process';
import { KeychainSecretStore } from ${JSON.stringify(secrets)};
const store = new KeychainSecretStore('wxm-vault-restart-check');
await store.set('account:one:secret', 'kept');
const ask = (method, arg) => execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.' + method, 'string:' + arg], { encoding: 'utf8' });
const owner = /string "(.*)"/.exec(ask('GetNameOwner', 'org.freedesktop.secrets'))[1];
const pid = Number(/uint32 (\\d+)/.exec(ask('GetConnectionUnixProcessID', owner))[1]);
process.kill(pid, 'SIGKILL');
console.log('read:', await store.get('account:one:secret'));
await store.set('account:two:secret', 'written');
console.log('keys:', (await store.keys()).sort().join(','));
`;

describe('keychain secret store while its daemon restarts', { skip: needsLinux(SECRET_SERVICE) }, () => {
  it('waits for a Secret Service daemon that died and is being restarted, then reads and writes as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-daemon-restart-'));
    try {
      const file = join(dir, 'child.mts');
      writeFileSync(file, CHILD);
      const run = spawnSync('scripts/with-keyring.sh', [process.execPath, '--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      assert.match(run.stderr, /gnome-keyring-daemon died \(status 137\)/, 'the daemon was killed mid-run');
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.stdout.trim().split('\n'), ['read: kept', 'keys: account:one:secret,account:two:secret']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
