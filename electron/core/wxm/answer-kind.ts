/**
 * What came back from a server that should be WXM. WXM answers every call we
 * make with small JSON; anything else (a proxy's sign-in page, a captive
 * portal, a web server behind a wrong base URL) must be named for what it is,
 * not read as "no token" or "no API key", whose next steps are wrong and, for
 * the API key, destructive. Only the kind of body is ever reported: a body
 * may echo the request, password and Authorization header included.
 */
import { VaultError } from '../errors';

export type AnswerKind = 'json' | 'html' | 'xml' | 'text' | 'empty' | 'oversized';

/** Why an answer is not WXM's: its kind, or JSON WXM never sends for this call. */
export type NotWxmKind = Exclude<AnswerKind, 'json'> | 'wrong-shape';

export interface Sniffed {
  kind: AnswerKind;
  /** The parsed body when `kind` is 'json'; undefined otherwise. */
  json: unknown;
}

/**
 * Classifies a body by what it is first and by its content type second: a
 * body that parses is JSON whatever the header claims (WXM's headers are not
 * documented), and one that does not is never read as WXM's.
 * `truncated` means the body went over the size cap and was cut off.
 */
export function sniffAnswer(text: string, contentType: string | null, truncated: boolean): Sniffed {
  if (truncated) return { kind: 'oversized', json: undefined };
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.length === 0) return { kind: 'empty', json: undefined };
  try {
    return { kind: 'json', json: JSON.parse(body) as unknown };
  } catch {
    // Not JSON: say what it looks like instead.
  }
  const type = (contentType ?? '').toLowerCase();
  if (/html/.test(type) || /^<(!doctype\s+html|html|head|body|title)\b/i.test(body)) return { kind: 'html', json: undefined };
  if (/xml/.test(type) || body.startsWith('<')) return { kind: 'xml', json: undefined };
  return { kind: 'text', json: undefined };
}

/** Kinds no WXM answer ever has, whatever its status: markup, or a body over the cap. */
export function neverWxm(kind: AnswerKind): kind is 'html' | 'xml' | 'oversized' {
  return kind === 'html' || kind === 'xml' || kind === 'oversized';
}

function describe(kind: NotWxmKind, maxBytes: number): string {
  switch (kind) {
    case 'html':
      return "an HTML page, not WXM's JSON (a proxy's sign-in or error page looks like this)";
    case 'xml':
      return "an XML document, not WXM's JSON";
    case 'text':
      return "plain text, not WXM's JSON";
    case 'empty':
      return "an empty answer, not WXM's JSON";
    case 'oversized':
      return `an answer too large to be WXM's (over ${Math.round(maxBytes / 1024)} KiB)`;
    case 'wrong-shape':
      return "JSON that is not shaped like WXM's answer";
  }
}

export interface NotWxmContext {
  /** host[:port] of the base URL. */
  host: string;
  /** What we asked, in words: "log in ops@acme", "read the API key for ops@acme". */
  asked: string;
  kind: NotWxmKind;
  maxBytes: number;
  /** The step after fixing the base URL or proxy; "try again" unless repeating the call could do harm. */
  then?: string;
}

/**
 * The error for an answer that is not WXM's. Deliberately not an auth failure
 * and not a 401: a proxy page must neither park the account as needing a new
 * password nor trigger a re-login.
 */
export function notWxm({ host, asked, kind, maxBytes, then = 'then try again' }: NotWxmContext): VaultError {
  return new VaultError(
    'not-wxm',
    `${host} did not answer like WXM when asked to ${asked}: it sent ${describe(kind, maxBytes)}. ` +
      `Check the account's base URL, or your proxy (it may want you to sign in), ${then}.`,
  );
}
