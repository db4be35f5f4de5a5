/**
 * The port between the WXM client and whatever carries its HTTP. Electron main
 * fills it with `net.fetch` (Chromium's stack: system proxy settings, PAC, the
 * OS trust store); plain Node (the browser shell, tests) with undici and the
 * proxy environment variables (`node-transport.ts`). The client's own guards
 * (no redirects, a size cap, a timeout) hold whichever fills it.
 */
export interface FetchInit {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  redirect: 'manual';
  signal: AbortSignal;
}

/** The part of a fetch `Response` the client reads. */
export interface FetchResponse {
  status: number;
  /** A fetch that honours `redirect: 'manual'` never sets this. */
  redirected: boolean;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/**
 * Where the proxy choice comes from: Chromium's view of the system settings (PAC included),
 * or HTTPS_PROXY / HTTP_PROXY / NO_PROXY, which is all a plain Node process can see.
 */
export type ProxySource = 'system' | 'environment';

/**
 * Which way a request to one URL goes, in words fit to show: never a proxy's credentials. `variable` and `bypass`
 * come only from the environment (plain Node): Chromium's answer names a proxy, not where its settings came from.
 */
export interface ProxyRoute {
  /** The proxy taken (scheme://host:port), or null when the request goes direct. */
  proxy: string | null;
  /** The variable that named the proxy taken, as spelt in the environment ('HTTPS_PROXY', 'http_proxy', …). */
  variable?: string;
  /** A proxy is set, but NO_PROXY sends this host direct: that proxy, the variable it came from and the NO_PROXY variable. */
  bypass?: { proxy: string; variable: string; noProxyVariable: string };
}

export interface HttpTransport {
  fetch: FetchLike;
  source: ProxySource;
  /** The proxy a request to `url` goes through (`proxy`, without any user name or password; null when direct) and why. */
  proxyFor(url: string): Promise<ProxyRoute>;
}
