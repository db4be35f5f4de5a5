/**
 * The browser shell's fences, as plain data and pure functions so node tests
 * check them without a browser; launch.ts wires them onto Playwright.
 *
 * The page is served from one https origin under the reserved `.invalid`
 * domain (RFC 2606): nothing resolves it and nothing listens for it; every
 * request to it is answered from the bundle by interception. https makes the
 * page a secure context, and the origin is what the dispatcher trusts.
 */
import { originOf } from '../common/origin';

export const BROWSER_ORIGIN = 'https://wxm-vault.invalid';
export const ENTRY_URL = `${BROWSER_ORIGIN}/index.html`;

/** What the app window shows for the moment before interception is on (as carlo does): a blank page with our title. */
export const PLACEHOLDER_URL = 'data:text/html,<title>WXM Vault</title>';

/**
 * The names the page bridge and the shell agree on (window globals in the page's main world). The bindings
 * (page-binding.ts) are taken off window by the bridge before any page script runs; the reply and event
 * functions stay, as the shell calls them by name.
 */
export const INVOKE_BINDING = '__wxmVaultInvoke';
export const REPLY_FUNCTION = '__wxmVaultReply';
export const EMIT_FUNCTION = '__wxmVaultEmit';
/** Present only when the idle lock counts input in the window (no OS idle time): the page reports a key or pointer event. */
export const ACTIVITY_BINDING = '__wxmVaultActivity';
/** The page reports input at most this often: the idle lock polls every 15 s and counts minutes. */
export const ACTIVITY_REPORT_MS = 1000;

export interface RequestFacts {
  url: string;
  isNavigation: boolean;
  /** Whether the request is for the top frame of the app page (not a subframe, not another page). */
  isAppMainFrame: boolean;
}

/**
 * - `bundle`: answer from the renderer bundle (a 404 if no such file).
 * - `refuse-navigation`: abort as "aborted", which Chromium drops without an
 *   error page, so the app stays on screen (like preventDefault on will-navigate).
 * - `refuse`: abort as "blocked by client".
 */
export type RequestDecision = 'bundle' | 'refuse-navigation' | 'refuse';

/** The origin of a URL string, or null for one that does not parse. */
export function originOrNull(url: string): string | null {
  try {
    return originOf(new URL(url));
  } catch {
    return null;
  }
}

function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i === -1 ? url : url.slice(0, i);
}

export function decideRequest(request: RequestFacts): RequestDecision {
  const ours = originOrNull(request.url) === BROWSER_ORIGIN;
  if (request.isNavigation) {
    // As in the Electron window (isAllowedNavigation: never), the page navigates nowhere; the one
    // navigation is the app page loading, or reloading, our entry document.
    const load = ours && request.isAppMainFrame && withoutHash(request.url) === ENTRY_URL;
    return load ? 'bundle' : 'refuse-navigation';
  }
  return ours ? 'bundle' : 'refuse';
}
