/**
 * The browser shell's fences as data: the whole Chromium command line, which
 * requests are served, refused or refused as navigations, which new windows
 * are closed, and the profile preferences. What a running browser does with
 * them is in browser-shell.security.test.ts.
 */
// host-needs: none: the browser paths and 'script' here are data for pure functions; no browser or program runs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BROWSER_ORIGIN, decideRequest, ENTRY_URL, PLACEHOLDER_URL } from '../../electron/browser/browser-policy';
import { profilePreferences } from '../../electron/browser/browser-profile';
import { browserBinary, commandLineProblem, commandLineRefusal, sharedMemoryIsLow, type LauncherProbe } from '../../electron/browser/browser-command';
import { chromiumArgs, chromiumFlags } from '../../electron/browser/chromium-flags';
import { parseCall } from '../../electron/browser/launch';
import { bindingSender } from '../../electron/browser/page-binding';
import { isTrustedSender } from '../../electron/core/ipc-dispatcher';
import { isForeignWindow } from '../../electron/browser/window-fence';

const base = { profileDir: '/data/WXM Vault/browser-profile', placeholderUrl: PLACEHOLDER_URL, platform: 'linux' as NodeJS.Platform };

describe('browser shell: Chromium command line', () => {
  const user = chromiumArgs({ ...base, runningAsRoot: false });
  const root = chromiumArgs({ ...base, runningAsRoot: true });

  it('is driven over the DevTools pipe only, never a TCP port', () => {
    assert.ok(user.includes('--remote-debugging-pipe'));
    assert.ok(!user.some((a) => a.startsWith('--remote-debugging-port') || a.startsWith('--remote-debugging-address')));
  });

  it('keeps the sandbox unless running as root, where Chromium cannot start it', () => {
    assert.ok(!user.includes('--no-sandbox'));
    assert.ok(root.includes('--no-sandbox'));
    assert.deepEqual(
      root.filter((a) => !user.includes(a)),
      ['--no-sandbox'],
      'root changes nothing else',
    );
  });

  it("carries none of Playwright's automation defaults that an app window must not have", () => {
    for (const flag of [
      '--enable-automation',
      '--disable-popup-blocking',
      '--password-store=basic',
      '--use-mock-keychain',
      '--enable-unsafe-swiftshader',
      '--unsafely-disable-devtools-self-xss-warnings',
      '--disable-ipc-flooding-protection',
      '--disable-hang-monitor',
      '--allow-pre-commit-input',
      '--disable-web-security',
      '--headless',
      '--no-startup-window',
      'about:blank',
    ]) {
      assert.ok(!root.includes(flag), flag);
    }
    assert.ok(!root.some((a) => a.startsWith('--enable-features=') || a.startsWith('--proxy-server')), 'no features turned on, no proxy');
  });

  it('opens an app window on its own profile, with extensions, sync, background networking and translation off', () => {
    for (const flag of [
      `--app=${PLACEHOLDER_URL}`,
      `--user-data-dir=${base.profileDir}`,
      '--disable-extensions',
      '--disable-sync',
      '--disable-background-networking',
      '--disable-component-update',
      '--deny-permission-prompts',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      '--disable-blink-features=Auxclick',
      '--no-first-run',
    ]) {
      assert.ok(user.includes(flag), flag);
    }
    const features = user.find((a) => a.startsWith('--disable-features='));
    assert.ok(features?.split('=')[1]?.split(',').includes('Translate'));
  });

  it('passes each flag once, every one with a reason', () => {
    assert.equal(new Set(root).size, root.length);
    for (const { flag, why } of chromiumFlags({ ...base, runningAsRoot: true })) assert.ok(why.length > 10, flag);
    // Arguments only: a bare URL would open a second window beside the app window.
    assert.ok(root.every((a) => a.startsWith('--')));
  });

  it('moves shared memory out of a small /dev/shm only when asked, as the Debian launcher it replaces did', () => {
    assert.ok(!user.includes('--disable-dev-shm-usage'));
    assert.deepEqual(
      chromiumArgs({ ...base, runningAsRoot: false, lowSharedMemory: true }).filter((a) => !user.includes(a)),
      ['--disable-dev-shm-usage'],
    );
  });

  it('asks for Wayland-or-X11 on Linux only', () => {
    assert.ok(user.includes('--ozone-platform-hint=auto'));
    assert.ok(!chromiumArgs({ ...base, platform: 'darwin', runningAsRoot: false }).includes('--ozone-platform-hint=auto'));
  });
});

describe("browser shell: the browser's own binary, and only our arguments", () => {
  const probe = (files: Record<string, 'script' | 'binary'>, links: Record<string, string> = {}): LauncherProbe => ({
    realpath: (p) => {
      const real = links[p] ?? p;
      if (!(real in files)) throw new Error('ENOENT');
      return real;
    },
    isScript: (p) => files[p] === 'script',
    isExecutable: (p) => p in files,
  });

  it("runs Debian's chromium binary rather than its launcher script, which adds extension flags from /etc/chromium.d", () => {
    const debian = probe({ '/usr/bin/chromium': 'script', '/usr/lib/chromium/chromium': 'binary' }, { '/bin/chromium': '/usr/bin/chromium' });
    assert.equal(browserBinary('/usr/bin/chromium', debian), '/usr/lib/chromium/chromium');
    assert.equal(browserBinary('/bin/chromium', debian), '/usr/lib/chromium/chromium', 'reached through a symlink');
    assert.equal(
      browserBinary('/usr/bin/chromium', probe({ '/usr/bin/chromium': 'binary', '/usr/lib/chromium/chromium': 'binary' })),
      '/usr/bin/chromium',
      'no longer a script: that is the browser',
    );
    assert.equal(browserBinary('/usr/bin/chromium', probe({ '/usr/bin/chromium': 'script' })), '/usr/bin/chromium', 'its binary is not there');
    assert.equal(browserBinary('/opt/google/chrome/chrome', probe({ '/opt/google/chrome/chrome': 'binary' })), '/opt/google/chrome/chrome');
    assert.equal(browserBinary('/nowhere', probe({})), '/nowhere');
  });

  it('accepts one browser process with exactly our arguments, as argv or as a rewritten title', () => {
    const ours = ['--remote-debugging-pipe', '--app=data:text/html,<title>WXM Vault</title>', '--host-resolver-rules=MAP * ~NOTFOUND'];
    const bin = '/usr/lib/chromium/chromium';
    assert.equal(commandLineProblem([{ argv: [bin, ...ours], exe: bin }], ours, [bin]), null);
    assert.equal(commandLineProblem([{ argv: ['/usr/bin/google-chrome', ...ours], exe: null }], ours, []), null, 'argv[0] is free in an argv');
    assert.equal(commandLineProblem([{ argv: [[bin, ...ours].join(' ')], exe: bin }], ours, ['/usr/bin/chromium']), null, 'named by its exe');
    assert.equal(commandLineProblem([{ argv: [['/usr/bin/chromium', ...ours].join(' ')], exe: null }], ours, ['/usr/bin/chromium']), null);
  });

  it('refuses anything else: flags a launcher added (before or after ours), ours missing, reordered, or not one browser process', () => {
    const ours = ['--remote-debugging-pipe', '--disable-extensions', '--host-resolver-rules=MAP * ~NOTFOUND'];
    const bin = '/usr/lib/chromium/chromium';
    const added = ['--enable-remote-extensions', '--load-extension=/usr/share/chromium/extensions/x'];
    assert.match(
      commandLineProblem([{ argv: [bin, ...added, ...ours], exe: bin }], ours, [bin]) ?? '',
      /did not give it \(--enable-remote-extensions --load-extension=\/usr\/share\/chromium\/extensions\/x\)/,
    );
    assert.match(commandLineProblem([{ argv: [bin, ...ours, '--load-extension=x'], exe: bin }], ours, [bin]) ?? '', /--load-extension=x/);
    assert.match(
      commandLineProblem([{ argv: [[bin, ...added, ...ours].join(' ')], exe: bin }], ours, [bin]) ?? '',
      /did not give it \(--enable-remote/,
    );
    assert.match(commandLineProblem([{ argv: [[bin, ...ours, 'https://example.com/'].join(' ')], exe: bin }], ours, [bin]) ?? '', /example\.com/);
    assert.notEqual(
      commandLineProblem([{ argv: [[bin, 'https://example.com/', ...ours].join(' ')], exe: bin }], ours, [bin]),
      null,
      'a URL before ours',
    );
    assert.match(commandLineProblem([{ argv: [bin, ...ours.slice(1)], exe: bin }], ours, [bin]) ?? '', /without arguments .*--remote-debugging-pipe/);
    assert.notEqual(commandLineProblem([{ argv: [bin, ...ours.slice().reverse()], exe: bin }], ours, [bin]), null, 'reordered');
    assert.match(commandLineProblem([], ours, [bin]) ?? '', /could not be found/);
    const sh = { argv: ['/bin/sh', '/usr/bin/chromium', ...ours], exe: '/usr/bin/dash' };
    assert.match(commandLineProblem([sh, { argv: [bin, ...ours], exe: bin }], ours, [bin]) ?? '', /2 processes/);
  });

  it('measures /dev/shm on Linux only, and counts one it cannot measure as large enough', () => {
    assert.equal(sharedMemoryIsLow('darwin'), false);
    assert.equal(sharedMemoryIsLow('linux', '/nonexistent/shm'), false);
  });

  it('says so in one sentence that names WXM_VAULT_BROWSER', () => {
    const sentence = commandLineRefusal('/usr/bin/chromium', 'it runs with arguments WXM Vault did not give it (--x)');
    assert.match(sentence, /^WXM Vault closed the browser it started \(\/usr\/bin\/chromium\) because .*WXM_VAULT_BROWSER.*\.$/);
    assert.doesNotMatch(sentence, /\n/);
  });
});

describe('browser shell: requests', () => {
  const sub = (url: string) => decideRequest({ url, isNavigation: false, isAppMainFrame: false });
  const nav = (url: string, isAppMainFrame = true) => decideRequest({ url, isNavigation: true, isAppMainFrame });

  it('answers our origin from the bundle and refuses every other origin', () => {
    assert.equal(sub(`${BROWSER_ORIGIN}/assets/index.js`), 'bundle');
    for (const url of [
      'https://example.com/x.js',
      'http://wxm-vault.invalid/x.js',
      'https://wxm-vault.invalid:8443/x.js',
      'https://evil.wxm-vault.invalid/x.js',
      'wss://wxm-vault.invalid/',
      'not a url',
    ]) {
      assert.equal(sub(url), 'refuse', url);
    }
  });

  it('lets the app page load (or reload) its entry document and nothing else', () => {
    assert.equal(nav(ENTRY_URL), 'bundle');
    assert.equal(nav(`${ENTRY_URL}#settings`), 'bundle');
    for (const url of [`${BROWSER_ORIGIN}/`, `${BROWSER_ORIGIN}/other.html`, `${ENTRY_URL}?x=1`, 'https://example.com/', 'about:blank']) {
      assert.equal(nav(url), 'refuse-navigation', url);
    }
    assert.equal(nav(ENTRY_URL, false), 'refuse-navigation', 'a subframe or another window may not load our page');
  });

  it('trusts a bridge call only from the main world of the top frame of the app page, on our origin', () => {
    const main = { id: 'TOP', url: ENTRY_URL };
    const ctx = (frameId: string | null, origin: string, isDefault = true) => ({ frameId, origin, isDefault });
    const trusted = (caller: ReturnType<typeof ctx> | undefined, top = main) => isTrustedSender(bindingSender(caller, top), BROWSER_ORIGIN);
    assert.equal(trusted(ctx('TOP', BROWSER_ORIGIN)), true);
    assert.equal(trusted(ctx('SUB', BROWSER_ORIGIN)), false, 'a subframe on our origin');
    assert.equal(trusted(ctx('TOP', BROWSER_ORIGIN, false)), false, 'an isolated world of the top frame');
    assert.equal(trusted(undefined), false, 'a context that is gone');
    assert.equal(trusted(ctx('TOP', 'https://example.com')), false, 'the browser gives the caller another origin');
    assert.equal(trusted(ctx('TOP', BROWSER_ORIGIN), { id: 'TOP', url: 'about:blank' }), false, 'an inherited origin');
    assert.equal(trusted(ctx('TOP', BROWSER_ORIGIN), { id: 'TOP', url: `blob:${BROWSER_ORIGIN}/0b7c1f0e-0000-4000-8000-000000000000` }), false);
    assert.equal(bindingSender(ctx('TOP', BROWSER_ORIGIN), { id: 'TOP', url: 'not a url' }).origin, null);
    assert.deepEqual(bindingSender(ctx('SUB', 'https://example.com'), main), { origin: 'https://example.com', isMainFrame: false });
  });

  it('reads a bridge call only as { id, channel, payload } with a whole-number id', () => {
    assert.deepEqual(parseCall('{"id":1,"channel":"app:info"}'), { id: 1, channel: 'app:info', payload: undefined });
    assert.deepEqual(parseCall('{"id":2,"channel":"x","payload":{"a":1}}'), { id: 2, channel: 'x', payload: { a: 1 } });
    for (const bad of ['', 'not json', 'null', '[1]', '"app:info"', '{"channel":"app:info"}', '{"id":"1","channel":"app:info"}', '{"id":1.5}']) {
      assert.equal(parseCall(bad), null, bad);
    }
  });

  it('closes every new page but ours, leaving DevTools alone', () => {
    assert.equal(isForeignWindow({ targetId: 'B', type: 'page', url: '' }, 'A'), true);
    assert.equal(isForeignWindow({ targetId: 'B', type: 'page', url: `${BROWSER_ORIGIN}/index.html` }, 'A'), true);
    assert.equal(isForeignWindow({ targetId: 'A', type: 'page', url: ENTRY_URL }, 'A'), false);
    assert.equal(isForeignWindow({ targetId: 'C', type: 'page', url: 'devtools://devtools/bundled/devtools_app.html' }, 'A'), false);
    assert.equal(isForeignWindow({ targetId: 'D', type: 'service_worker', url: '' }, 'A'), false);
  });
});

describe('browser shell: profile preferences', () => {
  it('turn off password saving, autofill, translation, sign-in and spellcheck, and block every permission', () => {
    const prefs = profilePreferences() as {
      credentials_enable_service: boolean;
      profile: { password_manager_enabled: boolean; default_content_setting_values: Record<string, number> };
      autofill: Record<string, boolean>;
      translate: { enabled: boolean };
      signin: { allowed: boolean };
      browser: { enable_spellchecking: boolean };
    };
    assert.equal(prefs.credentials_enable_service, false);
    assert.equal(prefs.profile.password_manager_enabled, false);
    assert.deepEqual(prefs.autofill, { profile_enabled: false, credit_card_enabled: false });
    assert.equal(prefs.translate.enabled, false);
    assert.equal(prefs.signin.allowed, false);
    assert.equal(prefs.browser.enable_spellchecking, false);
    const blocked = prefs.profile.default_content_setting_values;
    for (const name of ['notifications', 'geolocation', 'media_stream_camera', 'media_stream_mic', 'clipboard', 'popups'])
      assert.equal(blocked[name], 2, name);
  });
});
