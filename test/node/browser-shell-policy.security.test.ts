/**
 * The browser shell's fences as data: the whole Chromium command line, which
 * requests are served, refused or refused as navigations, which new windows
 * are closed, and the profile preferences. What a running browser does with
 * them is in browser-shell.security.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BROWSER_ORIGIN, decideRequest, ENTRY_URL, PLACEHOLDER_URL } from '../../electron/browser/browser-policy';
import { profilePreferences } from '../../electron/browser/browser-profile';
import { chromiumArgs, chromiumFlags } from '../../electron/browser/chromium-flags';
import { bindingSender } from '../../electron/browser/launch';
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

  it('asks for Wayland-or-X11 on Linux only', () => {
    assert.ok(user.includes('--ozone-platform-hint=auto'));
    assert.ok(!chromiumArgs({ ...base, platform: 'darwin', runningAsRoot: false }).includes('--ozone-platform-hint=auto'));
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

  it('trusts a bridge call only from the top frame of the app page, on our origin', () => {
    const frame = (url: string) => ({ url: () => url });
    const top = frame(ENTRY_URL);
    const appPage = { mainFrame: () => top };
    const otherPage = { mainFrame: () => frame(ENTRY_URL) };
    const trusted = (source: Parameters<typeof bindingSender>[0]) => isTrustedSender(bindingSender(source, appPage), BROWSER_ORIGIN);
    assert.equal(trusted({ page: appPage, frame: top }), true);
    assert.equal(trusted({ page: appPage, frame: frame(`${BROWSER_ORIGIN}/index.html`) }), false, 'a subframe on our origin');
    assert.equal(trusted({ page: otherPage, frame: otherPage.mainFrame() }), false, 'another window on our origin');
    assert.equal(trusted({ page: appPage, frame: frame('about:blank') }), false);
    assert.equal(trusted({ page: appPage, frame: frame(`blob:${BROWSER_ORIGIN}/0b7c1f0e-0000-4000-8000-000000000000`) }), false);
    assert.deepEqual(bindingSender({ page: appPage, frame: frame('not a url') }, appPage).origin, null);
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
