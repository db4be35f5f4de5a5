/**
 * A fresh WXM sandbox for each test of a UI spec, so one test's logins, sent codes and generated keys never show in
 * the next one's counts. Without an X display the test skips before a server starts: the `app` fixture would skip it
 * anyway.
 */
import { startWxmServer, type WxmTestServer, type WxmUser } from '../../electron/sandbox/wxm-sandbox';
import { test } from '../harness/fixtures';
import { hasX11Display } from '../harness/x11-clipboard';

/** Call at a spec's top level: registers the hooks; `server` is the running test's sandbox. */
export function wxmSandboxPerTest(users: WxmUser[]): { readonly server: WxmTestServer } {
  let server: WxmTestServer | undefined;
  test.beforeEach(async () => {
    test.skip(!hasX11Display(), 'needs an X display: run under xvfb-run (npm test does)');
    server = await startWxmServer({ users });
  });
  test.afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    get server() {
      if (!server) throw new Error('the WXM sandbox is read outside a test: it starts in beforeEach');
      return server;
    },
  };
}
