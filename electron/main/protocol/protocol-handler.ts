/**
 * What app://vault serves, without Electron: app-protocol.ts registers these
 * with Electron's protocol module; node tests call them directly.
 */
import { pathToFileURL } from 'node:url';
import { bundleResponseHeaders, servableBundleFile } from '../../core/window/bundle-path';
import { APP_ORIGIN } from '../../core/window/window-policy';

/**
 * A standard, secure scheme gives the page a real origin (for sender checks) and
 * a secure context. Every other privilege stays off: nothing bypasses our CSP,
 * no service workers, no fetch/CORS from other origins, no extensions.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  supportFetchAPI: false,
  corsEnabled: false,
  stream: false,
  codeCache: false,
  allowExtensions: false,
} as const;

/** Serves files inside `root` (symlinks followed, and must stay inside) for GET requests to our origin; everything else is a 404 that names nothing. */
export function createBundleHandler(
  root: string,
  fetchFile: (fileUrl: string) => Promise<Response>,
): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    const file = await servableBundleFile(root, request, APP_ORIGIN);
    if (!file) return new Response('Not found', { status: 404 });
    const upstream = await fetchFile(pathToFileURL(file).toString());
    if (!upstream.ok) return new Response('Not found', { status: 404 });
    return new Response(upstream.body, { status: 200, headers: bundleResponseHeaders(file) });
  };
}
