/**
 * `npm run demo` as its setup runs it: the WXM sandbox with the sample users,
 * the browser shell (system Chromium on a private Xvfb, the real core, the
 * real keychain under with-keyring, the X11 clipboard through xclip) on the
 * demo's own data folder and keychain service, and the sample accounts added
 * through the core. Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PAGE_BRIDGE } from '../../electron/browser/launch';
import { resolveAppLocation } from '../../electron/core/data-folder/app-location';
import { createOsClipboard } from '../../electron/core/clipboard/os-clipboard';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { DEMO_DIR_NAME, DEMO_KEYCHAIN_SERVICE, demoLocation, demoPort } from '../../electron/demo/demo-location';
import { startDemo, type DemoSession } from '../../electron/demo/demo-session';
import { SAMPLE_ACCOUNTS, sampleSecret, SPARE_USER } from '../../electron/demo/sample-accounts';
import { secretServiceRunning } from '../../electron/demo/secret-service';
import { startPrivateBus } from '../harness/private-dbus';
import { readX11Clipboard } from '../harness/x11-clipboard';
import { usePrivateDisplay } from '../harness/xvfb';
import { needsLinux, PRIVATE_DBUS, SECRET_SERVICE, SYSTEM_CHROMIUM } from '../harness/host-needs';

const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../', import.meta.url));

usePrivateDisplay();

describe('npm run demo', { skip: needsLinux(`${SYSTEM_CHROMIUM} and ${SECRET_SERVICE}`) }, () => {
  let home: string;
  let session: DemoSession;
  const lines: string[] = [];
  // What a user's own vault would be, had they pointed the app at it with the variables the demo must ignore.
  let realDataDir: string;
  const realService = 'wxm-vault';
  let realKeysBefore: string[];

  const start = () =>
    startDemo({
      browserPath: BROWSER,
      location: demoLocation({ platform: 'linux', env: { WXM_VAULT_DATA_DIR: realDataDir, WXM_VAULT_KEYCHAIN_SERVICE: realService }, home }),
      port: 0,
      clipboard: createOsClipboard(),
      appVersion: '0.0.0-demo-test',
      say: (line) => lines.push(line),
    });

  before(async () => {
    assert.ok(existsSync(DEFAULT_PAGE_BRIDGE), 'dist/browser/page-bridge.js is missing: run npm run build first');
    home = mkdtempSync(join(tmpdir(), 'wxm-demo-home-'));
    realDataDir = join(home, 'real-vault');
    realKeysBefore = await new KeychainSecretStore(realService).keys();
    session = await start();
  });

  after(async () => {
    await session?.close();
    const secrets = new KeychainSecretStore(DEMO_KEYCHAIN_SERVICE);
    for (const key of await secrets.keys().catch(() => [])) await secrets.delete(key).catch(() => false);
    rmSync(home, { recursive: true, force: true, maxRetries: 5 });
  });

  it('starts a sandbox that answers LoginToken as WXM does', async () => {
    const sample = SAMPLE_ACCOUNTS[0]!;
    const login = (password: string) =>
      fetch(`${session.sandbox.baseUrl}/api/LoginToken`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username: sample.user.username, password }),
      });
    const ok = await login(sample.user.password);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { access_token: string; station: string };
    assert.equal(body.station, sample.user.station);
    assert.ok(session.sandbox.issuedTokens(sample.user.username).includes(body.access_token));
    assert.equal((await login('not-the-password')).status, 400);
  });

  it('adds the sample accounts through the core, on four stations, and the window lists them', async () => {
    const listed = await session.shell.vault.accounts.list();
    assert.deepEqual(
      listed.map((a) => a.label),
      SAMPLE_ACCOUNTS.map((s) => s.label),
    );
    assert.deepEqual(new Set(listed.map((a) => a.station)), new Set(['uswest', 'euwest', 'au', 'in']));
    assert.ok(listed.every((a) => a.baseUrl === session.sandbox.baseUrl));
    assert.equal(listed.find((a) => a.username === 'reports@acme-retail.example')?.authMode, 'apiKey');
    assert.equal(session.shell.vault.accounts.store.all().find((r) => r.username === 'admin@initech.example')?.twoFactor, true);
    // Ten-minute tokens, under the 15-minute warning, so the window shows one "expiring soon".
    const hooliLeft = (listed.find((a) => a.username === 'support@hooli.example')?.tokenExpiresAt ?? 0) - Date.now();
    assert.ok(hooliLeft > 0 && hooliLeft <= 600_000, `${hooliLeft} ms left`);
    assert.deepEqual(
      session.added.map((a) => a.id),
      listed.map((a) => a.id),
    );
    for (const sample of SAMPLE_ACCOUNTS) await session.shell.page.getByTestId('account-list').getByText(sample.label, { exact: true }).waitFor();
    assert.ok(lines.includes('Added 6 accounts on 4 stations: uswest (2), euwest (2), au (1), in (1).'), lines.join('\n'));
  });

  it('keeps their passwords and API keys in the keychain, never in the data folder', async () => {
    const { dataDir } = demoLocation({ platform: 'linux', env: {}, home });
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter(
      (f) => f.isFile() && !f.parentPath.includes('browser-profile'),
    );
    assert.ok(files.some((f) => f.name === 'accounts.json'));
    for (const f of files) {
      const text = readFileSync(join(f.parentPath, f.name), 'utf8');
      for (const sample of SAMPLE_ACCOUNTS) assert.ok(!text.includes(sampleSecret(sample)), `${f.name} holds the secret of ${sample.label}`);
    }
    assert.ok((await new KeychainSecretStore(DEMO_KEYCHAIN_SERVICE).keys()).length >= SAMPLE_ACCOUNTS.length);
  });

  it('copies the exact token the sandbox issued to the X11 clipboard, from the window', async () => {
    const account = (await session.shell.vault.accounts.list()).find((a) => a.username === 'cx@globex.example')!;
    const reply = await session.shell.page.evaluate((id) => window.wxmVault!.copyToClipboard({ id, kind: 'token' }), account.id);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const issued = session.sandbox.issuedTokens('cx@globex.example');
    assert.equal(issued.length, 1);
    assert.equal(await readX11Clipboard(), issued[0]);
  });

  it('prints each two-factor code as the sandbox e-mails it, and no password, API key or token', async () => {
    const user = 'admin@initech.example';
    const initech = (await session.shell.vault.accounts.list()).find((a) => a.username === user)!;
    await session.shell.vault.lock.lock('user');
    const reply = await session.shell.page.evaluate((id) => window.wxmVault!.copyToClipboard({ id, kind: 'token' }), initech.id);
    assert.equal(!reply.ok && reply.error.code, 'two-factor-required');
    const codes = session.sandbox.sentCodes(user);
    assert.equal(codes.length, 2, 'one code while adding the account, one for the copy after the lock');
    for (const code of codes)
      assert.ok(
        lines.some((l) => l.includes(user) && l.endsWith(code)),
        `code ${code} not printed:\n${lines.join('\n')}`,
      );
    const printed = lines.join('\n');
    // The spare sandbox login is printed on purpose, for trying Add account; it is in no vault.
    for (const sample of SAMPLE_ACCOUNTS) assert.ok(!printed.includes(sampleSecret(sample)), `printed the secret of ${sample.label}`);
    for (const token of session.sandbox.issuedTokens()) assert.ok(!printed.includes(token), 'printed a token');
    assert.ok(printed.includes(SPARE_USER.password));
  });

  it('touches neither the real data folder nor the real keychain service, whatever WXM_VAULT_* say', async () => {
    const expected = join(home, '.config', DEMO_DIR_NAME);
    assert.ok(existsSync(join(expected, 'accounts.json')));
    assert.ok(
      lines.some((l) => l.startsWith(`Demo vault: ${expected}, keychain service "${DEMO_KEYCHAIN_SERVICE}"`)),
      lines.join('\n'),
    );
    assert.equal(existsSync(realDataDir), false);
    assert.equal(existsSync(resolveAppLocation({ platform: 'linux', env: {}, home }).dataDir), false, "the default vault's folder");
    assert.deepEqual(await new KeychainSecretStore(realService).keys(), realKeysBefore);
  });

  it('adds nothing on a later start: the vault keeps what the user made of it', async () => {
    const first = await session.shell.vault.accounts.list();
    await session.shell.vault.accounts.remove(first[0]!.id);
    await session.close();
    lines.length = 0;
    session = await start();
    assert.deepEqual(session.added, []);
    assert.equal((await session.shell.vault.accounts.list()).length, SAMPLE_ACCOUNTS.length - 1);
    assert.ok(lines.includes('Opened 5 accounts on 4 stations: uswest (1), euwest (2), au (1), in (1).'), lines.join('\n'));
  });
});

describe('npm run demo: its setting and its keyring', () => {
  it('takes WXM_DEMO_PORT, and refuses a port it cannot use with a sentence', () => {
    assert.equal(demoPort({}), 47810);
    assert.equal(demoPort({ WXM_DEMO_PORT: '50123' }), 50123);
    assert.throws(() => demoPort({ WXM_DEMO_PORT: '80' }), /WXM_DEMO_PORT must be a port number from 1024 to 65535; "80" is not/);
    assert.throws(() => demoPort({ WXM_DEMO_PORT: '4x' }), /Fix it or unset it/);
  });

  it('sees a Secret Service only where one owns the name on the session bus, without starting one', { skip: needsLinux(PRIVATE_DBUS) }, async () => {
    assert.equal(await secretServiceRunning('linux', process.env.DBUS_SESSION_BUS_ADDRESS ?? null), true, 'with-keyring runs one');
    assert.equal(await secretServiceRunning('linux', null), false);
    const bare = await startPrivateBus('session');
    try {
      assert.equal(await secretServiceRunning('linux', bare.address), false);
    } finally {
      await bare.stop();
    }
    assert.equal(await secretServiceRunning('linux', 'unix:path=/nonexistent/bus'), false);
    assert.equal(await secretServiceRunning('darwin', null), true);
  });

  it('is the only code that starts a throwaway keyring: the app and npm start never do', () => {
    const offenders: string[] = [];
    const scan = (dir: string) => {
      for (const f of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
        if (!f.isFile()) continue;
        const text = readFileSync(join(f.parentPath, f.name), 'utf8');
        if (/with-keyring|gnome-keyring-daemon|WXM_DEMO_THROWAWAY_KEYRING/.test(text)) offenders.push(join(f.parentPath, f.name));
      }
    };
    for (const dir of ['electron/common', 'electron/core', 'electron/main', 'electron/preload', 'electron/browser', 'renderer/src']) scan(dir);
    for (const file of ['scripts/start.mjs', 'scripts/built-entry.mjs', 'dist/browser/start.mjs'])
      if (/with-keyring|WXM_DEMO_THROWAWAY_KEYRING/.test(readFileSync(join(root, file), 'utf8'))) offenders.push(file);
    assert.deepEqual(offenders, []);
  });
});
