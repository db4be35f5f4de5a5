/**
 * A WXM sandbox on 127.0.0.1 (random port unless `port` says): the tests' WXM
 * server and `npm run demo`'s, so the demo runs what the tests prove. It follows
 * WXM's documented contract (https://xm.webex.com/docs/dev/authentication/):
 * form-encoded LoginToken with a password or API key, Bearer-checked GetAPIKey /
 * GenerateAPIKey / Settings, the ASP.NET 401 text after expiry, OWIN-style
 * {error, error_description} login errors.
 *
 * Never part of the app: eslint.layers.js lets only tests, benchmarks and
 * electron/demo import it.
 *
 * Everything a test needs to provoke is a knob: token lifetime, users (2FA via
 * `username#otp`, locked), wrong-password status (WXM's is unknown: 400 or 401),
 * forced 429/5xx, answers no WXM sends (a proxy's HTML page, unquoted text, an
 * empty or oversized body, JSON of the wrong shape), artificial delay, lock-out
 * after N failures. It counts every login attempt per user so tests can assert
 * "N concurrent requests -> 1 login".
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { notWxmAnswer, type NotWxmAnswer } from './not-wxm-answers';

export { OVERSIZED_BYTES, type NotWxmAnswer } from './not-wxm-answers';

export interface WxmUser {
  username: string;
  password: string;
  apiKey?: string | null;
  email?: string;
  role?: string;
  station?: string;
  /** When set, the account has two-factor login: LoginToken needs username `name#<otp>`. */
  otp?: string;
  /**
   * Two-factor by e-mail or SMS: a login with the right password and no code makes the server "send" a new code
   * (see `sentCodes`), and only the newest sent code is accepted. Without it, `otp` is a fixed authenticator-style code.
   */
  sendsCodes?: boolean;
  locked?: boolean;
  /** This user's token lifetime in seconds, instead of the server's `tokenLifetimeSeconds`. */
  tokenLifetimeSeconds?: number;
}

export type WxmEndpoint = 'LoginToken' | 'GetAPIKey' | 'GenerateAPIKey' | 'Settings';

export interface WxmServerOptions {
  users?: WxmUser[];
  /** Lifetime of new tokens, in seconds. Default 43199 (12 h, as the docs' older example). */
  tokenLifetimeSeconds?: number;
  /** The server's clock; share a test's fake clock so `.expires` and expiry checks agree with it. */
  now?: () => number;
  /** Status for a wrong password or API key (undocumented in WXM). Default 400. */
  wrongPasswordStatus?: 400 | 401;
  /** GenerateAPIKey's answer shape (undocumented in WXM): a JSON string, or `{ "apiKey": "…" }`. */
  generateShape?: 'string' | 'object';
  /** Delay before every answer, in ms. */
  delayMs?: number;
  /** Lock a user after this many failed logins in a row, as WXM's lock-out does. 0 = never. */
  lockAfterFailures?: number;
  /** Serve HTTPS with this key and certificate (see test/harness/test-pki.ts) instead of plain HTTP. */
  tls?: { key: string; cert: string };
  /** Listen on this port of 127.0.0.1 (the demo keeps one across starts, as its accounts store the URL). Default: a free one. */
  port?: number;
  /** Called as each two-factor code is "e-mailed" to a `sendsCodes` user (the demo prints it). */
  onCodeSent?: (username: string, code: string) => void;
}

export interface LoginAttempt {
  /** The account name, with any `#otp` suffix removed. */
  username: string;
  outcome: 'ok' | 'wrong-secret' | 'two-factor' | 'locked' | 'unknown-user' | 'bad-request' | 'forced';
  usedApiKey: boolean;
}

export interface RequestRecord {
  method: string;
  endpoint: WxmEndpoint | 'other';
  status: number;
  /** The token's owner, for authenticated calls with a known token. */
  user: string | null;
}

interface TokenEntry {
  username: string;
  expiresAt: number;
  revoked: boolean;
}

interface ForcedNotWxm {
  kind: NotWxmAnswer;
  status: number;
  endpoint: WxmEndpoint | null;
  remaining: number;
}

interface ForcedFailure {
  status: number;
  endpoint: WxmEndpoint | null;
  remaining: number;
  retryAfter: string | null;
}

export const DENIED_MESSAGE = 'Authorization has been denied for this request.';

export interface WxmTestServer {
  /** e.g. `http://127.0.0.1:41234` (`https://` with `tls`): use as an account's base URL. */
  readonly baseUrl: string;
  /** Live options: change lifetime, delay, statuses between requests. */
  readonly options: Required<Omit<WxmServerOptions, 'users' | 'tls' | 'port' | 'onCodeSent'>>;
  addUser(user: WxmUser): void;
  updateUser(username: string, patch: Partial<WxmUser>): void;
  user(username: string): WxmUser | undefined;
  /** The next `count` requests (to `endpoint`, or any) fail with `status` (429 or 5xx). */
  failNext(status: number, opts?: { count?: number; endpoint?: WxmEndpoint; retryAfter?: string }): void;
  /**
   * The next `count` requests (to `endpoint`, or any) get an answer WXM never sends (HTTP 200 unless
   * `status` says otherwise). The HTML page and the text echo the request's password and
   * Authorization header, as some proxies echo what they refused, so tests can check none of it is shown.
   */
  answerNotLikeWxm(kind: NotWxmAnswer, opts?: { count?: number; endpoint?: WxmEndpoint; status?: number }): void;
  /** Make every token (of one user, or all) answer 401 from now on, as after expiry or logout. */
  revokeTokens(username?: string): void;
  /** Every LoginToken attempt (successful or not) for a user, or for everyone. */
  loginAttempts(username?: string): number;
  loginSuccesses(username?: string): number;
  /** Tokens issued (newest last), of one user or everyone, so tests can compare what reached the clipboard with what WXM handed out. */
  issuedTokens(username?: string): string[];
  readonly logins: readonly LoginAttempt[];
  readonly requests: readonly RequestRecord[];
  /** Decoded form fields of every LoginToken request, to check encoding. Holds secrets: never log it. */
  readonly loginForms: readonly Record<string, string>[];
  /** Two-factor codes "e-mailed" to `sendsCodes` users, oldest first. */
  sentCodes(username?: string): string[];
  resetCounts(): void;
  close(): Promise<void>;
}

const TWO_FACTOR_REQUIRED = 'Valid Two Factor Secure Code Required, Enter Code Received';
const TWO_FACTOR_INVALID = 'Invalid Two Factor Secure Code, Check For Code Sent To Your Email/Phone Or Contact Your Administrator';
const LOCKED = 'Your account has been locked out. Please contact your administrator for a fresh password or try reset password';

function endpointOf(path: string): WxmEndpoint | 'other' {
  const p = path.toLowerCase();
  if (p === '/api/logintoken') return 'LoginToken';
  if (p === '/api/getapikey') return 'GetAPIKey';
  if (p === '/api/generateapikey') return 'GenerateAPIKey';
  if (p === '/api/settings') return 'Settings';
  return 'other';
}

export async function startWxmServer(init: WxmServerOptions = {}): Promise<WxmTestServer> {
  const options: WxmTestServer['options'] = {
    tokenLifetimeSeconds: init.tokenLifetimeSeconds ?? 43199,
    now: init.now ?? Date.now,
    wrongPasswordStatus: init.wrongPasswordStatus ?? 400,
    generateShape: init.generateShape ?? 'string',
    delayMs: init.delayMs ?? 0,
    lockAfterFailures: init.lockAfterFailures ?? 0,
  };
  const users = new Map<string, WxmUser>();
  const failures = new Map<string, number>();
  for (const u of init.users ?? []) users.set(u.username, { ...u });
  const tokens = new Map<string, TokenEntry>();
  const forced: ForcedFailure[] = [];
  const impostors: ForcedNotWxm[] = [];
  let logins: LoginAttempt[] = [];
  let requests: RequestRecord[] = [];
  let loginForms: Record<string, string>[] = [];
  const outbox: Array<{ username: string; code: string }> = [];
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const sendNotWxm = (res: ServerResponse, f: ForcedNotWxm, req: IncomingMessage, raw: string) => {
    const { type, body } = notWxmAnswer(f.kind, `${new URLSearchParams(raw).get('password') ?? ''} ${req.headers.authorization ?? ''}`);
    res.writeHead(f.status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  const takeNotWxm = (endpoint: WxmEndpoint | 'other'): ForcedNotWxm | null => {
    const f = impostors.find((x) => x.remaining > 0 && (x.endpoint === null || x.endpoint === endpoint));
    if (!f) return null;
    f.remaining--;
    return f;
  };

  const takeForced = (endpoint: WxmEndpoint | 'other'): ForcedFailure | null => {
    const f = forced.find((x) => x.remaining > 0 && (x.endpoint === null || x.endpoint === endpoint));
    if (!f) return null;
    f.remaining--;
    return f;
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const bearerUser = (req: IncomingMessage): string | null => {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer (\S+)$/.exec(auth);
    if (!m) return null;
    const entry = tokens.get(m[1]!);
    if (!entry || entry.revoked || options.now() >= entry.expiresAt) return null;
    return entry.username;
  };

  const handleLogin = (res: ServerResponse, raw: string): number => {
    const form = Object.fromEntries(new URLSearchParams(raw));
    loginForms.push(form);
    const given = form['username'] ?? '';
    const hash = given.lastIndexOf('#');
    const name = users.has(given) || hash < 0 ? given : given.slice(0, hash);
    const otp = users.has(given) || hash < 0 ? null : given.slice(hash + 1);
    const user = users.get(name);
    const record = (outcome: LoginAttempt['outcome'], usedApiKey = false) => logins.push({ username: name, outcome, usedApiKey });
    if (form['grant_type'] !== 'password' || !form['password']) {
      record('bad-request');
      send(res, 400, { error: 'unsupported_grant_type', error_description: 'grant_type=password with username and password is required' });
      return 400;
    }
    if (!user) {
      record('unknown-user');
      send(res, options.wrongPasswordStatus, { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' });
      return options.wrongPasswordStatus;
    }
    if (user.locked) {
      record('locked');
      send(res, 401, { error: 'Authorization Error', error_description: LOCKED });
      return 401;
    }
    const usedApiKey = !!user.apiKey && form['password'] === user.apiKey;
    if (form['password'] !== user.password && !usedApiKey) {
      record('wrong-secret');
      const n = (failures.get(name) ?? 0) + 1;
      failures.set(name, n);
      if (options.lockAfterFailures > 0 && n >= options.lockAfterFailures) user.locked = true;
      send(res, options.wrongPasswordStatus, { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' });
      return options.wrongPasswordStatus;
    }
    if (user.sendsCodes && otp === null) {
      // As WXM does for e-mail/SMS two-factor: a login without a code sends one.
      user.otp = String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0');
      outbox.push({ username: name, code: user.otp });
      init.onCodeSent?.(name, user.otp);
    }
    if (user.otp !== undefined && otp !== user.otp) {
      record('two-factor');
      send(res, 401, { error: 'two_factor', error_description: otp === null ? TWO_FACTOR_REQUIRED : TWO_FACTOR_INVALID });
      return 401;
    }
    failures.set(name, 0);
    record('ok', usedApiKey);
    const now = options.now();
    const lifetime = user.tokenLifetimeSeconds ?? options.tokenLifetimeSeconds;
    const token = `tok-${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { username: name, expiresAt: now + lifetime * 1000, revoked: false });
    send(res, 200, {
      access_token: token,
      token_type: 'bearer',
      userName: name,
      email: user.email ?? (name.includes('@') ? name : `${name}@example.test`),
      primaryRole: user.role ?? 'User',
      expires_in: lifetime,
      managedBy: name,
      preview: 'True',
      station: user.station ?? 'uswest',
      hash: randomBytes(32).toString('base64'),
      '.issued': new Date(now).toUTCString(),
      '.expires': new Date(now + lifetime * 1000).toUTCString(),
    });
    return 200;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const endpoint = endpointOf(url.pathname);
    const raw = await readBody(req);
    if (options.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, options.delayMs);
        timers.add(t);
      });
    }
    if (res.destroyed) return;
    let status: number;
    let user: string | null = null;
    const f = takeForced(endpoint);
    const impostor = f ? null : takeNotWxm(endpoint);
    if ((f || impostor) && endpoint === 'LoginToken') {
      const name = (new URLSearchParams(raw).get('username') ?? '').split('#')[0] ?? '';
      logins.push({ username: name, outcome: 'forced', usedApiKey: false });
    }
    if (impostor) {
      status = impostor.status;
      sendNotWxm(res, impostor, req, raw);
    } else if (f) {
      status = f.status;
      send(
        res,
        status,
        f.status === 429 ? { message: 'Too many requests' } : { message: 'An error has occurred.' },
        f.retryAfter ? { 'Retry-After': f.retryAfter } : {},
      );
    } else if (endpoint === 'LoginToken') {
      status = req.method === 'POST' ? handleLogin(res, raw) : 405;
      if (req.method !== 'POST') send(res, 405, { message: "The requested resource does not support http method 'GET'." });
    } else if (endpoint === 'other') {
      status = 404;
      send(res, 404, { message: 'No HTTP resource was found that matches the request URI.' });
    } else if (req.method !== 'GET') {
      status = 405;
      send(res, 405, { message: 'Method not allowed.' });
    } else if (!(user = bearerUser(req))) {
      status = 401;
      send(res, 401, { message: DENIED_MESSAGE });
    } else {
      const u = users.get(user)!;
      status = 200;
      if (endpoint === 'GetAPIKey') {
        if (u.apiKey) send(res, 200, u.apiKey);
        else {
          status = 404;
          send(res, 404, { message: 'No API Key found' });
        }
      } else if (endpoint === 'GenerateAPIKey') {
        u.apiKey = `key-${randomBytes(18).toString('hex')}`;
        send(res, 200, options.generateShape === 'object' ? { apiKey: u.apiKey } : u.apiKey);
      } else {
        send(res, 200, { id: `acct-${user}`, user, businessName: 'Test Business', timeZoneOffset: 0 });
      }
    }
    requests.push({ method: req.method ?? 'GET', endpoint, status, user });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { message: 'test server crashed' });
    });
  };
  const server = init.tls ? createHttpsServer({ key: init.tls.key, cert: init.tls.cert }, onRequest) : createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(init.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const count = (username: string | undefined, pred: (l: LoginAttempt) => boolean) =>
    logins.filter((l) => (username === undefined || l.username === username) && pred(l)).length;

  return {
    baseUrl: `${init.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    options,
    addUser: (u) => void users.set(u.username, { ...u }),
    updateUser: (username, patch) => {
      const u = users.get(username);
      if (!u) throw new Error(`no test user ${username}`);
      Object.assign(u, patch);
      if (patch.locked === false) failures.set(username, 0);
    },
    user: (username) => users.get(username),
    failNext: (status, o = {}) => forced.push({ status, endpoint: o.endpoint ?? null, remaining: o.count ?? 1, retryAfter: o.retryAfter ?? null }),
    answerNotLikeWxm: (kind, o = {}) => impostors.push({ kind, status: o.status ?? 200, endpoint: o.endpoint ?? null, remaining: o.count ?? 1 }),
    revokeTokens: (username) => {
      for (const t of tokens.values()) if (username === undefined || t.username === username) t.revoked = true;
    },
    loginAttempts: (username) => count(username, () => true),
    loginSuccesses: (username) => count(username, (l) => l.outcome === 'ok'),
    issuedTokens: (username) => [...tokens].filter(([, t]) => username === undefined || t.username === username).map(([token]) => token),
    get logins() {
      return logins;
    },
    get requests() {
      return requests;
    },
    sentCodes: (username) => outbox.filter((m) => username === undefined || m.username === username).map((m) => m.code),
    get loginForms() {
      return loginForms;
    },
    resetCounts: () => {
      logins = [];
      requests = [];
      loginForms = [];
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
