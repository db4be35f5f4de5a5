/**
 * Access tokens, in memory only (never on disk, never in the keychain).
 *
 * One login at a time per account: concurrent callers share the login in
 * flight. Tokens count as stale a few minutes before WXM's expiry so a copied
 * token does not die in the user's hands; the margin shrinks for short-lived
 * tokens so a 2-minute token is still usable for most of its life.
 */
import { VaultError } from '../errors';
import type { LoginResult } from '../wxm/login-response';

export interface CachedToken {
  token: string;
  expiresAt: number;
  /** From here on we log in again instead of handing this token out. */
  refreshAt: number;
}

const MAX_MARGIN_MS = 5 * 60 * 1000;

/** 5 minutes, or a quarter of the lifetime when that is shorter. */
export function refreshMargin(lifetimeMs: number): number {
  return Math.max(0, Math.min(MAX_MARGIN_MS, Math.floor(lifetimeMs / 4)));
}

export class TokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inflight = new Map<string, Promise<string>>();
  /** Bumped by `invalidate`: a login that started before it must not store its token. */
  readonly #generation = new Map<string, number>();

  /** `onForget` hears every token the cache drops, so it can stop being remembered elsewhere (the log redactor). */
  constructor(
    private readonly now: () => number,
    private readonly onForget: (token: string) => void = () => {},
  ) {}

  /** The token while WXM still accepts it (for display), fresh or not. */
  peek(id: string): CachedToken | null {
    const t = this.#tokens.get(id);
    return t && this.now() < t.expiresAt ? t : null;
  }

  /** A token worth handing out, or null. */
  fresh(id: string): string | null {
    const t = this.#tokens.get(id);
    return t && this.now() < t.refreshAt ? t.token : null;
  }

  inflight(id: string): Promise<string> | null {
    return this.#inflight.get(id) ?? null;
  }

  /**
   * Returns a fresh token, joining a login in flight or starting exactly one.
   * If the cache was invalidated meanwhile (lock, edit, remove), the login's
   * token is dropped and every waiter gets an `interrupted` error: a token
   * obtained before a lock must not reach the clipboard after it.
   */
  get(id: string, login: () => Promise<LoginResult>): Promise<string> {
    const token = this.fresh(id);
    if (token) return Promise.resolve(token);
    const running = this.#inflight.get(id);
    if (running) return running;
    const generation = this.#generation.get(id) ?? 0;
    const p: Promise<string> = Promise.resolve()
      .then(login)
      .then((result) => {
        if ((this.#generation.get(id) ?? 0) !== generation) {
          this.onForget(result.accessToken);
          throw new VaultError(
            'interrupted',
            'WXM Vault locked, or the account changed, while it was logging in, so the new token was dropped. Try again.',
          );
        }
        this.put(id, result);
        return result.accessToken;
      })
      .finally(() => {
        if (this.#inflight.get(id) === p) this.#inflight.delete(id);
      });
    this.#inflight.set(id, p);
    return p;
  }

  put(id: string, result: LoginResult): void {
    const previous = this.#tokens.get(id);
    if (previous && previous.token !== result.accessToken) this.onForget(previous.token);
    const lifetime = result.expiresAt - result.issuedAt;
    this.#tokens.set(id, { token: result.accessToken, expiresAt: result.expiresAt, refreshAt: result.expiresAt - refreshMargin(lifetime) });
  }

  /** Drops the token WXM just rejected, unless a newer one already replaced it. */
  reject(id: string, token: string): void {
    if (this.#tokens.get(id)?.token === token) {
      this.#tokens.delete(id);
      this.onForget(token);
    }
  }

  /** Forgets the account's token and detaches any login in flight (credentials changed or account removed). */
  invalidate(id: string): void {
    const dropped = this.#tokens.get(id);
    if (dropped) this.onForget(dropped.token);
    this.#tokens.delete(id);
    this.#inflight.delete(id);
    this.#generation.set(id, (this.#generation.get(id) ?? 0) + 1);
  }

  clear(): string[] {
    const ids = [...new Set([...this.#tokens.keys(), ...this.#inflight.keys()])];
    for (const id of ids) this.invalidate(id);
    return ids;
  }
}
