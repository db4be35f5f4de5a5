/**
 * Nothing usable came back from WXM: names what failed (a certificate, the
 * proxy, DNS, the network, the clock) and the next step for it. Behind a
 * company proxy or a TLS-inspecting firewall "could not reach WXM" is not
 * enough: the fix is a root certificate, a proxy password or a NO_PROXY entry,
 * and only the error can say which. Reads Node's and undici's error codes and
 * Chromium's `net::ERR_…` names (Electron's net.fetch). A proxy is only ever
 * named by scheme, host and port: never with the credentials its URL may hold.
 */
import { VaultError } from '../errors';
import type { ProxyRoute, ProxySource } from '../net/http-transport';

export type NetworkFailureKind =
  | 'timeout'
  | 'cert-untrusted'
  | 'cert-wrong-host'
  | 'cert-expired'
  | 'tls'
  | 'proxy-auth'
  | 'proxy-refused'
  | 'proxy-unreachable'
  | 'dns'
  | 'offline'
  | 'refused'
  | 'dropped'
  | 'redirect'
  | 'other';

/** A `network` error that also says which kind, so tests (and later the UI) need not parse the message. */
export class NetworkError extends VaultError {
  constructor(
    readonly kind: NetworkFailureKind,
    message: string,
    cause: unknown,
  ) {
    super('network', message, { cause });
    this.name = 'NetworkError';
  }
}

/** `proxy`: the proxy the request went through (scheme://host:port), or null when direct; with the variables that chose it. */
export interface NetworkContext extends ProxyRoute {
  /** host[:port] of the base URL. */
  host: string;
  timeoutMs: number;
  source: ProxySource;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
  'ERR_CERT_AUTHORITY_INVALID',
]);
const WRONG_HOST = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_CERT_COMMON_NAME_INVALID']);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_CERT_DATE_INVALID']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED']);
const OFFLINE = new Set([
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ERR_INTERNET_DISCONNECTED',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_NETWORK_CHANGED',
]);
const REFUSED = new Set(['ECONNREFUSED', 'ERR_CONNECTION_REFUSED']);
const DROPPED = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_CONNECTION_RESET',
  'ERR_CONNECTION_CLOSED',
  'ERR_EMPTY_RESPONSE',
]);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_TIMED_OUT',
  'ERR_CONNECTION_TIMED_OUT',
]);
const PROXY_AUTH = new Set(['ERR_PROXY_AUTH_REQUESTED', 'ERR_PROXY_AUTH_UNSUPPORTED', 'ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION']);
const PROXY_DOWN = new Set(['ERR_PROXY_CONNECTION_FAILED', 'ERR_PROXY_CERTIFICATE_INVALID', 'UND_ERR_PRX_TLS']);
/**
 * What failing to connect to the proxy itself looks like in Node (undici): with a CONNECT tunnel, failures beyond it
 * come back as the proxy's status. Not so in Chromium, which names a proxy it could not reach (ERR_PROXY_…,
 * ERR_TUNNEL_…) and, after a PAC `PROXY x; DIRECT` fallback, reports the direct attempt's own DNS or refused error.
 */
const PROXY_CONNECT_FAILED = new Set([...REFUSED, ...DNS, ...OFFLINE]);

/** Every code in an error's cause chain: Node's `code`, and Chromium's `net::ERR_…` name from a message. */
function codesOf(error: unknown): { codes: Set<string>; names: Set<string>; messages: string[] } {
  const codes = new Set<string>();
  const names = new Set<string>();
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const { code, name, message, cause } = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.add(code);
    if (typeof name === 'string') names.add(name);
    if (typeof message === 'string') {
      messages.push(message);
      for (const m of message.matchAll(/net::(ERR_[A-Z_]+)/g)) codes.add(m[1]!);
    }
    e = cause;
  }
  return { codes, names, messages };
}

function classify(error: unknown, proxy: string | null, source: ProxySource): { kind: NetworkFailureKind; proxyStatus: number | null } {
  const { codes, names, messages } = codesOf(error);
  const has = (set: Set<string>) => [...codes].some((c) => set.has(c));
  // undici's CONNECT tunnel: "Proxy response (407) !== 200 when HTTP Tunneling"; no code of its own.
  const tunnel = messages.map((m) => /Proxy response \((\d{3})\)/.exec(m)).find((m) => m);
  if (tunnel) {
    const status = Number(tunnel[1]);
    return { kind: status === 407 ? 'proxy-auth' : 'proxy-refused', proxyStatus: status };
  }
  if (names.has('TimeoutError') || names.has('AbortError') || has(TIMEOUT)) return { kind: 'timeout', proxyStatus: null };
  if (has(PROXY_AUTH)) return { kind: 'proxy-auth', proxyStatus: 407 };
  if (codes.has('ERR_TUNNEL_CONNECTION_FAILED')) return { kind: 'proxy-refused', proxyStatus: null };
  const proxyFromEnv = proxy !== null && source === 'environment';
  if (has(PROXY_DOWN) || (proxyFromEnv && has(PROXY_CONNECT_FAILED))) return { kind: 'proxy-unreachable', proxyStatus: null };
  if (has(WRONG_HOST)) return { kind: 'cert-wrong-host', proxyStatus: null };
  if (has(EXPIRED)) return { kind: 'cert-expired', proxyStatus: null };
  if (has(UNTRUSTED)) return { kind: 'cert-untrusted', proxyStatus: null };
  if ([...codes].some((c) => /CERT|SSL|TLS/.test(c))) return { kind: 'tls', proxyStatus: null };
  if (has(DNS)) return { kind: 'dns', proxyStatus: null };
  if (has(OFFLINE)) return { kind: 'offline', proxyStatus: null };
  if (has(REFUSED)) return { kind: 'refused', proxyStatus: null };
  if (has(DROPPED)) return { kind: 'dropped', proxyStatus: null };
  // Electron's net.fetch with redirect: 'manual' rejects with this instead of following.
  if (messages.some((m) => /Redirect was cancelled/i.test(m))) return { kind: 'redirect', proxyStatus: null };
  return { kind: 'other', proxyStatus: null };
}

const ENV_EXAMPLE = 'HTTPS_PROXY=http://proxy.example.com:3128';

export function networkFailure(cause: unknown, ctx: NetworkContext): NetworkError {
  const { kind, proxyStatus } = classify(cause, ctx.proxy, ctx.source);
  return new NetworkError(kind, messageFor(kind, ctx, proxyStatus), cause);
}

/** The message for a request that came back as a redirect although we asked for none (a fetch that ignored `redirect: 'manual'`). */
export function redirectRefused(ctx: NetworkContext): NetworkError {
  return new NetworkError('redirect', messageFor('redirect', ctx, null), undefined);
}

function messageFor(kind: NetworkFailureKind, ctx: NetworkContext, proxyStatus: number | null): string {
  const { host } = ctx;
  const env = ctx.source === 'environment';
  const hostname = host.replace(/:\d+$/, '');
  // The variable as the user spelt it (https_proxy, HTTP_PROXY, …): that is the one to look at or change.
  const variable = ctx.variable ?? 'HTTPS_PROXY';
  const via = ctx.proxy ? ` (through the proxy ${ctx.proxy}${env ? ` from ${variable}` : ''})` : '';
  const proxyName = ctx.proxy ? `The proxy ${ctx.proxy}` : 'Your proxy';
  // A plain Node process sees no system proxy or PAC: when a direct connection fails, that may be why. Unless a
  // proxy is set and NO_PROXY sent this host past it: then "set HTTPS_PROXY" is wrong, the NO_PROXY entry is the suspect.
  const bypass = ctx.bypass;
  const noSystemProxy =
    !env || ctx.proxy
      ? ''
      : bypass
        ? ` ${bypass.noProxyVariable} covers ${hostname}, so WXM Vault connected to it directly, not through the proxy ${bypass.proxy} from ${bypass.variable}: if ${hostname} can only be reached through that proxy, take it out of ${bypass.noProxyVariable}, then start WXM Vault again.`
        : ` WXM Vault is running without Electron here, so it does not see your system's proxy or PAC settings: if your network needs a proxy, start it with ${ENV_EXAMPLE} (hosts to reach directly go in NO_PROXY).`;
  const rootCa = env
    ? 'start WXM Vault with NODE_EXTRA_CA_CERTS=/path/to/company-root.pem (this copy does not read the system certificate store)'
    : "add it to this computer's certificate store (your IT department has it), then restart WXM Vault";
  switch (kind) {
    case 'timeout':
      return `Could not reach WXM at ${host}: no answer within ${Math.round(ctx.timeoutMs / 1000)} s${via}. Check your internet connection, proxy or VPN, then try again.${noSystemProxy}`;
    case 'cert-untrusted':
      return `The TLS certificate of ${host} is not trusted${via}, so WXM Vault did not send anything. If your company inspects TLS, install its root certificate: ${rootCa}. If it does not, something other than WXM answered: check the account's base URL.`;
    case 'cert-wrong-host':
      return `${host} answered with a TLS certificate made out to another host name${via}, so WXM Vault did not send anything. Check the account's base URL (the exact host name WXM gave you); if it is right, your network is redirecting the connection: ask your IT department.`;
    case 'cert-expired':
      return `The TLS certificate of ${host} has expired or is not valid yet${via}, so WXM Vault did not send anything. Check this computer's date and time; if they are right, the certificate (the server's, or your company's TLS inspection certificate) needs renewing: tell your IT department.`;
    case 'tls':
      return `A secure (TLS) connection to ${host} could not be set up${via}, so WXM Vault did not send anything. Check the account's base URL; if your company inspects TLS, install its root certificate: ${rootCa}.`;
    case 'proxy-auth':
      return env
        ? `${proxyName} asks for a user name and password (HTTP 407). Put them in the proxy URL in ${variable}, before the host: user:password@proxy-host:port (URL-encode special characters), then start WXM Vault again. WXM Vault never stores or shows proxy passwords.`
        : `${proxyName} asks for a user name and password (HTTP 407) that WXM Vault was not given. Start WXM Vault with HTTPS_PROXY set to that proxy's URL with them before the host (user:password@proxy-host:port), or ask your IT department to let it through without a password. WXM Vault never stores or shows proxy passwords.`;
    case 'proxy-refused':
      return `${proxyName} would not connect WXM Vault to ${host}${proxyStatus ? ` (it answered HTTP ${proxyStatus})` : ''}. Check the account's base URL; if it is right, ask your IT department to allow ${hostname} through the proxy${env ? ', or add it to NO_PROXY if it is reachable directly' : ''}.`;
    case 'proxy-unreachable':
      return env
        ? `Could not reach ${ctx.proxy ? `the proxy ${ctx.proxy}` : 'the proxy'} named in ${ctx.variable ?? 'HTTPS_PROXY (or HTTP_PROXY)'}. Check that it names a running proxy (host and port), or unset it to connect directly, then start WXM Vault again.`
        : `Could not reach ${ctx.proxy ? `the proxy ${ctx.proxy}` : 'your proxy'} from your system settings. Check your proxy settings and VPN, then try again.`;
    case 'dns':
      return `Could not reach WXM at ${host}: the host name could not be resolved (DNS). Check the account's base URL for typos; if it is right, check your internet connection or VPN.${noSystemProxy}`;
    case 'offline':
      return `Could not reach WXM at ${host}: this computer seems to be offline (no network route). Connect to the internet or your VPN, then try again.${noSystemProxy}`;
    case 'refused':
      return `Could not reach WXM at ${host}: the connection was refused. Check the account's base URL and port, then try again.${noSystemProxy}`;
    case 'dropped':
      return `Could not reach WXM at ${host}: the connection was dropped before WXM answered${via}. Try again; if it keeps happening, check your proxy, firewall or VPN.${noSystemProxy}`;
    case 'redirect':
      return `${host} answered with a redirect to another address, which WXM Vault never follows (it could carry your password elsewhere). Check the account's base URL; a sign-in page of your network can cause this too.`;
    case 'other':
      return `Could not reach WXM at ${host}${via}. Check your internet connection, proxy or VPN and the account's base URL, then try again.${noSystemProxy}`;
  }
}
