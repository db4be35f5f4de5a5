/**
 * Maps an app://vault/… request to a file inside the renderer bundle, or null.
 * Decoding happens before the containment check so `%2e%2e` tricks cannot
 * climb out; paths are compared after resolution, never by prefix of the raw URL.
 */
import { extname, resolve, sep } from 'node:path';
import { originOf } from '../common/origin';

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
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (!(extname(file) in TYPES)) return null;
  return file;
}

export function contentTypeFor(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}
