/**
 * The proxy environment variables as a plain Node process sees them
 * (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower case first, as curl and undici read
 * them). `proxyFor` mirrors undici's EnvHttpProxyAgent routing so that what we
 * show and name in errors is the proxy the request really took; the
 * credentials a proxy URL may carry never leave this module except to the
 * proxy itself (undici's Proxy-Authorization, Electron's login callback).
 */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

export interface ProxySettings {
  /** For http:// targets; '' for none. */
  httpProxy: string;
  /** For https:// targets; falls back to `httpProxy`, as undici does. '' for none. */
  httpsProxy: string;
  noProxy: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function read(env: ProxyEnv, name: string): string {
  return (env[name.toLowerCase()] ?? env[name] ?? '').trim();
}

export function proxySettings(env: ProxyEnv): ProxySettings {
  const httpProxy = read(env, 'HTTP_PROXY');
  return { httpProxy, httpsProxy: read(env, 'HTTPS_PROXY') || httpProxy, noProxy: read(env, 'NO_PROXY') };
}

/** The raw proxy URL a request to `url` goes through under `settings`, or null when NO_PROXY (or no proxy) sends it direct. */
export function rawProxyFor(url: string, settings: ProxySettings): string | null {
  const target = new URL(url);
  const proxy = target.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!proxy) return null;
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  return bypassed(hostname, port, settings.noProxy) ? null : proxy;
}

function bypassed(hostname: string, port: number, noProxy: string): boolean {
  if (noProxy === '*') return true;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed ? parsed[1]! : entry).replace(/^\*?\./, '').toLowerCase();
    const entryPort = parsed ? Number.parseInt(parsed[2]!, 10) : 0;
    if (entryPort && entryPort !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

/** A proxy URL fit to show or log: scheme, host and port only. Unparseable values are named, not echoed (they may hold a password). */
export function displayProxy(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(an unreadable proxy URL)';
  }
}

export interface ProxyChallenge {
  host: string;
  port: number;
}

/**
 * Credentials for a proxy that asks for them (Electron's `login` event): only those written into the
 * proxy URL of HTTPS_PROXY / HTTP_PROXY, and only to that proxy's own host and port.
 */
export function proxyCredentialsFor(challenge: ProxyChallenge, env: ProxyEnv): { username: string; password: string } | null {
  const settings = proxySettings(env);
  for (const raw of [settings.httpsProxy, settings.httpProxy]) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
    if (!url.username || url.hostname.toLowerCase() !== challenge.host.toLowerCase() || port !== challenge.port) continue;
    return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  }
  return null;
}
