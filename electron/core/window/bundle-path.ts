/**
 * Maps an app://vault/… request to a file inside the renderer bundle, or null.
 * Decoding happens before the containment check so `%2e%2e` tricks cannot
 * climb out; paths are compared after resolution, never by prefix of the raw URL.
 * resolveBundlePath is lexical only; realBundleFile then follows symlinks, since
 * a link inside the bundle can lead anywhere on disk.
 */
import { realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { originOf } from '../../common/origin';
import { CONTENT_SECURITY_POLICY } from './window-policy';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function resolveBundlePath(root: string, requestUrl: string, expectedOrigin: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (originOf(url) !== expectedOrigin) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${pathname}`);
  return isServable(base, file) ? file : null;
}

function isServable(base: string, file: string): boolean {
  return file.startsWith(base + sep) && extname(file) in TYPES;
}

/**
 * The real path of `file` (from resolveBundlePath) if it is still inside the
 * bundle's real folder once every symlink is followed, else null. The root is
 * resolved too, so an install reached through a linked folder still works.
 * Callers open the returned path, not `file`, so what was checked is what is read.
 * (Electron's fs follows links inside app.asar as well.)
 */
export async function realBundleFile(root: string, file: string): Promise<string | null> {
  try {
    const [base, real] = await Promise.all([realpath(root), realpath(file)]);
    return isServable(base, real) ? real : null;
  } catch {
    // Missing or unreadable: the caller answers 404 either way.
    return null;
  }
}

export function contentTypeFor(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/** The headers every bundle file is served with, in either shell: our CSP travels with each response. */
export function bundleResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': contentTypeFor(file),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  };
}

/**
 * The file a request to `origin` may be answered with (GET only, inside the
 * bundle once symlinks are followed), or null for a 404. Both shells serve
 * through this: Electron's app:// handler and the browser shell's interception.
 */
export async function servableBundleFile(root: string, request: { url: string; method?: string }, origin: string): Promise<string | null> {
  if (request.method && request.method !== 'GET') return null;
  const requested = resolveBundlePath(root, request.url, origin);
  return requested && (await realBundleFile(root, requested));
}
