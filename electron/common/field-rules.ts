/**
 * Every limit a field must meet, written once. Main enforces them (the IPC
 * contract, accounts.json, the import parser, the settings file, the vault
 * passphrase) and the renderer's forms check the very same values first, so a
 * form never lets through what main refuses, nor refuses what main accepts.
 *
 * This is the one electron/common module the renderer may import at run time
 * (eslint.layers.js), so it stays plain data plus two checks: no schema, no
 * Node, no DOM, and type-only imports.
 */
import type { Settings } from './ipc-contract';

/** Length bounds and an optional pattern for one text field; `patternText` names the pattern in error messages. */
export interface TextRule {
  readonly min?: number;
  readonly max: number;
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

function rule(text: TextRule): TextRule {
  return Object.freeze(text);
}

export const FIELD_RULES = Object.freeze({
  /** Account ids are UUIDs minted in main (`randomUUID`, lower-case hex). */
  accountId: rule({
    min: 36,
    max: 36,
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    patternText: 'an account id',
  }),
  label: rule({ min: 1, max: 100 }),
  username: rule({ min: 1, max: 320 }),
  /** Password or API key. Long enough for any real key, short enough to refuse junk. */
  secret: rule({ min: 1, max: 1024 }),
  /** A two-factor code as WXM sends it, or as an authenticator app shows it. */
  otp: rule({ min: 4, max: 12, pattern: /^[0-9A-Za-z]+$/, patternText: 'letters and digits' }),
  /** As typed: main then normalises it to scheme://host[:port] and refuses anything else (wxm/base-url.ts). */
  baseUrl: rule({ min: 8, max: 300, pattern: /^https?:\/\/[^\s/]/i, patternText: 'an http(s) URL' }),
  /** A vault passphrase as typed; `MIN_PASSPHRASE_LENGTH` is checked in main, with a message that says why. */
  passphrase: rule({ min: 1, max: 1024 }),
  /** What the last login told us about the account (and what an export carries): longer values are not kept. */
  station: rule({ max: 60 }),
  email: rule({ max: 320 }),
  role: rule({ max: 100 }),
});

/** The same test the contract's string schema makes: length within bounds, then the pattern. */
export function fits(text: TextRule, value: string): boolean {
  return value.length >= (text.min ?? 0) && value.length <= text.max && (text.pattern === undefined || text.pattern.test(value));
}

export const AUTH_MODES = Object.freeze(['password', 'apiKey'] as const);

/** The documented WXM API host; one base URL serves every station (wxm-api.md §1). */
export const DEFAULT_BASE_URL = 'https://api.getcloudcherry.com';

/** Shorter passphrases are refused when one is set or changed. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** What the user types to confirm "Forgot passphrase": it removes every stored password and API key. */
export const RESET_CONFIRMATION = 'RESET';

export type NumberSetting = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Whole numbers only; the other settings are true/false. */
export const SETTINGS_RANGES: Readonly<Record<NumberSetting, Range>> = Object.freeze({
  /** 0 turns auto-clear off. */
  clipboardClearSeconds: Object.freeze({ min: 0, max: 600 }),
  expiryWarningMinutes: Object.freeze({ min: 1, max: 720 }),
  /** 0 turns the idle lock off. */
  idleLockMinutes: Object.freeze({ min: 0, max: 1440 }),
});

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  clipboardClearSeconds: 30,
  expiryWarningMinutes: 15,
  idleLockMinutes: 15,
  clipboardHistory: false,
  shareTokens: true,
  checkForUpdates: true,
});

export function inRange(range: Range, value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}
