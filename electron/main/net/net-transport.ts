/**
 * WXM requests in the app go through Chromium's network stack: the system
 * proxy settings, PAC files and the OS certificate store, as a browser on the
 * same machine sees them. Takes net- and session-like objects (no Electron
 * import at run time) so node tests can check the wiring.
 */
import { chromiumProxy } from '../../core/net/chromium-proxy';
import type { FetchInit, FetchResponse, HttpTransport } from '../../core/net/http-transport';

export interface NetLike {
  fetch(url: string, init: FetchInit): Promise<FetchResponse>;
}

export interface ProxyResolver {
  resolveProxy(url: string): Promise<string>;
}

export function electronTransport(net: NetLike, session: ProxyResolver): HttpTransport {
  return {
    source: 'system',
    // The client passes redirect: 'manual'; test/electron/net-fetch-redirect.e2e.ts proves net.fetch then follows nothing.
    fetch: (url, init) => net.fetch(url, init),
    proxyFor: async (url) => ({ proxy: chromiumProxy(await session.resolveProxy(url)) }),
  };
}
