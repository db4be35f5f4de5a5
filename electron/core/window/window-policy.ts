import { originOf } from '../../common/origin';

/**
 * Security policy for the one window, kept as plain data so tests can check it
 * without Electron. The window's webPreferences are written out literally in
 * electron/main/window/fences.ts (openMainWindow), where Electronegativity can see them.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'vault';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * All HTTP happens in main, so the page may connect nowhere. No inline script;
 * styles come from our own bundled stylesheet only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The page is a single-page app: it never navigates anywhere, not even within our origin. */
export function isAllowedNavigation(_url: string): boolean {
  return false;
}

/**
 * The one download we allow: the account-list export, which our own page
 * makes as a blob: URL (blob:app://vault/<uuid>). Anything else, including a
 * blob minted by some other origin or any network URL, is refused.
 */
export function isAllowedDownload(url: string): boolean {
  if (!url.startsWith('blob:')) return false;
  try {
    const inner = new URL(url.slice('blob:'.length));
    return originOf(inner) === APP_ORIGIN && /^\/[0-9a-f-]{36}$/i.test(inner.pathname);
  } catch {
    return false;
  }
}
