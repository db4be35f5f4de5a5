/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security),
 * one describe per item, each test able to fail when the guard regresses.
 * The Electron wiring is driven without Electron: electron/main/window/fences.ts,
 * ipc/register-channels.ts and protocol/protocol-handler.ts take small interfaces, fed here with
 * EventEmitter-based fakes. What only a browser can prove is in
 * test/e2e/renderer.security.e2e.ts; fuses are in packaging.security.test.ts.
 *
 * Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { BRIDGE_EVENTS, BRIDGE_METHODS, createBridge } from '../../electron/common/bridge';
import { CHANNEL_NAMES, IPC_PREFIX, type Reply } from '../../electron/common/ipc-contract';
import { createDispatcher, type Handlers } from '../../electron/core/ipc-dispatcher';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAllowedNavigation } from '../../electron/core/window/window-policy';
import { originOf } from '../../electron/common/origin';
import { normaliseBaseUrl } from '../../electron/core/wxm/base-url';
import { fenceApp, fenceSession, fenceWebContents, openMainWindow, type OpenableWindow } from '../../electron/main/window/fences';
import { registerChannels, senderOf, type InvokeEventLike } from '../../electron/main/ipc/register-channels';
import { APP_SCHEME_PRIVILEGES, createBundleHandler } from '../../electron/main/protocol/protocol-handler';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

function filesUnder(rel: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (pattern.test(entry.name)) out.push(path);
    }
  };
  walk(rel);
  return out;
}

// ---- fakes: Electron objects reduced to what the fences touch ----------------

class FakeEvent {
  prevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.prevented = true;
  }
}

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

class FakeSession extends EventEmitter {
  request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  check: ((wc: unknown, permission: string) => boolean) | null = null;
  device: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(h: FakeSession['request']): void {
    this.request = h;
  }
  setPermissionCheckHandler(h: FakeSession['check']): void {
    this.check = h;
  }
  setDevicePermissionHandler(h: FakeSession['device']): void {
    this.device = h;
  }
}

class FakeDownload {
  dialog: { defaultPath: string } | null = null;
  constructor(private readonly url: string) {}
  getURL(): string {
    return this.url;
  }
  setSaveDialogOptions(options: { defaultPath: string }): void {
    this.dialog = options;
  }
}

class RecordingWindow extends EventEmitter implements OpenableWindow {
  static last: RecordingWindow | null = null;
  loaded: string | null = null;
  shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    RecordingWindow.last = this;
  }
  show(): void {
    this.shown = true;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = url;
  }
}

function openRecorded(): RecordingWindow {
  openMainWindow(RecordingWindow, '/opt/wxm/dist/electron/preload.cjs', `${APP_ORIGIN}/index.html`, true);
  return RecordingWindow.last!;
}

const HOSTILE_URLS = [
  'https://example.com/',
  'http://127.0.0.1:8080/phish',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'app://vault/index.html',
  'app://vault.evil/index.html',
  'about:blank',
];

const PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'hid',
  'serial',
  'usb',
];

// ---- the checklist -------------------------------------------------------------

describe('checklist 1: only load secure content', () => {
  it('the window loads our app:// origin only, never http(s) or file', () => {
    const win = openRecorded();
    assert.equal(win.loaded, 'app://vault/index.html');
    assert.equal(originOf(new URL(win.loaded!)), APP_ORIGIN);
  });

  it('a WXM base URL over plain http is refused unless it is this machine (our test server)', () => {
    for (const bad of ['http://api.getcloudcherry.com', 'http://10.0.0.5', 'ftp://x.example', 'javascript:alert(1)']) {
      assert.throws(() => normaliseBaseUrl(bad), /https|valid URL/, bad);
    }
    assert.equal(normaliseBaseUrl('https://api.getcloudcherry.com/'), 'https://api.getcloudcherry.com');
    assert.equal(normaliseBaseUrl('http://127.0.0.1:4010'), 'http://127.0.0.1:4010');
  });

  it('the page may connect nowhere: every HTTP request happens in main (CSP connect-src none)', () => {
    assert.match(CONTENT_SECURITY_POLICY, /(^|; )connect-src 'none'(;|$)/);
  });
});

describe('checklist 2-4, 6, 8-11: window preferences are explicit and safe', () => {
  const prefs = () => openRecorded().options.webPreferences!;

  it('2: no Node integration anywhere (page, workers, subframes)', () => {
    assert.equal(prefs().nodeIntegration, false);
    assert.equal(prefs().nodeIntegrationInWorker, false);
    assert.equal(prefs().nodeIntegrationInSubFrames, false);
  });

  it('3: context isolation on', () => {
    assert.equal(prefs().contextIsolation, true);
  });

  it('4: the renderer is sandboxed, and main enables the sandbox for every renderer', () => {
    assert.equal(prefs().sandbox, true);
    assert.match(read('electron/main/main.ts'), /^app\.enableSandbox\(\);$/m);
  });

  it('4: the sandboxed preload is one bundle that requires nothing but electron', () => {
    const preload = read('dist/electron/preload.cjs');
    const requires = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(requires)], ['electron']);
  });

  it('6: webSecurity on', () => {
    assert.equal(prefs().webSecurity, true);
  });

  it('8: no insecure (http) content in a secure page', () => {
    assert.equal(prefs().allowRunningInsecureContent, false);
  });

  it('9: no experimental features', () => {
    assert.equal(prefs().experimentalFeatures, false);
  });

  it('10: no enableBlinkFeatures; Auxclick (middle-click opens a window) is disabled', () => {
    assert.equal('enableBlinkFeatures' in prefs(), false);
    assert.equal(prefs().disableBlinkFeatures, 'Auxclick');
  });

  it('11: no <webview> tag', () => {
    assert.equal(prefs().webviewTag, false);
  });

  it('the preload is the only script we inject, and no preference is left to a default we did not choose', () => {
    assert.deepEqual(Object.keys(prefs()).sort(), [
      'allowRunningInsecureContent',
      'contextIsolation',
      'devTools',
      'disableBlinkFeatures',
      'experimentalFeatures',
      'navigateOnDragDrop',
      'nodeIntegration',
      'nodeIntegrationInSubFrames',
      'nodeIntegrationInWorker',
      'preload',
      'safeDialogs',
      'sandbox',
      'spellcheck',
      'webSecurity',
      'webviewTag',
    ]);
    assert.equal(prefs().preload, '/opt/wxm/dist/electron/preload.cjs');
    assert.equal(prefs().navigateOnDragDrop, false);
  });

  it('the window shows only once ready (no flash of an unstyled, half-loaded page)', () => {
    const win = openRecorded();
    assert.equal(win.options.show, false);
    assert.equal(win.shown, false);
    win.emit('ready-to-show');
    assert.equal(win.shown, true);
  });

  it('the built main bundle still constructs the window as `new BrowserWindow({...})` with these literals (what Electronegativity reads)', () => {
    const main = read('dist/electron/main.cjs');
    const call = main.slice(main.indexOf('new BrowserWindow({'), main.indexOf('new BrowserWindow({') + 900);
    assert.ok(call.startsWith('new BrowserWindow({'), 'the bundler renamed BrowserWindow: the scanner would be blind to the window');
    for (const literal of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) {
      assert.ok(call.includes(literal), literal);
    }
  });
});

describe('checklist 5: session permission requests', () => {
  it('denies every permission request and check, every device, and every download but our own export', () => {
    const session = new FakeSession();
    fenceSession(session);
    for (const permission of PERMISSIONS) {
      let granted: boolean | null = null;
      session.request!({}, permission, (g) => (granted = g));
      assert.equal(granted, false, permission);
      assert.equal(session.check!({}, permission), false, permission);
    }
    assert.equal(session.device!({ deviceType: 'usb', origin: APP_ORIGIN }), false);
    const download = new FakeEvent();
    session.emit('will-download', download);
    assert.equal(download.prevented, true, 'a download with no item is refused');
    for (const url of [
      'https://evil.example/payload.exe',
      'blob:https://evil.example/0b1e6c55-3c39-4a2e-9d0a-4f5b6f0c9a11',
      'blob:app://vault.evil/0b1e6c55-3c39-4a2e-9d0a-4f5b6f0c9a11',
      'blob:app://vault/../../etc/passwd',
      'data:application/json,{}',
      'file:///etc/passwd',
    ]) {
      const event = new FakeEvent();
      const item = new FakeDownload(url);
      session.emit('will-download', event, item);
      assert.equal(event.prevented, true, url);
      assert.equal(item.dialog, null, url);
    }
  });

  it('lets our own blob: export through, behind the save dialog', () => {
    const session = new FakeSession();
    fenceSession(session);
    const event = new FakeEvent();
    const item = new FakeDownload(`blob:${APP_ORIGIN}/0b1e6c55-3c39-4a2e-9d0a-4f5b6f0c9a11`);
    session.emit('will-download', event, item);
    assert.equal(event.prevented, false);
    assert.equal(item.dialog?.defaultPath, 'wxm-vault-accounts.json');
  });

  it('fences the default session at once and every session created later', () => {
    const app = new EventEmitter();
    const first = new FakeSession();
    fenceApp(app, first);
    assert.ok(first.request && first.check && first.device);
    const later = new FakeSession();
    app.emit('session-created', later);
    assert.ok(later.request && later.check && later.device, 'a session created later is fenced too');
  });
});

describe('checklist 7: content security policy', () => {
  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const [name, ...values] = d.split(/\s+/);
          return [name!, values.join(' ')] as const;
        }),
    );

  it('is strict: nothing by default, scripts and styles from our bundle only, no inline or eval', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('script-src'), "'self'");
    assert.equal(csp.get('style-src'), "'self'");
    assert.equal(csp.get('connect-src'), "'none'");
    assert.equal(csp.get('object-src'), "'none'");
    assert.equal(csp.get('base-uri'), "'none'");
    assert.equal(csp.get('form-action'), "'none'");
    assert.equal(csp.get('frame-ancestors'), "'none'");
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-|\*|https?:|blob:|filesystem:/);
  });

  it('the built page carries the same policy in its <meta> (minus frame-ancestors, which browsers ignore there)', () => {
    const html = read('dist/renderer/index.html');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => m[1]!);
    assert.equal(metas.length, 1, 'exactly one CSP meta');
    const expected = directives(CONTENT_SECURITY_POLICY);
    expected.delete('frame-ancestors');
    assert.deepEqual(Object.fromEntries(directives(metas[0]!)), Object.fromEntries(expected));
  });

  it('the built page has no inline script or inline event handler', () => {
    const html = read('dist/renderer/index.html');
    for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) assert.match(tag, /\ssrc="/, tag);
    assert.doesNotMatch(html, /<script\b[^>]*>\s*[^<\s]/i);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
  });

  it('app://vault answers with the CSP header and nosniff on every file it serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-bundle-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const handler = createBundleHandler(dir, async (fileUrl) => new Response(readFileSync(fileURLToPath(fileUrl))));
    const res = await handler({ url: `${APP_ORIGIN}/index.html`, method: 'GET' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await res.text(), '<!doctype html>');
  });
});

describe('checklist 12-14: webviews, navigation and new windows', () => {
  function fenced() {
    const contents = new FakeContents();
    fenceWebContents(contents);
    return contents;
  }

  it('12: attaching a <webview> is always prevented', () => {
    const event = new FakeEvent();
    fenced().emit('will-attach-webview', event, {}, { src: 'https://example.com' });
    assert.equal(event.prevented, true);
  });

  it('13: every navigation of the page or a frame is prevented, whatever the target (it is a single page)', () => {
    for (const url of HOSTILE_URLS) {
      const contents = fenced();
      const nav = new FakeEvent(url);
      contents.emit('will-navigate', nav, url);
      assert.equal(nav.prevented, true, `will-navigate ${url}`);
      const legacy = new FakeEvent();
      contents.emit('will-navigate', legacy, url);
      assert.equal(legacy.prevented, true, `will-navigate (url argument only) ${url}`);
      const frame = new FakeEvent(url);
      contents.emit('will-frame-navigate', frame);
      assert.equal(frame.prevented, true, `will-frame-navigate ${url}`);
      const redirect = new FakeEvent(url);
      contents.emit('will-redirect', redirect, url);
      assert.equal(redirect.prevented, true, `will-redirect ${url}`);
      assert.equal(isAllowedNavigation(url), false, url);
    }
  });

  it('14: every new window is denied', () => {
    const contents = fenced();
    for (const url of HOSTILE_URLS) assert.deepEqual(contents.openHandler!({ url }), { action: 'deny' }, url);
  });

  it('every web contents created later (including by a webview or popup) is fenced too', () => {
    const app = new EventEmitter();
    fenceApp(app, new FakeSession());
    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);
    assert.ok(contents.openHandler, 'setWindowOpenHandler installed');
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      assert.equal(contents.listenerCount(event), 1, event);
    }
  });
});

describe('checklist 15: no shell.openExternal with untrusted content', () => {
  it('nothing in main or the build opens external URLs (there is no opener to abuse)', () => {
    const files = [...filesUnder('electron', /\.ts$/), 'dist/electron/main.cjs', 'dist/electron/preload.cjs'];
    for (const file of files) assert.doesNotMatch(read(file), /openExternal|openPath|showItemInFolder/, file);
  });

  it('the openExternal permission is denied to the page', () => {
    const session = new FakeSession();
    fenceSession(session);
    let granted: boolean | null = null;
    session.request!({}, 'openExternal', (g) => (granted = g));
    assert.equal(granted, false);
  });
});

describe('checklist 16: a current Electron', () => {
  const table = JSON.parse(read('security/electron-support.json')) as {
    checkedOn: string;
    supportedMajors: number[];
  };
  const major = (v: string) => Number(/(\d+)\./.exec(v)?.[1]);

  it('the pinned and the installed Electron are one of the supported majors in security/electron-support.json', () => {
    const pinned = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.electron!;
    assert.match(pinned, /^\d+\.\d+\.\d+$/, 'pin an exact version');
    assert.ok(table.supportedMajors.includes(major(pinned)), `Electron ${pinned} is out of support (supported: ${table.supportedMajors.join(', ')})`);
    const installed = (JSON.parse(read('node_modules/electron/package.json')) as { version: string }).version;
    assert.equal(installed, pinned, 'node_modules holds the pinned Electron');
  });

  it('the support table is a real date in the past, and says so loudly once it is stale', (t) => {
    const checked = Date.parse(table.checkedOn);
    assert.ok(Number.isFinite(checked), 'checkedOn must be a date');
    const ageDays = (Date.now() - checked) / 86_400_000;
    assert.ok(ageDays >= -1, 'checkedOn lies in the future');
    // Staleness is a reminder, not a failure: a calendar date alone must not turn an unrelated change red.
    if (ageDays > 120) {
      t.diagnostic(`WARNING: security/electron-support.json was checked ${Math.round(ageDays)} days ago; re-check the supported Electron majors`);
    }
  });

  it('no remote module: neither @electron/remote nor the old enableRemoteModule flag', () => {
    const pkg = read('package.json');
    assert.doesNotMatch(pkg, /@electron\/remote/);
    for (const file of filesUnder('electron', /\.ts$/)) assert.doesNotMatch(read(file), /enableRemoteModule|@electron\/remote/, file);
  });
});

describe('checklist 17: validate the sender of every IPC message', () => {
  const mainFrame = { origin: APP_ORIGIN };
  const sub = { origin: APP_ORIGIN };

  it('reads the sender from the frame origin and whether it is the top frame', () => {
    assert.deepEqual(senderOf({ senderFrame: mainFrame, sender: { mainFrame } }), { origin: APP_ORIGIN, isMainFrame: true });
    assert.deepEqual(senderOf({ senderFrame: sub, sender: { mainFrame } }), { origin: APP_ORIGIN, isMainFrame: false });
    assert.deepEqual(senderOf({ senderFrame: null, sender: { mainFrame } }), { origin: null, isMainFrame: false });
    assert.deepEqual(senderOf({ senderFrame: undefined, sender: { mainFrame } }), { origin: null, isMainFrame: false });
  });

  it('registers exactly the contract channels, and each refuses a subframe, a vanished frame and another origin', async () => {
    const registered = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<unknown>>();
    let handled = 0;
    const handlers = new Proxy({} as Handlers, {
      get: () => async () => {
        handled++;
        return null;
      },
    });
    const dispatch = createDispatcher(handlers, { trustedOrigin: APP_ORIGIN, logger: createLogger(new Redactor(), []), isLocked: async () => false });
    registerChannels({ handle: (channel, listener) => registered.set(channel, listener) }, dispatch);
    assert.deepEqual([...registered.keys()].sort(), CHANNEL_NAMES.map((c) => IPC_PREFIX + c).sort());

    const badSenders: InvokeEventLike[] = [
      { senderFrame: sub, sender: { mainFrame } },
      { senderFrame: null, sender: { mainFrame } },
      { senderFrame: { origin: 'https://evil.example' }, sender: { mainFrame: null } },
    ];
    const evilTop = { origin: 'app://vault.evil' };
    badSenders.push({ senderFrame: evilTop, sender: { mainFrame: evilTop } });
    const nullOrigin = { origin: 'null' };
    badSenders.push({ senderFrame: nullOrigin, sender: { mainFrame: nullOrigin } });
    for (const [channel, listener] of registered) {
      for (const event of badSenders) {
        const reply = (await listener(event, undefined)) as Reply<unknown>;
        assert.equal(reply.ok, false, `${channel} from ${JSON.stringify(event.senderFrame)}`);
        if (!reply.ok) assert.equal(reply.error.code, 'bad-request');
      }
    }
    assert.equal(handled, 0, 'no handler ran for an untrusted sender');
    const ok = (await registered.get(`${IPC_PREFIX}app:info`)!({ senderFrame: mainFrame, sender: { mainFrame } }, undefined)) as Reply<unknown>;
    assert.equal(ok.ok, true, 'our own top frame still gets through');
  });

  it('main listens only through handle(): no ipcMain.on / sendSync channels that bypass the dispatcher', () => {
    for (const file of filesUnder('electron', /\.ts$/)) {
      assert.doesNotMatch(read(file), /ipcMain\.(on|once|addListener)\(/, file);
      assert.doesNotMatch(read(file), /sendSync\(/, file);
    }
  });
});

describe('checklist 18: a custom protocol instead of file://', () => {
  it('app:// is standard and secure, and has no privilege that would weaken the page', () => {
    assert.deepEqual(APP_SCHEME_PRIVILEGES, {
      standard: true,
      secure: true,
      bypassCSP: false,
      allowServiceWorkers: false,
      supportFetchAPI: false,
      corsEnabled: false,
      stream: false,
      codeCache: false,
      allowExtensions: false,
    });
  });

  it('serves nothing outside the bundle, from another origin, of an unknown type, or for a non-GET request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxm-bundle-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'bundle', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'bundle', 'index.html'), 'ok');
    writeFileSync(join(dir, 'outside.js'), 'secret');
    writeFileSync(join(dir, 'bundle', 'data.db'), 'secret');
    const fetched: string[] = [];
    const handler = createBundleHandler(join(dir, 'bundle'), async (fileUrl) => {
      fetched.push(fileUrl);
      // Like net.fetch on file://: a missing file is a 404, not a throw.
      const path = fileURLToPath(fileUrl);
      return existsSync(path) ? new Response(readFileSync(path)) : new Response(null, { status: 404 });
    });
    for (const url of [
      `${APP_ORIGIN}/..%2foutside.js`,
      `${APP_ORIGIN}/assets/..%2f..%2foutside.js`,
      `${APP_ORIGIN}/%2e%2e%2foutside.js`,
      `${APP_ORIGIN}/..%5coutside.js`,
      `${APP_ORIGIN}/%252e%252e/outside.js`,
      `${APP_ORIGIN}//etc/passwd.js`,
      `${APP_ORIGIN}/index.html%00.js`,
      `${APP_ORIGIN}/data.db`,
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://vault/index.html',
    ]) {
      const res = await handler({ url, method: 'GET' });
      assert.equal(res.status, 404, url);
      assert.equal(await res.text(), 'Not found', url);
    }
    assert.equal((await handler({ url: `${APP_ORIGIN}/index.html`, method: 'POST' })).status, 404);
    const bundle = join(dir, 'bundle') + sep;
    for (const f of fetched) assert.ok(fileURLToPath(f).startsWith(bundle) && !f.endsWith('.db'), `opened ${f}: outside the bundle`);
    assert.equal((await handler({ url: `${APP_ORIGIN}/`, method: 'GET' })).status, 200);
  });
});

describe('checklist 20: no Electron API reaches the page', () => {
  it('the bridge holds only named functions: no ipcRenderer, no electron, no invoke/send/on transport', () => {
    const bridge = createBridge(
      async () => undefined,
      () => () => {},
    );
    const keys = Object.keys(bridge);
    assert.deepEqual(keys.sort(), [...Object.keys(BRIDGE_METHODS), ...Object.keys(BRIDGE_EVENTS)].sort());
    for (const forbidden of ['ipcRenderer', 'electron', 'invoke', 'send', 'sendSync', 'on', 'once', 'removeListener', 'require', 'process']) {
      assert.equal(forbidden in bridge, false, forbidden);
    }
    assert.ok(Object.isFrozen(bridge));
  });

  it('an event listener gets the payload only, never an IPC event (whose sender leads to ipcRenderer)', () => {
    let relay: ((payload: unknown) => void) | null = null;
    const bridge = createBridge(
      async () => undefined,
      (_e, l) => {
        relay = l;
        return () => {};
      },
    );
    const got: unknown[][] = [];
    bridge.onVaultLocked((...args: unknown[]) => got.push(args));
    relay!({ reason: 'idle' });
    assert.deepEqual(got, [[{ reason: 'idle' }]]);
  });

  it('the preload exposes exactly one object, the bridge, under one name', () => {
    const source = read('electron/preload/preload.ts');
    const calls = [...source.matchAll(/contextBridge\.(\w+)\(/g)].map((m) => m[1]);
    assert.deepEqual(calls, ['exposeInMainWorld']);
    assert.match(source, /contextBridge\.exposeInMainWorld\('wxmVault', bridge\);/);
    assert.doesNotMatch(source, /exposeInMainWorld\([^)]*ipcRenderer/);
    assert.equal((read('dist/electron/preload.cjs').match(/exposeInMainWorld/g) ?? []).length, 1);
  });
});

/**
 * The logger writes its file; wxm-vault's entry file hands stdout and stderr to the commands as
 * `ctx.out` / `ctx.err`, because printing a token is what `wxm-vault token` is for; its passphrase
 * prompt writes the question to the terminal (stderr on Windows). Nothing else writes.
 */
const TERMINAL_WRITERS = new Set(['electron/core/logger.ts', 'electron/cli/bin.ts', 'electron/cli/tty-prompt.ts']);

describe('one logger in main', () => {
  it('no console.* or direct stdout/stderr writes in electron/ outside the logger and the CLI entry (everything goes through the redactor)', () => {
    for (const file of filesUnder('electron', /\.ts$/)) {
      const source = read(file)
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\*)/.test(l))
        .join('\n');
      assert.doesNotMatch(source, /\bconsole\.\w+\(/, file);
      if (!TERMINAL_WRITERS.has(file)) assert.doesNotMatch(source, /process\.(stdout|stderr)\.write/, file);
    }
  });

  it('the Electronegativity gate exists and runs with the other gates', () => {
    assert.ok(existsSync(join(root, 'scripts/gates/electronegativity.sh')));
  });
});
