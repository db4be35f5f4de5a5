/**
 * Scrubs secrets out of text before it reaches a log.
 *
 * Two layers, because either alone misses cases: every secret the core handles
 * is registered here by value (so it is caught wherever it turns up), and
 * patterns catch credential-shaped text we never saw (a token echoed back in
 * an error body, a form body in a stack trace).
 */
const PLACEHOLDER = '[REDACTED]';
/** Shorter values would redact ordinary words; real passwords, keys and tokens are longer. */
const MIN_REGISTERED_LENGTH = 4;

const PATTERNS: RegExp[] = [
  /(bearer\s+)[^\s"',;]+/gi,
  /(basic\s+)[A-Za-z0-9+/=]{8,}/gi,
  /((?:password|passwd|secret|api[_-]?key|access_token|token|authorization)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
];

export class Redactor {
  readonly #secrets = new Set<string>();

  register(secret: string | null | undefined): void {
    if (secret && secret.length >= MIN_REGISTERED_LENGTH) this.#secrets.add(secret);
  }

  forget(secret: string | null | undefined): void {
    if (secret) this.#secrets.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is removed whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(PLACEHOLDER);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join(PLACEHOLDER);
    }
    for (const pattern of PATTERNS) out = out.replace(pattern, `$1${PLACEHOLDER}`);
    return out;
  }
}
