/**
 * The proxy environment variables as a plain Node process sees them
 * (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower case first, as curl and undici read
 * them). `rawProxyFor` and `proxyRoute` mirror undici's EnvHttpProxyAgent routing so that what we
 * show and name in errors is the proxy the request really took; the
 * credentials a proxy URL may carry never leave this module except to the
 * proxy itself (undici's Proxy-Authorization, Electron's login callback).
 */
import type { ProxyRoute } from './http-transport';

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

export interface ProxySettings {
  /** For http:// targets; '' for none. */
  httpProxy: string;
  /** For https:// targets; falls back to `httpProxy`, as undici does. '' for none. */
  httpsProxy: string;
  noProxy: string;
  /**
   * The variable each value was read from, as spelt in the environment ('https_proxy', 'HTTP_PROXY', …; '' when
   * unset): a message that says "HTTPS_PROXY" to someone who set http_proxy sends them looking in the wrong place.
   */
  names: { httpProxy: string; httpsProxy: string; noProxy: string };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The value of `name` (lower case first) and the spelling it was found under; '' for both when unset. */
function read(env: ProxyEnv, name: string): { value: string; name: string } {
  const lower = name.toLowerCase();
  const spelt = env[lower] !== undefined ? lower : env[name] !== undefined ? name : '';
  const value = spelt ? env[spelt]!.trim() : '';
  return { value, name: value ? spelt : '' };
}

export function proxySettings(env: ProxyEnv): ProxySettings {
  const http = read(env, 'HTTP_PROXY');
  const https = read(env, 'HTTPS_PROXY');
  const noProxy = read(env, 'NO_PROXY');
  const httpsFrom = https.value ? https : http;
  return {
    httpProxy: http.value,
    httpsProxy: httpsFrom.value,
    noProxy: noProxy.value,
    names: { httpProxy: http.name, httpsProxy: httpsFrom.name, noProxy: noProxy.name },
  };
}

/** The raw proxy URL a request to `url` goes through under `settings`, or null when NO_PROXY (or no proxy) sends it direct. */
export function rawProxyFor(url: string, settings: ProxySettings): string | null {
  const { proxy, bypassedBy } = choose(url, settings);
  return proxy && bypassedBy === null ? proxy.raw : null;
}

/** The route to `url` as we show it: the proxy by scheme, host and port, and the variables that chose it. */
export function proxyRoute(url: string, settings: ProxySettings): ProxyRoute {
  const { proxy, bypassedBy } = choose(url, settings);
  if (!proxy) return { proxy: null };
  if (bypassedBy !== null) return { proxy: null, bypass: { proxy: displayProxy(proxy.raw), variable: proxy.variable, noProxyVariable: bypassedBy } };
  return { proxy: displayProxy(proxy.raw), variable: proxy.variable };
}

function choose(url: string, settings: ProxySettings): { proxy: { raw: string; variable: string } | null; bypassedBy: string | null } {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const raw = https ? settings.httpsProxy : settings.httpProxy;
  if (!raw) return { proxy: null, bypassedBy: null };
  const proxy = { raw, variable: https ? settings.names.httpsProxy : settings.names.httpProxy };
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  return { proxy, bypassedBy: bypassed(hostname, port, settings.noProxy) ? settings.names.noProxy : null };
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
