/**
 * The test keychain itself (scripts/with-keyring.sh). A wrapper that hands over
 * before gnome-keyring owns the Secret Service lets the first client make the bus
 * activate a second, password-less daemon, and so does a daemon that dies mid-run
 * (gnome-keyring 42 aborts now and then on OpenSession); when a password-less one
 * serves, every write asks for an unlock prompt no one can answer and the rest of
 * the run fails.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { needsLinux, SECRET_SERVICE } from '../harness/host-needs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wrapper = 'scripts/with-keyring.sh';

function bus(method: string, ...args: string[]): string {
  return `dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.${method} ${args.join(' ')}`;
}

describe('scripts/with-keyring.sh', { skip: needsLinux(SECRET_SERVICE) }, () => {
  it('starts the command once its daemon owns the Secret Service unlocked, and lets the bus activate no other daemon', () => {
    const script = `
      ${bus('NameHasOwner', 'string:org.freedesktop.secrets')} | grep -o 'boolean [a-z]*'
      ${bus('ListActivatableNames')} | grep -c -e org.freedesktop.secrets -e org.gnome.keyring || true
      printf first-write | secret-tool store --label=wrapper-check service wxm-vault-wrapper-check username u
      secret-tool lookup service wxm-vault-wrapper-check username u; echo`;
    const out = execFileSync(wrapper, ['sh', '-c', script], { cwd: root, encoding: 'utf8' });
    assert.deepEqual(out.trim().split('\n'), ['boolean true', '0', 'first-write']);
  });

  it('restarts a daemon that dies mid-run, unlocked, with what was stored before, and says so', () => {
    const script = `
      printf before | secret-tool store --label=wrapper-check service wxm-vault-wrapper-check username u
      owner=$(${bus('GetNameOwner', 'string:org.freedesktop.secrets')} | sed -n 's/.*string "\\(.*\\)"/\\1/p')
      pid=$(${bus('GetConnectionUnixProcessID', 'string:$owner')} | awk '/uint32/ { print $2 }')
      kill -KILL "$pid"
      i=0; until value=$(secret-tool lookup service wxm-vault-wrapper-check username u 2>/dev/null); do
        i=$((i + 1)); [ "$i" -lt 100 ] || exit 9; sleep 0.05
      done
      echo "$value"
      printf after | secret-tool store --label=wrapper-check service wxm-vault-wrapper-check username u2 && echo written`;
    const run = spawnSync(wrapper, ['sh', '-c', script], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), ['before', 'written']);
    assert.match(run.stderr, /gnome-keyring-daemon died \(status 137\) while the command ran.*Restarting it/);
    assert.match(run.stderr, /died 1 time\(s\) during the run/);
  });

  it('passes the exit status of the command through and leaves no keyring folder behind', () => {
    const run = spawnSync(wrapper, ['sh', '-c', 'echo "$HOME"; exit 7'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 7);
    const home = run.stdout.trim();
    assert.match(home, /wxm-keyring\./);
    assert.equal(spawnSync('test', ['-e', home]).status, 1, `${home} was removed`);
  });
});
