/**
 * What the browser shell runs, and the check that the browser got our command
 * line (chromium-flags.ts) and nothing else.
 *
 * Some distributions put a launcher script where the browser's command is.
 * Debian's /usr/bin/chromium is a sh script that sources /etc/chromium.d/* and
 * puts the CHROMIUM_FLAGS they build before ours; on a stock install that is
 * --enable-remote-extensions, --load-extension=<every extension in
 * /usr/share/chromium/extensions>, --disable-extensions-except=…,
 * --show-component-extension-options, --enable-gpu-rasterization,
 * --media-router=0 and more: the app window would run with extensions loaded,
 * whatever our list says. So:
 * - for a launcher we know, the shell runs the browser's own binary instead
 *   (browserBinary);
 * - for any other, the check after launch (commandLineProblem) refuses a
 *   browser whose arguments are not exactly ours, with a sentence naming
 *   WXM_VAULT_BROWSER.
 *
 * What Debian's launcher does besides adding flags, and why the binary needs
 * none of it here: it exports CHROME_WRAPPER (the command Chromium relaunches
 * itself through: a relaunched browser would lose our pipe anyway),
 * CHROME_DESKTOP and CHROME_VERSION_EXTRA (desktop-file name and About-box
 * text), and, from /etc/chromium.d/apikeys, Google API keys (for Google
 * services, which this profile has off); it sets no LD_LIBRARY_PATH, and the
 * binary finds its .pak files beside itself. The one thing it does for the
 * browser's own sake, --disable-dev-shm-usage when /dev/shm is small, our flag
 * list does too (sharedMemoryIsLow).
 */
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, statfsSync } from 'node:fs';
import { isExecutableFile } from './find-browser';

export interface KnownLauncher {
  /** The launcher script, as its real path (symlinks resolved). */
  launcher: string;
  /** The browser binary the script runs. */
  binary: string;
  /** Whose it is, for the reader. */
  from: string;
}

/** Only launchers whose script was read: for any other the check after launch stands guard. */
export const KNOWN_LAUNCHERS: readonly KnownLauncher[] = [
  { launcher: '/usr/bin/chromium', binary: '/usr/lib/chromium/chromium', from: "Debian's chromium package (and its derivatives')" },
];

export interface LauncherProbe {
  realpath(path: string): string;
  /** Whether the file starts with "#!" (a script, not the browser itself). */
  isScript(path: string): boolean;
  isExecutable(path: string): boolean;
}

const realProbe: LauncherProbe = {
  realpath: (path) => realpathSync(path),
  isScript(path) {
    const head = Buffer.alloc(2);
    let fd: number | null = null;
    try {
      fd = openSync(path, 'r');
      return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
    } catch {
      return false;
    } finally {
      if (fd !== null) closeSync(fd);
    }
  },
  isExecutable: isExecutableFile,
};

/**
 * The executable to start for the browser found at `path`: the browser's own
 * binary when `path` is a launcher script we know (and that binary is there),
 * else `path` itself.
 */
export function browserBinary(path: string, probe: LauncherProbe = realProbe): string {
  let real: string;
  try {
    real = probe.realpath(path);
  } catch {
    return path;
  }
  const known = KNOWN_LAUNCHERS.find((k) => k.launcher === real);
  // Only while it is still a script: should the package ever put the browser itself there, that is what runs.
  if (!known || !probe.isScript(real) || !probe.isExecutable(known.binary)) return path;
  return known.binary;
}

/** Debian's launcher's threshold (/etc/chromium.d/dev-shm, after Debian bug 1072299): below it Chromium can crash. */
export const LOW_SHARED_MEMORY_BYTES = 4_080_218_931;

/** Whether /dev/shm (Linux) has less room than Chromium needs; false where there is none to measure. */
export function sharedMemoryIsLow(platform: NodeJS.Platform = process.platform, path = '/dev/shm'): boolean {
  if (platform !== 'linux') return false;
  try {
    const fs = statfsSync(path);
    return fs.bavail * fs.bsize < LOW_SHARED_MEMORY_BYTES;
  } catch {
    return false;
  }
}

/** A running process as /proc shows it. */
export interface RunningProcess {
  /**
   * Its command line split on NULs: argv as the kernel got it, or, once the
   * process rewrote its title (Chromium does, depending on its environment),
   * one element: the arguments joined by spaces.
   */
  argv: string[];
  /** The file it runs (/proc/<pid>/exe), when readable. */
  exe: string | null;
}

function isTitle(argv: string[]): boolean {
  return argv.length === 1;
}

/**
 * Every running process started with `--user-data-dir=<profileDir>` that is not
 * one of Chromium's children (those have --type=): the browser, and any
 * launcher that stayed around it. The profile folder is fresh and ours, so
 * nothing else has it. Null where there is no /proc to read (not Linux): there
 * the browser is started from its own binary (install paths, or a named one)
 * and the check is skipped.
 */
export function browserProcesses(profileDir: string, proc = '/proc'): RunningProcess[] | null {
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return null;
  }
  const profileArg = `--user-data-dir=${profileDir}`;
  const found: RunningProcess[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`${proc}/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // Gone meanwhile, or not ours to read.
    }
    if (argv.at(-1) === '') argv.pop();
    const ours = isTitle(argv) ? ` ${argv[0]} `.includes(` ${profileArg} `) : argv.includes(profileArg);
    const child = argv.some((a) => a.startsWith('--type=') || a.includes(' --type='));
    if (!ours || child) continue;
    let exe: string | null = null;
    try {
      exe = readlinkSync(`${proc}/${entry}/exe`);
    } catch {
      // Not ours to read: argv[0] is then checked against what we started alone.
    }
    found.push({ argv, exe });
  }
  return found;
}

/** At most a few arguments, shortened, for a one-line message. */
function shortList(args: string[]): string {
  const shown = args.slice(0, 3).map((a) => (a.length > 60 ? `${a.slice(0, 57)}…` : a));
  return shown.join(' ') + (args.length > 3 ? ` and ${args.length - 3} more` : '');
}

/**
 * Null when exactly one browser process runs with exactly our arguments, in
 * our order; else what is wrong, as the end of a sentence. `startedAs` are the
 * paths the browser may carry as argv[0] (what we started; for a title, which
 * has no separators left, it is how our arguments are told from a prefix).
 */
export function commandLineProblem(processes: RunningProcess[], ours: readonly string[], startedAs: readonly string[]): string | null {
  if (processes.length === 0) return 'its process could not be found to check its command line';
  if (processes.length > 1) return `${processes.length} processes run with its profile, so something launched it around it`;
  const { argv, exe } = processes[0]!;
  if (isTitle(argv)) {
    const title = argv[0]!;
    const tail = ` ${ours.join(' ')}`;
    const names = exe ? [...startedAs, exe] : startedAs;
    if (title.endsWith(tail) && names.includes(title.slice(0, -tail.length))) return null;
    // Only words can be told apart here: the ones that are in none of our arguments.
    const ourWords = new Set([...names, ...ours].flatMap((a) => a.split(' ')));
    const extra = title.split(' ').filter((w) => !ourWords.has(w));
    if (extra.length) return `it runs with arguments WXM Vault did not give it (${shortList(extra)}), added by a launcher script`;
    return 'its command line is not the one WXM Vault gave it';
  }
  const args = argv.slice(1);
  if (args.length === ours.length && args.every((a, i) => a === ours[i])) return null;
  const extra = args.filter((a) => !ours.includes(a));
  if (extra.length) return `it runs with arguments WXM Vault did not give it (${shortList(extra)}), added by a launcher script`;
  const missing = ours.filter((a) => !args.includes(a));
  if (missing.length) return `it runs without arguments WXM Vault gave it (${shortList(missing)})`;
  return 'its command line is not the one WXM Vault gave it';
}

export class BrowserCommandLineError extends Error {
  override name = 'BrowserCommandLineError';
}

/** The sentence for a refused browser. */
export function commandLineRefusal(browserPath: string, problem: string): string {
  return (
    `WXM Vault closed the browser it started (${browserPath}) because ${problem}: ` +
    "set WXM_VAULT_BROWSER to the browser's own binary rather than a launcher script."
  );
}
