/**
 * A company network on loopback for one node test file: a throw-away CA with its certificates, the WXM sandbox over
 * HTTPS with the loopback certificate, and a real CONNECT proxy. Started once before the file's tests and torn down
 * after them, so each file gets its own CA and ports.
 */
import { after, before } from 'node:test';
import { startWxmServer, type WxmTestServer, type WxmUser } from '../../electron/sandbox/wxm-sandbox';
import { startConnectProxy, type ConnectProxy } from './connect-proxy';
import { createTestPki, type TestPki } from './test-pki';

export interface LoopbackNetwork {
  readonly pki: TestPki;
  readonly server: WxmTestServer;
  readonly proxy: ConnectProxy;
}

/** Call at a test file's top level: registers the `before` and `after` hooks; the fields are there once `before` ran. */
export function useLoopbackNetwork(opts: { users: WxmUser[]; proxyCredentials?: { username: string; password: string } }): LoopbackNetwork {
  let pki: TestPki | undefined;
  let server: WxmTestServer | undefined;
  let proxy: ConnectProxy | undefined;
  before(async () => {
    pki = createTestPki();
    server = await startWxmServer({ tls: pki.loopback, users: opts.users });
    proxy = await startConnectProxy({ credentials: opts.proxyCredentials });
  });
  // Whatever did start is torn down, so a failed start leaves no temp folder or listening port behind.
  after(async () => {
    await proxy?.close();
    await server?.close();
    pki?.dispose();
  });
  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`the loopback network's ${name} is read before its before() hook ran`);
    return part;
  };
  return {
    get pki() {
      return started(pki, 'PKI');
    },
    get server() {
      return started(server, 'WXM server');
    },
    get proxy() {
      return started(proxy, 'proxy');
    },
  };
}
