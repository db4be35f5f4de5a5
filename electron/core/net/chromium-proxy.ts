/**
 * Chromium's answer to "which proxy for this URL?" (Electron's
 * `session.resolveProxy`), a PAC-style list such as `PROXY proxy.corp:3128;
 * DIRECT`, as the URL-like name we show. The first entry is the one Chromium
 * tries first; its fallbacks are not shown.
 */
const SCHEMES: Record<string, string> = { PROXY: 'http', HTTPS: 'https', SOCKS: 'socks4', SOCKS4: 'socks4', SOCKS5: 'socks5', QUIC: 'quic' };

export function chromiumProxy(pac: string): string | null {
  const first = pac.split(';')[0]?.trim() ?? '';
  const [type = '', where = ''] = first.split(/\s+/);
  const scheme = SCHEMES[type.toUpperCase()];
  if (!scheme || !where) return null;
  // Chromium never puts credentials here; drop anything before an @ all the same.
  return `${scheme}://${where.slice(where.lastIndexOf('@') + 1)}`;
}
