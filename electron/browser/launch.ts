/**
 * The browser shell: the vault core in this Node process, the renderer in an
 * app window of the system's Chromium, Chrome or Edge, driven over the
 * DevTools pipe by playwright-core (model: GoogleChromeLabs/carlo).
 *
 * Same core, dispatcher, contract and checks as the Electron shell; only the
 * transport and the fences differ:
 * - the bundle is served by request interception for BROWSER_ORIGIN (no socket);
 *   every other request is aborted, and navigation anywhere else is refused;
 * - `window.wxmVault` comes from the same createBridge, over a DevTools binding
 *   (page-binding.ts) that reports the calling frame, which the dispatcher
 *   checks (our origin, top frame);
 * - popups are closed as they open (window-fence.ts); downloads and permissions are denied;
 * - the profile is fresh, in the app data folder (browser-profile.ts), and the
 *   command line is ours alone (chromium-flags.ts), checked on the running browser (browser-command.ts).
 *
 * launchBrowserShell is what `npm start` and the tests call; it returns the
 * Page so tests drive exactly what users run.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';
import type { EventName, EventPayloads, Reply } from '../common/ipc-contract';
import { bundleResponseHeaders, servableBundleFile } from '../core/window/bundle-path';
import { newFileIn } from '../core/accounts/export-file';
import type { ClipboardPort } from '../core/clipboard/clipboard-port';
import { acquireDataLock, type DataLock } from '../core/data-folder/data-lock';
import type { IdleSourceOptions } from '../core/desktop/idle-time';
import { isTrustedSender, type Dispatch } from '../core/ipc-dispatcher';
import { createLogger, fileSink, type Logger, type LogSink } from '../core/logger';
import type { HttpTransport } from '../core/net/http-transport';
import { Redactor } from '../core/redactor';
import { KeychainSecretStore, type SecretStore } from '../core/keychain/secrets';
import { createVault, type Vault } from '../core/vault';
import { freshProfile } from './browser-profile';
import {
  ACTIVITY_BINDING,
  BROWSER_ORIGIN,
  decideRequest,
  EMIT_FUNCTION,
  ENTRY_URL,
  INVOKE_BINDING,
  originOrNull,
  PLACEHOLDER_URL,
  REPLY_FUNCTION,
} from './browser-policy';
import {
  BrowserCommandLineError,
  browserBinary,
  browserProcesses,
  commandLineProblem,
  commandLineRefusal,
  sharedMemoryIsLow,
} from './browser-command';
import { chromiumArgs } from './chromium-flags';
import { exposePageBindings, type BindingHandler, type Caller } from './page-binding';
import { openShellIdle, watchIdle, watchScreenLockAndSleep, type DesktopBuses, type IdleSource } from './shell-lock';
import { fenceNewWindows } from './window-fence';

export type { IdleSource } from './shell-lock';

/** Where the built renderer and page bridge are, relative to the project (same depth from source and from dist/browser). */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_BUNDLE_DIR = join(PROJECT_ROOT, 'dist', 'renderer');
export const DEFAULT_PAGE_BRIDGE = join(PROJECT_ROOT, 'dist', 'browser', 'page-bridge.js');

export interface BrowserShellOptions {
  /** Chromium, Chrome or Edge (find-browser.ts). */
  browserPath: string;
  dataDir: string;
  /** Defaults to `<dataDir>/logs`. */
  logsDir?: string;
  keychainService: string;
  /**
   * Used instead of the keychain under keychainService: the renderer benchmark
   * keeps 1,000 accounts' secrets in memory, where the Secret Service would
   * measure itself rather than the page.
   */
  secretStore?: SecretStore;
  clipboard: ClipboardPort;
  /** What carries WXM requests; the plain-Node default (undici, this process's proxy variables) when absent. */
  http?: HttpTransport;
  /** Idle time for the idle lock. Default: the OS's (D-Bus, X11), else input in the app window. */
  idle?: IdleSource;
  /** How the OS's idle time is looked for (tests point it at a private bus, or turn sources off). */
  idleSourceOptions?: IdleSourceOptions;
  /** How often the idle lock reads the OS's or the window's idle time (default 15 s). */
  idlePollMs?: number;
  /** The D-Bus buses watched for screen lock and sleep (Linux); null: none. Default: the session's and the system's. */
  desktopLock?: DesktopBuses | null;
  /** Where account exports are written. Default: the user's Downloads folder. */
  downloadsDir?: string;
  /** As root Chromium's sandbox cannot start; only then is it turned off. */
  runningAsRoot?: boolean;
  appName?: string;
  appVersion: string;
  bundleDir?: string;
  pageBridgeScript?: string;
  /** Extra log sinks (the log file is always written). */
  logSinks?: LogSink[];
  now?: () => number;
  /**
   * Sees every reply as the page is sent it, so tests can search
   * all of them for canary secrets. Replies carry no secret by contract, which
   * is what those scans check. A throwing observer changes nothing.
   */
  onReply?: (seen: SeenReply) => void;
}

export interface SeenReply {
  channel: unknown;
  reply: Reply<unknown>;
  /** When the page's request reached the shell (ms since the epoch). */
  askedAt: number;
}

export type ShellEnd = 'window-closed' | 'browser-exited' | 'closed';

export interface BrowserShell {
  page: Page;
  context: BrowserContext;
  vault: Vault;
  /** The origin the page runs on and the dispatcher trusts. */
  origin: string;
  profileDir: string;
  logPath: string;
  /** Resolves once the shell has ended and cleaned up (clipboard cleared, browser gone, lock released). */
  ended: Promise<ShellEnd>;
  /** Ends the shell (same cleanup as closing the window). */
  close(): Promise<ShellEnd>;
}

const SHUTDOWN_CLIPBOARD_MS = 3000;

function runningAsRootNow(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function isAppMainFrame(route: Route, appPage: () => Page | null): boolean {
  try {
    const frame = route.request().frame();
    const page = appPage();
    return !!page && frame === page.mainFrame();
  } catch {
    // Service-worker requests have no frame.
    return false;
  }
}

/** A bridge request as page-bridge.ts writes it; null for anything else. */
export function parseCall(message: string): { id: number; channel: unknown; payload: unknown } | null {
  let call: unknown;
  try {
    call = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof call !== 'object' || call === null || Array.isArray(call)) return null;
  const { id, channel, payload } = call as Record<string, unknown>;
  return typeof id === 'number' && Number.isSafeInteger(id) ? { id, channel, payload } : null;
}

/**
 * The reply as one JSON string: the protocol carries a string as it is (an object would be walked and rebuilt
 * value by value on both sides: about 160 ms for 1,000 accounts, against a few ms this way).
 */
function replyJson(reply: Reply<unknown>): string {
  try {
    return JSON.stringify(reply);
  } catch {
    // Replies are plain data by contract; should one ever not be, the page still gets an envelope.
    return JSON.stringify({
      ok: false,
      error: { code: 'internal', message: 'WXM Vault could not send its answer to the window. Restart the app.' },
    });
  }
}

async function answer(route: Route, bundleDir: string, appPage: () => Page | null, logger: Logger): Promise<void> {
  const request = route.request();
  const decision = decideRequest({ url: request.url(), isNavigation: request.isNavigationRequest(), isAppMainFrame: isAppMainFrame(route, appPage) });
  if (decision !== 'bundle') {
    logger.warn('browser', 'refused request', { origin: originOrNull(request.url()), navigation: request.isNavigationRequest() });
    await route.abort(decision === 'refuse-navigation' ? 'aborted' : 'blockedbyclient');
    return;
  }
  const file = await servableBundleFile(bundleDir, { url: request.url(), method: request.method() }, BROWSER_ORIGIN);
  if (!file) {
    await route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
    return;
  }
  await route.fulfill({ status: 200, headers: bundleResponseHeaders(file), body: await readFile(file) });
}

export async function launchBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const lock = acquireDataLock(options.dataDir, { shell: 'browser' });
  try {
    return await startUnderLock(options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startUnderLock(options: BrowserShellOptions, lock: DataLock): Promise<BrowserShell> {
  const bundleDir = options.bundleDir ?? DEFAULT_BUNDLE_DIR;
  const bridgeScript = readFileSync(options.pageBridgeScript ?? DEFAULT_PAGE_BRIDGE, 'utf8');
  const logPath = join(options.logsDir ?? join(options.dataDir, 'logs'), 'main.log');
  const redactor = new Redactor();
  const logger = createLogger(redactor, [fileSink(logPath), ...(options.logSinks ?? [])]);
  const runningAsRoot = options.runningAsRoot ?? runningAsRootNow();
  const profileDir = freshProfile(options.dataDir);
  const args = chromiumArgs({
    profileDir,
    placeholderUrl: PLACEHOLDER_URL,
    runningAsRoot,
    platform: process.platform,
    lowSharedMemory: sharedMemoryIsLow(),
  });

  // The browser's own binary, not a distribution's launcher script that adds flags of its own (browser-command.ts).
  const executablePath = browserBinary(options.browserPath);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: false,
    // Our flag list is the whole command line (see chromium-flags.ts); Playwright's automation defaults are dropped.
    ignoreDefaultArgs: true,
    args,
    chromiumSandbox: !runningAsRoot,
    // A real window: no viewport, colour scheme or motion emulation.
    viewport: null,
    colorScheme: null,
    reducedMotion: null,
    forcedColors: null,
    contrast: null,
    acceptDownloads: false,
    serviceWorkers: 'block',
    // The shell ends on its own terms (clipboard cleared first), not on Playwright's signal handlers.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  // Whatever started it, the browser must run with our arguments and only ours (a launcher we do not know may add some).
  const running = browserProcesses(profileDir);
  const problem = running && commandLineProblem(running, args, [executablePath, options.browserPath]);
  if (problem) {
    await context.close().catch(() => {});
    throw new BrowserCommandLineError(commandLineRefusal(options.browserPath, problem));
  }
  const now = options.now ?? Date.now;
  const idle = await openShellIdle({ idle: options.idle, idleSourceOptions: options.idleSourceOptions, pollMs: options.idlePollMs, logger, now });

  let page: Page | null = null;
  try {
    // Before the first page exists, so nothing it or a popup asks for escapes interception.
    await context.route('**/*', (route) => answer(route, bundleDir, () => page, logger).catch(() => route.abort('failed').catch(() => {})));
    page = context.pages()[0] ?? (await context.waitForEvent('page'));
  } catch (error) {
    idle.close();
    await context.close().catch(() => {});
    throw error;
  }
  const appPage = page;

  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    if (appPage.isClosed() || originOrNull(appPage.url()) !== BROWSER_ORIGIN) return;
    void appPage
      .evaluate(([fn, e, p]) => (window as unknown as Record<string, ((e: unknown, p: unknown) => void) | undefined>)[fn as string]?.(e, p), [
        EMIT_FUNCTION,
        event,
        payload,
      ] as const)
      .catch(() => {});
  };

  const vault = createVault({
    appName: options.appName ?? 'WXM Vault',
    appVersion: options.appVersion,
    platform: process.platform,
    dataDir: options.dataDir,
    secrets: options.secretStore ?? new KeychainSecretStore(options.keychainService),
    clipboard: options.clipboard,
    logger,
    redactor,
    http: options.http,
    now,
    emit,
    shell: { kind: 'browser', idleSource: idle.source.description },
    ...(options.downloadsDir !== undefined ? { chooseExportFile: newFileIn(() => options.downloadsDir!) } : {}),
  });
  const dispatch: Dispatch = vault.dispatcher(BROWSER_ORIGIN);
  const desktop = watchScreenLockAndSleep(process.platform, options.desktopLock === undefined ? {} : options.desktopLock, vault.lock, logger);

  let resolveEnded!: (end: ShellEnd) => void;
  const ended = new Promise<ShellEnd>((resolve) => (resolveEnded = resolve));
  let ending: Promise<ShellEnd> | null = null;
  const end = (why: ShellEnd): Promise<ShellEnd> => {
    ending ??= (async () => {
      logger.info('browser', 'ending', { why });
      desktop.stop();
      idle.close();
      const giveUp = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_CLIPBOARD_MS).unref());
      await Promise.race([vault.shutdown(), giveUp]).catch(() => {});
      await context.close().catch(() => {});
      lock.release();
      resolveEnded(why);
      return why;
    })();
    return ending;
  };
  /** One bridge request ({ id, channel, payload } as JSON, from page-bridge.ts); the reply goes back to the context that asked. */
  const answerCall = async (message: string, caller: Caller): Promise<void> => {
    const askedAt = Date.now();
    const call = parseCall(message);
    if (!call) {
      // Only page code that got hold of the binding itself writes anything else; with no id there is no one to answer.
      logger.warn('browser', 'refused a malformed bridge call', { isMainFrame: caller.sender.isMainFrame });
      return;
    }
    const reply = await dispatch(caller.sender, call.channel, call.payload);
    try {
      options.onReply?.({ channel: call.channel, reply, askedAt });
    } catch {
      // An observer is for tests; the page gets its reply regardless.
    }
    await caller.callBack(REPLY_FUNCTION, call.id, replyJson(reply));
  };
  appPage.on('close', () => void end('window-closed'));
  context.on('close', () => void end(appPage.isClosed() ? 'window-closed' : 'browser-exited'));

  try {
    await fenceNewWindows(context, appPage, logger);
    const bindings: Record<string, BindingHandler> = {
      [INVOKE_BINDING]: (message, caller) => void answerCall(message, caller),
    };
    const activity = idle.windowActivity;
    if (activity) {
      // Only our top frame's input counts, as only it may call the bridge.
      bindings[ACTIVITY_BINDING] = (_message, caller) => {
        if (isTrustedSender(caller.sender, BROWSER_ORIGIN)) activity.touch();
      };
    }
    await exposePageBindings(context, appPage, bindings);
    await appPage.addInitScript({ content: bridgeScript });
    watchIdle(vault.lock, idle.source);
    await appPage.goto(ENTRY_URL);
  } catch (error) {
    await end('closed');
    throw error;
  }
  logger.info('browser', 'started', { version: options.appVersion });
  return { page: appPage, context, vault, origin: BROWSER_ORIGIN, profileDir, logPath, ended, close: () => end('closed') };
}
