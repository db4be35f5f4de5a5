/**
 * The app's WXM client runs on Electron's net.fetch, and passes it
 * `redirect: 'manual'` so a redirect cannot carry the login form (and its
 * password) to another host. Only real Electron can prove net.fetch honours
 * that; skipped, saying so, where no Electron binary exists (our CI). There
 * test/node/network-proxy.security.test.ts proves the plain-Node fetch does
 * not follow, and that the client's own guard refuses an answer a redirect led to.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installedElectronBinary as electronBinary } from '../../electron/browser/choose-shell';

const binary = electronBinary();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test.describe("real Electron's net.fetch", () => {
  test.skip(!binary, 'SKIPPED: no Electron binary on this machine (its download is blocked here); node tests prove the plain-Node fetch and the client guard instead.');

  test("with redirect: 'manual' follows no redirect: the form never reaches the other host", async () => {
    let reached = 0;
    const elsewhere = createServer((_req, res) => {
      reached++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token":"stolen"}');
    });
    const elsewhereUrl = await listen(elsewhere);
    const redirector = createServer((req, res) => res.writeHead(307, { Location: `${elsewhereUrl}${req.url}` }).end());
    const redirectUrl = await listen(redirector);
    const app = await electron.launch({ executablePath: binary!, args: ['.'] });
    try {
      const outcome = await app.evaluate(async ({ net }, url) => {
        try {
          const response = await net.fetch(`${url}/api/LoginToken`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=password&username=u&password=CANARY-electron-redirect',
            redirect: 'manual',
          });
          return { status: response.status, redirected: response.redirected };
        } catch (error) {
          return { rejected: String((error as Error).message) };
        }
      }, redirectUrl);
      // Either answer keeps the password home: the 307 itself, or Electron's "Redirect was cancelled" (which the client reports as a redirect).
      expect(outcome).toEqual(expect.objectContaining('rejected' in outcome ? { rejected: expect.stringMatching(/Redirect was cancelled/) } : { status: 307, redirected: false }));
      expect(reached).toBe(0);
    } finally {
      await app.close();
      await new Promise((resolve) => redirector.close(resolve));
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });
});
