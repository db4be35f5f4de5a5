/**
 * scheme://host[:port] of a URL. WHATWG `URL.origin` is the opaque "null" for
 * schemes it does not know (our app://), which would make every app:// URL
 * look alike; Chromium treats a registered standard scheme as a real origin.
 */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
