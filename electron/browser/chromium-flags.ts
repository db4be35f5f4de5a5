/**
 * The whole Chromium command line of the browser shell, as data with a reason
 * per flag. Playwright's own defaults are NOT used (ignoreDefaultArgs: true):
 * they are made for test automation (--enable-automation, --disable-popup-blocking,
 * --no-sandbox, --password-store=basic, --enable-unsafe-swiftshader, …) and change
 * with every Playwright release; an app window gets only what is listed here,
 * and the unit test pins the list.
 */

export interface FlagOptions {
  /** The browser profile folder (inside the app data folder). */
  profileDir: string;
  /** What the app window shows before the shell navigates it to our origin. */
  placeholderUrl: string;
  /** Chromium's sandbox cannot start as root; only then is it turned off. */
  runningAsRoot: boolean;
  platform: NodeJS.Platform;
  /** /dev/shm has too little room for Chromium's shared memory (browser-command.ts measures it). */
  lowSharedMemory?: boolean;
}

export interface Flag {
  flag: string;
  why: string;
}

/** Features off: background requests to Google services, and browser UI an app window has no use for. */
export const DISABLED_FEATURES = [
  'Translate',
  'MediaRouter',
  'OptimizationHints',
  'AutofillServerCommunication',
  'NetworkTimeServiceQuerying',
  'PreconnectToSearch',
  'LensOverlay',
] as const;

export function chromiumFlags(options: FlagOptions): Flag[] {
  const flags: Flag[] = [
    // Transport and profile: Playwright reads fds 3/4; no TCP port exists for anyone else to attach to.
    { flag: '--remote-debugging-pipe', why: 'DevTools protocol over inherited pipes only: no TCP debugging port on the machine' },
    { flag: `--user-data-dir=${options.profileDir}`, why: "a profile of our own in the app data folder, never the user's browser profile" },
    {
      flag: `--app=${options.placeholderUrl}`,
      why: 'an app window: no tabs, no address bar, no bookmarks; the shell navigates it once interception is on',
    },
    { flag: '--window-size=1100,720', why: 'the same size as the Electron window' },
    // Nothing leaves the machine: the page needs no network (all HTTP happens in the Node process).
    {
      flag: '--host-resolver-rules=MAP * ~NOTFOUND',
      why: 'no host name resolves: nothing the browser does can reach the network, even if a request slipped past interception',
    },
    { flag: '--disable-background-networking', why: 'no update checks, safe-browsing downloads or other background requests' },
    { flag: '--disable-component-update', why: 'no component downloads' },
    { flag: '--disable-sync', why: 'no Chrome Sync: nothing of this profile goes to a Google account' },
    { flag: '--disable-extensions', why: 'no extension can read or script our page' },
    { flag: '--disable-component-extensions-with-background-pages', why: 'not even the built-in ones' },
    { flag: '--disable-default-apps', why: 'no default apps installed into the profile' },
    {
      flag: `--disable-features=${DISABLED_FEATURES.join(',')}`,
      why: 'no translation, casting, optimisation hints, autofill server or search preconnects',
    },
    { flag: '--disable-domain-reliability', why: 'no network error reports uploaded' },
    { flag: '--disable-client-side-phishing-detection', why: 'no phishing model downloads; our one page is our own bundle' },
    { flag: '--disable-breakpad', why: 'no crash dumps (which hold page memory) written or uploaded' },
    { flag: '--metrics-recording-only', why: 'no usage statistics uploaded' },
    { flag: '--no-pings', why: 'no hyperlink auditing pings' },
    // Fresh-profile UI an app window must not show.
    { flag: '--no-first-run', why: 'no first-run wizard' },
    { flag: '--no-default-browser-check', why: 'no default-browser prompt' },
    { flag: '--disable-search-engine-choice-screen', why: 'no search engine choice dialog' },
    // Permissions and input.
    { flag: '--deny-permission-prompts', why: 'every permission request is refused without asking (prefs block them too)' },
    { flag: '--disable-blink-features=Auxclick', why: 'middle-click opens no new window, as in the Electron window' },
    // Windows/macOS launch behaviours that would drop our pipe (a relaunched browser is not ours).
    { flag: '--no-service-autorun', why: 'macOS: no background launch agents registered' },
    { flag: '--disable-edgeupdater', why: 'Edge: its updater is not started from our window' },
    { flag: '--edge-skip-compat-layer-relaunch', why: 'Edge on Windows: a relaunch would lose the DevTools pipe' },
    { flag: '--do-not-de-elevate', why: 'Windows: a de-elevation relaunch would lose the DevTools pipe' },
  ];
  if (options.platform === 'linux') {
    flags.push({ flag: '--ozone-platform-hint=auto', why: 'Wayland where the session has it, else X11' });
  }
  if (options.lowSharedMemory) {
    flags.push({
      flag: '--disable-dev-shm-usage',
      why: "a small /dev/shm crashes the browser (Debian bug 1072299): shared memory goes to the temp folder instead, as Debian's launcher does",
    });
  }
  if (options.runningAsRoot) {
    flags.push({ flag: '--no-sandbox', why: 'running as root, where Chromium refuses to start its sandbox; never added otherwise' });
  }
  return flags;
}

export function chromiumArgs(options: FlagOptions): string[] {
  return chromiumFlags(options).map((f) => f.flag);
}

/** Said once at start when the sandbox is off, so nobody runs that way without knowing. */
export const ROOT_SANDBOX_NOTICE =
  "Running as root: Chromium's sandbox cannot start, so the window runs without it; start WXM Vault as a normal user to keep it.";
