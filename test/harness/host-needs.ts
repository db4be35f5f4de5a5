/**
 * Skip reasons for node tests that need what only some OSes have. CI runs the node
 * tests on Linux, macOS and Windows; a test that needs X11, xclip, a dbus-daemon or
 * gnome-keyring skips itself elsewhere and says why. On Linux these return false:
 * there a missing tool is a broken setup (scripts/setup.sh installs them all), and
 * the test fails with the tool's own error rather than hiding behind a skip.
 *
 * Use: `describe('…', { skip: needsLinux('the X11 clipboard (Xvfb, xclip)') }, …)`.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** False on Linux; elsewhere the reason a test that needs `what` is skipped. */
export function needsLinux(what: string, platform: NodeJS.Platform = process.platform): string | false {
  return platform === 'linux' ? false : `needs ${what}, which only the Linux runs have; this is ${platform}`;
}

export const X11_CLIPBOARD = 'the X11 clipboard (Xvfb and xclip)';
export const PRIVATE_DBUS = 'a private dbus-daemon (D-Bus is a Linux desktop bus)';
export const SECRET_SERVICE = 'the Secret Service (gnome-keyring, secret-tool)';
export const SYSTEM_CHROMIUM = 'Chromium under a private Xvfb (the browser shell)';
/** test/harness/cli-run.ts runOnTerminal: macOS has BSD `script`, whose options differ, and Windows has none. */
export const UTIL_LINUX_TERMINAL = 'a terminal made by util-linux `script -qefc`';

/** False except on Windows, where a test that needs `what` (POSIX signals, say) is skipped, and this says why. */
export function needsPosix(what: string, platform: NodeJS.Platform = process.platform): string | false {
  return platform === 'win32' ? `needs ${what}, which Windows does not have` : false;
}

/**
 * A file's permission bits are `mode`. Not checked on Windows: it has no POSIX modes (Node's
 * stat reports 0o666, or 0o444 for a read-only file, whatever the ACL says); files in the
 * user's profile are private there through the profile's ACL.
 */
export function assertPosixMode(path: string, mode: number, message?: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  assert.equal((statSync(path).mode & 0o777).toString(8), mode.toString(8), message ?? `${path} has mode ${mode.toString(8)}`);
}

/** Whether `command` is an executable on PATH (with Windows' extensions there). */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) if (existsSync(join(dir, command + ext))) return true;
  }
  return false;
}

/** False when `command` is on PATH, or on Linux (see above); else why a test that runs it is skipped. */
export function needsCommand(command: string, platform: NodeJS.Platform = process.platform): string | false {
  return platform === 'linux' || onPath(command) ? false : `needs the \`${command}\` command, which this ${platform} machine does not have on PATH`;
}
