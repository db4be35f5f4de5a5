/**
 * Serves the renderer bundle on app://vault instead of file://, so the page
 * has a real origin for sender checks and file:// keeps no extra powers.
 * The logic lives in protocol-handler.ts, which node tests drive.
 */
import { net, protocol } from 'electron';
import { APP_SCHEME } from '../../core/window/window-policy';
import { APP_SCHEME_PRIVILEGES, createBundleHandler } from './protocol-handler';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

export function serveRendererBundle(root: string): void {
  protocol.handle(
    APP_SCHEME,
    createBundleHandler(root, (fileUrl) => net.fetch(fileUrl)),
  );
}
