/**
 * The WXM HTTP client: one request per call, no retries, no state. Token
 * caching and the "one re-login on 401" rule live in the accounts layer,
 * which knows which account a call belongs to.
 */
import type { AuthMode } from '../../common/ipc-contract';
import { VaultError } from '../errors';
import { neverWxm, notWxm, sniffAnswer, type AnswerKind, type NotWxmKind } from './answer-kind';
import { pathUnder, type ApiMethod } from './api-path';
import { assertContactable } from './base-url';
import type { FetchResponse, HttpTransport } from '../net/http-transport';
import { defaultNodeTransport } from '../net/node-transport';
import { apiFailure, loginFailure } from './errors';
import { parseLoginResponse, type LoginResult } from './login-response';
import { networkFailure, redirectRefused } from './network-failure';

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
  /** What carries the HTTP: Electron's net.fetch in the app; undici with HTTPS_PROXY / NODE_EXTRA_CA_CERTS under plain Node (the default). */
  transport?: HttpTransport;
}

interface Answer {
  status: number;
  kind: AnswerKind;
  /** The parsed JSON; null unless `kind` is 'json'. */
  body: unknown;
  retryAfter: string | null;
  host: string;
}

/** A request the user composed (`wxm-vault api`): any method, a path under the base URL, an optional JSON body. */
export interface ApiRequest {
  method: ApiMethod;
  path: string;
  body?: string;
}

/** WXM's answer as it came, for the user to read: any status but 401 (which the token layer handles). */
export interface ApiAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

interface RawAnswer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  text: string;
  truncated: boolean;
  host: string;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
/** Largest answer `request` reads: API listings are far bigger than login answers, but a script's memory is not endless. */
export const API_MAX_BODY_BYTES = 32 * 1024 * 1024;

export class WxmClient {
  readonly timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #transport: HttpTransport;

  constructor(options: WxmClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
    this.#transport = options.transport ?? defaultNodeTransport();
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
    const asked = `log in ${creds.username}`;
    if (answer.status !== 200) {
      // A proxy page must not read as a rejected password: that would park the account.
      if (neverWxm(answer.kind)) throw this.#notWxm(answer, asked, answer.kind);
      throw loginFailure(answer.status, answer.body, creds.username, creds.mode, answer.retryAfter);
    }
    if (answer.kind !== 'json') throw this.#notWxm(answer, asked, answer.kind);
    const result = parseLoginResponse(answer.body, now());
    if (!result) throw this.#notWxm(answer, asked, 'wrong-shape');
    return result;
  }

  /** GET /api/GetAPIKey answers with a JSON string (wxm-api.md §2.3). */
  async getApiKey(baseUrl: string, token: string, who: string): Promise<string> {
    const none = () => new VaultError('not-found', `WXM has no API key for ${who}. Use "Generate new API key" to create one.`);
    const what = 'read the API key';
    const answer = await this.#get(baseUrl, '/api/GetAPIKey', token, who, what);
    // Cisco's own client reads a non-2xx or a null here as "No API Key found" (wxm-api.md §2.3).
    if (answer.status === 404) throw none();
    const body = this.#json(answer, who, what);
    if (body === null || body === '') throw none();
    const key = apiKeyFrom(body);
    if (!key) throw this.#notWxm(answer, `${what} for ${who}`, 'wrong-shape');
    return key;
  }

  /**
   * GET /api/GenerateAPIKey. Its answer is undocumented: we GUESS it matches
   * GetAPIKey (a JSON string) and also accept an object with a key-like field.
   */
  async generateApiKey(baseUrl: string, token: string, who: string): Promise<string> {
    const what = 'generate an API key';
    // Whether WXM made a key behind a page we cannot read is unknown: fetching shows it, generating again could revoke one more.
    const answer = await this.#get(baseUrl, '/api/GenerateAPIKey', token, who, what);
    const body = this.#json(answer, who, what, 'then use "Fetch API key" to read the current key');
    const key = apiKeyFrom(body);
    if (!key) {
      throw new VaultError('server-error', `WXM generated an API key for ${who} but did not return it. Use "Fetch API key" to read it from WXM.`);
    }
    return key;
  }

  /** GET /api/Settings: a cheap "who am I" that proves a token works. */
  async settings(baseUrl: string, token: string, who: string): Promise<{ user: string | null }> {
    const body = await this.#authed(baseUrl, '/api/Settings', token, who, 'read its settings');
    const user = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['user'] : null;
    return { user: typeof user === 'string' ? user : null };
  }

  /**
   * Any authenticated request to a path under the base URL (`apiUrl` refuses every other, before anything is sent).
   * A 401 throws (status 401) so the token layer can log in once more; every other answer is returned as it came.
   */
  async request(baseUrl: string, request: ApiRequest, token: string, who: string): Promise<ApiAnswer> {
    const path = pathUnder(baseUrl, request.path);
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const init = { method: request.method, headers, ...(request.body !== undefined ? { body: request.body } : {}) };
    const answer = await this.#exchange(baseUrl, path, init, API_MAX_BODY_BYTES);
    const what = `${request.method} ${path}`;
    if (answer.status === 401) throw apiFailure(401, who, what);
    if (answer.truncated) {
      throw new VaultError(
        'server-error',
        `WXM's answer to ${what} is larger than ${API_MAX_BODY_BYTES / 1024 / 1024} MB, more than wxm-vault reads. Ask for less (a filter or a page).`,
      );
    }
    // Never our token back to whoever prints the answer: a proxy's error page may echo the Authorization header.
    return { status: answer.status, contentType: answer.contentType, body: answer.text.split(token).join('[REDACTED]') };
  }

  async #authed(baseUrl: string, path: string, token: string, who: string, what: string): Promise<unknown> {
    return this.#json(await this.#get(baseUrl, path, token, who, what), who, what);
  }

  /** An authenticated GET; answers other than 200 and 404 become errors here. */
  async #get(baseUrl: string, path: string, token: string, who: string, what: string): Promise<Answer> {
    const answer = await this.#send(baseUrl, path, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    // A 404 page from a proxy or web server is not WXM's "nothing here".
    if (answer.status === 404 && neverWxm(answer.kind)) throw this.#notWxm(answer, `${what} for ${who}`, answer.kind);
    if (answer.status !== 200 && answer.status !== 404) throw apiFailure(answer.status, who, what, answer.retryAfter);
    return answer;
  }

  /** The JSON body of a 200 answer; anything else is not WXM's. */
  #json(answer: Answer, who: string, what: string, then?: string): unknown {
    if (answer.status !== 200) throw apiFailure(answer.status, who, what, answer.retryAfter);
    if (answer.kind !== 'json') throw this.#notWxm(answer, `${what} for ${who}`, answer.kind, then);
    return answer.body;
  }

  #notWxm(answer: Answer, asked: string, kind: NotWxmKind, then?: string): VaultError {
    return notWxm({ host: answer.host, asked, kind, maxBytes: this.#maxBodyBytes, ...(then ? { then } : {}) });
  }

  async #send(baseUrl: string, path: string, init: SendInit): Promise<Answer> {
    const raw = await this.#exchange(baseUrl, path, init, this.#maxBodyBytes);
    const { kind, json } = sniffAnswer(raw.text, raw.contentType, raw.truncated);
    return { status: raw.status, kind, body: kind === 'json' ? json : null, retryAfter: raw.retryAfter, host: raw.host };
  }

  async #exchange(baseUrl: string, path: string, init: SendInit, maxBytes: number): Promise<RawAnswer> {
    assertContactable(baseUrl);
    const host = new URL(baseUrl).host;
    const url = `${baseUrl}${path}`;
    let response: FetchResponse;
    let read: { text: string; truncated: boolean };
    try {
      // A redirect could carry the form (and password) to another host: never follow one.
      response = await this.#transport.fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
      // Our own check, whatever fetch runs: an answer from wherever a redirect led is never read as WXM's.
      if (response.redirected) {
        await response.body?.cancel().catch(() => {});
        throw redirectRefused(await this.#context(url, host));
      }
      read = await readCapped(response, maxBytes);
    } catch (error) {
      if (error instanceof VaultError) throw error;
      throw networkFailure(error, await this.#context(url, host));
    }
    const header = (name: string) => response.headers.get(name);
    return { status: response.status, contentType: header('content-type'), retryAfter: header('retry-after'), host, ...read };
  }

  async #context(url: string, host: string) {
    const route = await this.#transport.proxyFor(url).catch(() => ({ proxy: null }));
    return { host, timeoutMs: this.timeoutMs, ...route, source: this.#transport.source };
  }
}

interface SendInit {
  method: ApiMethod;
  headers: Record<string, string>;
  body?: string;
}

function apiKeyFrom(body: unknown): string | null {
  const ok = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1024 && !/\s/.test(v);
  if (ok(body)) return body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body)) if (/^(api_?key|key|value)$/i.test(k) && ok(v)) return v;
  }
  return null;
}

async function readCapped(response: FetchResponse, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // Leaving the loop cancels the stream: the rest is never downloaded.
    if (size > max) return { text: '', truncated: true };
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
