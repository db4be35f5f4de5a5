/**
 * Per-account WXM base URLs. WXM routes every station through one host
 * (wxm-api.md §1), so most accounts keep the default; a custom base exists for
 * proxies, staging hosts and our loopback test server.
 */
import { VaultError } from '../errors';

export const DEFAULT_BASE_URL = 'https://api.getcloudcherry.com';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

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
  return `${url.protocol}//${url.host}`;
}
