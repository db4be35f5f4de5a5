/**
 * The WXM HTTP client: one request per call, no retries, no state. Token
 * caching and the "one re-login on 401" rule live in the accounts layer,
 * which knows which account a call belongs to.
 */
import type { AuthMode } from '../../common/ipc-contract';
import { VaultError } from '../errors';
import { apiFailure, loginFailure, networkFailure, WxmHttpError } from './errors';
import { assertContactable } from './base-url';
import { parseLoginResponse, type LoginResult } from './login-response';

export interface WxmCredentials {
  username: string;
  /** Password or API key: WXM takes either in the password field. */
  secret: string;
  mode: AuthMode;
  /** Two-factor code; sent as `username#otp` (wxm-api.md §2.1). */
  otp?: string | undefined;
}

export interface WxmClientOptions {
  /** Per request, including reading the body. */
  timeoutMs?: number;
  /** Largest body we read; WXM answers here are tiny. */
  maxBodyBytes?: number;
}

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

export class WxmClient {
  readonly timeoutMs: number;
  readonly #maxBodyBytes: number;

  constructor(options: WxmClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  }

  async login(baseUrl: string, creds: WxmCredentials, now: () => number): Promise<LoginResult> {
    const form = new URLSearchParams({
      grant_type: 'password',
      username: creds.otp ? `${creds.username}#${creds.otp}` : creds.username,
      password: creds.secret,
    });
    const answer = await this.#send(baseUrl, '/api/LoginToken', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
    });
    if (answer.status !== 200) throw loginFailure(answer.status, answer.body, creds.username, creds.mode, answer.retryAfter);
    return parseLoginResponse(answer.body, now());
  }

  /** GET /api/GetAPIKey answers with a JSON string (wxm-api.md §2.3). */
  async getApiKey(baseUrl: string, token: string, who: string): Promise<string> {
    const none = () => new VaultError('not-found', `WXM has no API key for ${who}. Use "Generate new API key" to create one.`);
    let body: unknown;
    try {
      body = await this.#authed(baseUrl, '/api/GetAPIKey', token, who, 'read the API key');
    } catch (error) {
      // Cisco's own client reads any non-2xx here as "No API Key found" (wxm-api.md §2.3).
      if (error instanceof WxmHttpError && error.status === 404) throw none();
      throw error;
    }
    const key = apiKeyFrom(body);
    if (!key) throw none();
    return key;
  }

  /**
   * GET /api/GenerateAPIKey. Its answer is undocumented: we GUESS it matches
   * GetAPIKey (a JSON string) and also accept an object with a key-like field.
   */
  async generateApiKey(baseUrl: string, token: string, who: string): Promise<string> {
    const body = await this.#authed(baseUrl, '/api/GenerateAPIKey', token, who, 'generate an API key');
    const key = apiKeyFrom(body);
    if (!key) {
      throw new VaultError(
        'server-error',
        `WXM generated an API key for ${who} but did not return it. Use "Fetch API key" to read it from WXM.`,
      );
    }
    return key;
  }

  /** GET /api/Settings: a cheap "who am I" that proves a token works. */
  async settings(baseUrl: string, token: string, who: string): Promise<{ user: string | null }> {
    const body = await this.#authed(baseUrl, '/api/Settings', token, who, 'read its settings');
    const user = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['user'] : null;
    return { user: typeof user === 'string' ? user : null };
  }

  async #authed(baseUrl: string, path: string, token: string, who: string, what: string): Promise<unknown> {
    const answer = await this.#send(baseUrl, path, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    if (answer.status !== 200) throw apiFailure(answer.status, who, what, answer.retryAfter);
    return answer.body;
  }

  async #send(baseUrl: string, path: string, init: RequestInit): Promise<Answer> {
    assertContactable(baseUrl);
    const host = new URL(baseUrl).host;
    let response: Response;
    let text: string;
    try {
      // A redirect could carry the form (and password) to another host: never follow one.
      response = await fetch(`${baseUrl}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
      text = await readCapped(response, this.#maxBodyBytes);
    } catch (error) {
      throw networkFailure(error, host, this.timeoutMs);
    }
    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
  }
}

function apiKeyFrom(body: unknown): string | null {
  const ok = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1024 && !/\s/.test(v);
  if (ok(body)) return body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body)) if (/^(api_?key|key|value)$/i.test(k) && ok(v)) return v;
  }
  return null;
}

async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // Leaving the loop cancels the stream; a truncated body then fails JSON parsing and reads as "no body".
    if (size > max) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
