/**
 * The one IPC contract between the renderer and main.
 *
 * Each channel has a name, a request schema (checked in main, never trusted
 * from the renderer) and a response type. The preload, main's dispatcher and
 * the test harness are all typed from this table, so a renamed or reshaped
 * channel fails to compile everywhere at once.
 *
 * Rule of the contract: no response type holds a password, API key or token.
 * Secret-bearing requests (add/update an account) flow renderer -> main only.
 */
import { AUTH_MODES, FIELD_RULES, RESET_CONFIRMATION, SETTINGS_RANGES, type NumberSetting } from './field-rules';
import { boolean, integer, literal, nothing, nullable, object, optional, string, type Infer, type Schema } from './schema';

// ---- shared field rules (the limits themselves are in field-rules.ts) -----

export const accountId = string(FIELD_RULES.accountId);
const label = string(FIELD_RULES.label);
const username = string(FIELD_RULES.username);
const secret = string(FIELD_RULES.secret);
const otp = string(FIELD_RULES.otp);
const baseUrl = string(FIELD_RULES.baseUrl);
const authMode = literal(...AUTH_MODES);
const passphrase = string(FIELD_RULES.passphrase);
const setting = (key: NumberSetting) => optional(integer(SETTINGS_RANGES[key].min, SETTINGS_RANGES[key].max));

// ---- view types (what the renderer may see) -------------------------------

export type AuthMode = Infer<typeof authMode>;

export type TokenState = 'valid' | 'none' | 'needs-attention';

export interface AccountProblem {
  code: ErrorCode;
  message: string;
}

export interface AccountView {
  id: string;
  label: string;
  username: string;
  /** The regional station named by the last login response, e.g. "uswest"; null before the first login. */
  station: string | null;
  baseUrl: string;
  email: string | null;
  role: string | null;
  authMode: AuthMode;
  hasApiKey: boolean;
  lastLoginAt: number | null;
  /** Epoch ms when the cached token expires; null when main holds no token. */
  tokenExpiresAt: number | null;
  tokenState: TokenState;
  problem: AccountProblem | null;
}

/** 'browser': the system-Chromium shell, which copies through OS commands (no clipboard-history markers) and cannot download. */
export type ShellKind = 'electron' | 'browser';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  shell: ShellKind;
  /** Where the idle lock reads idle time, e.g. "idle time from GNOME Mutter"; shown in the status bar. */
  idleSource: string;
}

/** Where accounts:exportToFile wrote the list; `path` null when the user cancelled the choice of file. */
export interface ExportFileResult {
  path: string | null;
  count: number;
}

/** How WXM requests leave this computer; shown in Settings. Never holds a proxy's user name or password. */
export interface NetworkStatus {
  /** The proxy a request to `host` goes through, as scheme://host:port; null when it goes direct. */
  proxy: string | null;
  /** 'environment' only: the variable `proxy` came from, as spelt ('HTTPS_PROXY', 'http_proxy', …). */
  variable?: string;
  /** 'environment' only: a proxy is set but NO_PROXY sends `host` direct; that proxy and the variables involved. */
  bypass?: { proxy: string; variable: string; noProxyVariable: string };
  /** 'system': the OS proxy settings and PAC (Electron); 'environment': HTTPS_PROXY / HTTP_PROXY / NO_PROXY only (plain Node). */
  source: 'system' | 'environment';
  /** The host the proxy was looked up for (the WXM cloud). */
  host: string;
}

export interface Settings {
  /** 0 turns auto-clear off. */
  clipboardClearSeconds: number;
  expiryWarningMinutes: number;
  /** 0 turns the idle lock off. */
  idleLockMinutes: number;
  /** False (the default): copies are marked so clipboard history, cloud clipboard and clipboard managers skip them. */
  clipboardHistory: boolean;
  /** True (the default): tokens are shared with the `wxm-vault` command line through the keychain; false deletes the shared ones. */
  shareTokens: boolean;
  /** True (the default): a packaged app (AppImage, nsis, macOS) looks for a published release at start and daily, and asks before downloading or restarting. */
  checkForUpdates: boolean;
}

export type CopyKind = 'token' | 'bearerHeader' | 'apiKey';

export interface CopyResult {
  kind: CopyKind;
  copiedAt: number;
  /** Epoch ms when we will clear the clipboard; null when auto-clear is off. */
  clearsAt: number | null;
}

/** Whether a vault passphrase is set, and whether the vault is locked (only ever true when one is set). */
export interface VaultStatus {
  passphraseSet: boolean;
  locked: boolean;
}

export interface KeychainStatus {
  available: boolean;
  backend: string;
  /** What to do next when unavailable. */
  message: string | null;
}

// ---- errors -----------------------------------------------------------------

/** The small taxonomy every failure maps to; the renderer picks the next action from the code. */
export const ERROR_CODES = [
  'bad-request', // schema or sender refused
  'not-found',
  'invalid-credentials',
  'secret-required', // a stored secret would go to another user name or base URL: the user must type it for the new one
  'two-factor-required',
  'account-locked',
  'token-rejected',
  'rate-limited',
  'server-error',
  'not-wxm', // something answered, but not like WXM: a proxy's page, a wrong base URL. Not an auth failure.
  'network',
  'keychain-unavailable',
  'data-file',
  'clipboard-empty',
  'interrupted', // the vault locked, or the account changed, while the work was under way
  'vault-locked', // a passphrase is set and the vault is locked: unlock first (not the same as a locked WXM account)
  'wrong-passphrase',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** Every invoke reply is this envelope, so errors arrive typed instead of as Electron's wrapped strings. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: WireError };

// ---- the channel table ------------------------------------------------------

interface Channel<Req, Res> {
  request: Schema<Req>;
  /** Phantom: carries the response type only. */
  response?: Res;
}
function channel<Res>() {
  return <Req>(request: Schema<Req>): Channel<Req, Res> => ({ request });
}

const accountFields = {
  label,
  username,
  secret,
  authMode,
  baseUrl: optional(baseUrl),
  otp: optional(otp),
};

export const channels = {
  'app:info': channel<AppInfo>()(nothing),
  'keychain:status': channel<KeychainStatus>()(nothing),
  'network:status': channel<NetworkStatus>()(nothing),

  'accounts:list': channel<AccountView[]>()(nothing),
  'accounts:add': channel<AccountView>()(object(accountFields)),
  'accounts:update': channel<AccountView>()(
    object({
      id: accountId,
      label: optional(label),
      username: optional(username),
      secret: optional(secret),
      authMode: optional(authMode),
      baseUrl: optional(baseUrl),
      otp: optional(otp),
    }),
  ),
  'accounts:remove': channel<{ removed: true }>()(object({ id: accountId })),
  'accounts:login': channel<AccountView>()(object({ id: accountId, otp: optional(otp) })),
  /** A login without a code, so WXM e-mails or texts a new two-factor code; at most once a minute per account. */
  'accounts:sendCode': channel<{ loggedIn: boolean; nextCodeAt: number }>()(object({ id: accountId })),
  'accounts:export': channel<{ json: string; count: number }>()(nothing),
  /** Main writes the list to a file (atomically, private to the user): where a shell cannot download (the browser shell). */
  'accounts:exportToFile': channel<ExportFileResult>()(nothing),
  'accounts:import': channel<{ imported: number; skipped: number }>()(object({ json: string({ min: 2, max: 2_000_000 }) })),

  'apikey:fetch': channel<AccountView>()(object({ id: accountId })),
  'apikey:generate': channel<AccountView>()(object({ id: accountId })),
  'apikey:use': channel<AccountView>()(object({ id: accountId, enabled: boolean })),

  'clipboard:copy': channel<CopyResult>()(object({ id: accountId, kind: literal('token', 'bearerHeader', 'apiKey') })),
  'clipboard:clear': channel<{ cleared: boolean }>()(nothing),

  'settings:get': channel<Settings>()(nothing),
  'settings:update': channel<Settings>()(
    object({
      clipboardClearSeconds: setting('clipboardClearSeconds'),
      expiryWarningMinutes: setting('expiryWarningMinutes'),
      idleLockMinutes: setting('idleLockMinutes'),
      clipboardHistory: optional(boolean),
      shareTokens: optional(boolean),
      checkForUpdates: optional(boolean),
    }),
  ),

  'vault:lock': channel<{ locked: true }>()(nothing),
  'vault:status': channel<VaultStatus>()(nothing),
  'vault:unlock': channel<VaultStatus>()(object({ passphrase })),
  /** Set (no `current`), change, or remove (`next: null`) the vault passphrase. */
  'vault:passphrase': channel<VaultStatus>()(object({ current: optional(passphrase), next: nullable(passphrase) })),
  /** "Forgot passphrase": removes every stored secret, keeps the account list. */
  'vault:reset': channel<VaultStatus>()(object({ confirm: literal(RESET_CONFIRMATION) })),
} as const;

export type ChannelName = keyof typeof channels;

/** The only channels a locked vault answers (the lock screen's); the dispatcher refuses every other with `vault-locked`. */
export const CHANNELS_WHILE_LOCKED: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'app:info',
  'keychain:status',
  'vault:status',
  'vault:unlock',
  'vault:reset',
  'vault:lock',
  'clipboard:clear',
]);
export type RequestOf<C extends ChannelName> = Infer<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = NonNullable<(typeof channels)[C]['response']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

// ---- events (main -> renderer) ---------------------------------------------

export interface EventPayloads {
  'clipboard:cleared': { reason: 'timeout' | 'lock' | 'quit' | 'manual' };
  'vault:locked': { reason: 'idle' | 'suspend' | 'lock-screen' | 'user' };
  'accounts:changed': { ids: string[] };
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['clipboard:cleared', 'vault:locked', 'accounts:changed'];

/** Prefix that scopes every IPC channel name on the wire. */
export const IPC_PREFIX = 'wxm:';
