/**
 * The one check on a path a user asks `wxm-vault api` to call: the account's
 * token goes only to its own base URL, so the path must stay under it. Refused
 * (before anything is sent): absolute URLs and anything scheme-like,
 * `//host`, `.` and `..` segments (also percent-encoded), encoded slashes and
 * backslashes, fragments, spaces and control characters.
 */
import { VaultError } from '../errors';

const MAX_PATH_LENGTH = 2000;

export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

function refuse(input: string, why: string): never {
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  throw new VaultError('bad-request', `"${shown}" is not a path under the account's base URL: ${why}. Give a path such as /api/Settings.`);
}

/** `/path[?query]` as sent after the base URL; a missing leading slash is added. Throws `bad-request` otherwise. */
export function apiPath(input: string): string {
  if (input.length === 0 || input.length > MAX_PATH_LENGTH) refuse(input, `it must be 1 to ${MAX_PATH_LENGTH} characters`);
  // Printable ASCII only: a space, tab, CR/LF or other control character could split or bend the request line.
  if (!/^[\x21-\x7e]+$/.test(input)) refuse(input, 'it holds spaces, control or non-ASCII characters (percent-encode them)');
  if (/^[a-z][a-z0-9+.-]*:/i.test(input)) refuse(input, 'absolute URLs are refused, so the token never leaves the base URL');
  if (input.startsWith('//')) refuse(input, 'a path starting with // names another host');
  if (input.includes('\\')) refuse(input, 'backslashes are refused');
  if (input.includes('#')) refuse(input, 'fragments (#…) are refused');
  const path = input.startsWith('/') ? input : `/${input}`;
  const [pathname = ''] = path.split('?', 1);
  if (/%(2f|5c)/i.test(pathname)) refuse(input, 'encoded slashes are refused');
  // `..;x` too: some servers drop a `;` parameter before resolving dots.
  const dots = pathname.split('/').some((segment) => /^(\.|%2e)+(;.*)?$/i.test(segment));
  if (dots) refuse(input, '. and .. segments are refused');
  return path;
}

/** The path and query to send after `baseUrl`, checked once more as the URL parser reads them: still the base URL's origin. */
export function pathUnder(baseUrl: string, path: string): string {
  const url = new URL(`${baseUrl}${apiPath(path)}`);
  if (url.origin !== new URL(baseUrl).origin) refuse(path, 'it would leave the base URL');
  return `${url.pathname}${url.search}`;
}
