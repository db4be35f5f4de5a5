/**
 * Serves the renderer bundle on app://vault instead of file://, so the page
 * has a real origin for sender checks and file:// keeps no extra powers.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentTypeFor, resolveBundlePath } from '../core/bundle-path';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY } from '../core/window-policy';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
  ]);
}

export function serveRendererBundle(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveBundlePath(root, request.url, APP_ORIGIN);
    if (!file) return new Response('Not found', { status: 404 });
    const upstream = await net.fetch(pathToFileURL(file).toString());
    return new Response(upstream.body, {
      status: upstream.status,
      headers: {
        'content-type': contentTypeFor(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
