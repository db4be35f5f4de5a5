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
  // `\\?` before a quote: inside a serialised JSON log line, an echoed JSON body's quotes are escaped.
  /((?:password|passwd|secret|api[_-]?key|access_token|refresh_token|token|authorization)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)[^\s"'&,;}\\]+/gi,
];

/**
 * The forms a secret takes in text we log: as is, URL-encoded (query or form body, both
 * flavours), and JSON-escaped (the logger redacts serialised JSON lines, where a quote,
 * backslash or control character in a password appears escaped).
 */
function encodings(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1),
  ]);
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

export class Redactor {
  readonly #secrets = new Set<string>();

  register(secret: string | null | undefined): void {
    if (secret && secret.length >= MIN_REGISTERED_LENGTH) this.#secrets.add(secret);
  }

  forget(secret: string | null | undefined): void {
    if (secret) this.#secrets.delete(secret);
  }

  /** Forgets every registered value (lock): nothing of a locked vault's secrets stays in this process's memory here. */
  clear(): void {
    this.#secrets.clear();
  }

  /** How many values are registered (tests prove a lock empties it). */
  get size(): number {
    return this.#secrets.size;
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is removed whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      for (const form of encodings(secret)) out = out.split(form).join(PLACEHOLDER);
    }
    for (const pattern of PATTERNS) out = out.replace(pattern, `$1${PLACEHOLDER}`);
    return out;
  }
}
