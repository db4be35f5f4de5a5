/**
 * Per-account WXM base URLs. WXM routes every station through one host
 * (wxm-api.md §1), so most accounts keep the default; a custom base exists for
 * proxies, staging hosts and our loopback test server.
 */
import { DEFAULT_BASE_URL, FIELD_RULES } from '../../common/field-rules';
import { VaultError } from '../errors';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The contract's limit, checked again on the normalised URL, which punycode can make 3x longer than what was typed. */
const MAX_BASE_URL_LENGTH = FIELD_RULES.baseUrl.max;
/** DNS limits (RFC 1035 §2.3.4), which the URL parser does not enforce for international names. */
const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

function refuse(reason: string): never {
  throw new VaultError('bad-request', `${reason} Enter just the scheme and host, e.g. ${DEFAULT_BASE_URL}.`);
}

/**
 * Returns `scheme://host[:port]` or throws a `bad-request` that says what to fix.
 * Plain http would send the password in clear, so it is refused except to this machine.
 */
export function normaliseBaseUrl(input: string | undefined | null): string {
  const raw = (input ?? '').trim();
  if (raw === '') return DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse('The WXM base URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('The WXM base URL must start with https://.');
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    refuse('The WXM base URL must use https:// (plain http would send your password unencrypted; it is only allowed for 127.0.0.1 / localhost).');
  }
  if (url.username || url.password) refuse('The WXM base URL must not contain a user name or password.');
  if (url.search || url.hash) refuse('The WXM base URL must not contain a query (?…) or fragment (#…).');
  // People paste the API root they see in docs; every endpoint already lives under /api, so accept it.
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && path.toLowerCase() !== '/api') refuse('The WXM base URL must not contain a path.');
  const normalised = `${url.protocol}//${url.host}`;
  refuseOverlong(url.hostname, normalised);
  return normalised;
}

/** True when `url` is exactly what `normaliseBaseUrl` makes of it: a base URL we would have stored ourselves. */
export function isNormalBaseUrl(url: string): boolean {
  try {
    return url.trim() !== '' && normaliseBaseUrl(url) === url;
  } catch {
    return false;
  }
}

/**
 * Refuses to contact a base URL we would not have stored (read from a file, or passed by a caller that skipped
 * `normaliseBaseUrl`): before every request, so nothing reaches a host by plain http, through a path, or with credentials.
 */
export function assertContactable(url: string): void {
  if (!isNormalBaseUrl(url)) {
    throw new VaultError(
      'data-file',
      "The account's WXM base URL is not valid (it must be https://host, or http:// only to this machine), so WXM Vault did not contact it. Edit the account and enter the server again.",
    );
  }
}

/**
 * An international host name is stored in its punycode (xn--) form. Checked
 * here, on what we store, so an over-long name is refused where the user can
 * still fix it, instead of making the account list unreadable later.
 */
function refuseOverlong(hostname: string, normalised: string): void {
  const international = hostname.split('.').some((label) => label.startsWith('xn--'));
  const converted = international ? ' once converted to its international (xn--) form' : '';
  const shorter = 'Use a shorter host name (for international names, fewer characters or an ASCII alias of the same host).';
  if (hostname.length > MAX_HOST_LENGTH) {
    refuse(`The WXM base URL's host name is ${hostname.length} characters${converted}; at most ${MAX_HOST_LENGTH} are allowed. ${shorter}`);
  }
  const longest = Math.max(...hostname.split('.').map((label) => label.length));
  if (longest > MAX_LABEL_LENGTH) {
    refuse(
      `One part of the WXM base URL's host name (between dots) is ${longest} characters${converted}; at most ${MAX_LABEL_LENGTH} are allowed. ${shorter}`,
    );
  }
  if (normalised.length > MAX_BASE_URL_LENGTH) {
    refuse(`The WXM base URL is ${normalised.length} characters${converted}; at most ${MAX_BASE_URL_LENGTH} are allowed. ${shorter}`);
  }
}
