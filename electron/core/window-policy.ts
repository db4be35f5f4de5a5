import { originOf } from '../common/origin';

/**
 * Security settings for the one window, kept as plain data so tests can check
 * them without Electron. Every option is set explicitly, even where Electron's
 * default already matches: a default can change between versions, and the
 * scanner (Electronegativity) treats an omitted option as off.
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

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Middle-click would open links in a new window; we allow no new windows.
    disableBlinkFeatures: 'Auxclick',
    safeDialogs: true,
  } as const;
}

/** The page is a single-page app: it never navigates anywhere, not even within our origin. */
export function isAllowedNavigation(_url: string): boolean {
  return false;
}

/** Our pages are served from app://vault only; anything else is refused as a sender or a load. */
export function isAppOrigin(url: string): boolean {
  try {
    return originOf(new URL(url)) === APP_ORIGIN;
  } catch {
    return false;
  }
}
