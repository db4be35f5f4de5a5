/**
 * The portable account list: metadata only, never a password, API key or
 * token. Import is strict (unknown keys and bad values are refused with the
 * path that failed) and all-or-nothing. `exportJson` and `importJson` are the
 * whole operations on the account list, for AccountService.
 */
import { randomUUID } from 'node:crypto';
import { AUTH_MODES, FIELD_RULES } from '../../common/field-rules';
import type { AuthMode } from '../../common/ipc-contract';
import { array, integer, literal, object, optional, SchemaError, string } from '../../common/schema';
import { VaultError } from '../errors';
import { normaliseBaseUrl } from '../wxm/base-url';
import type { AccountContext } from './account-context';
import type { AccountRecord } from './account-record';
import { identity, secretName } from './account-rules';

export const EXPORT_FORMAT = 'wxm-vault-accounts';
export const EXPORT_VERSION = 1;
export const MAX_IMPORT = 5_000;

export interface PortableAccount {
  label: string;
  username: string;
  baseUrl: string;
  authMode: AuthMode;
  station?: string;
  email?: string;
  role?: string;
}

const portableSchema = object({
  label: string(FIELD_RULES.label),
  username: string(FIELD_RULES.username),
  // Only its length here: normaliseBaseUrl, run next, says what is wrong with the rest.
  baseUrl: optional(string({ min: FIELD_RULES.baseUrl.min, max: FIELD_RULES.baseUrl.max })),
  authMode: literal(...AUTH_MODES),
  station: optional(string(FIELD_RULES.station)),
  email: optional(string(FIELD_RULES.email)),
  role: optional(string(FIELD_RULES.role)),
});

const exportSchema = object({
  format: literal(EXPORT_FORMAT),
  schemaVersion: integer(EXPORT_VERSION, EXPORT_VERSION),
  exportedAt: optional(string({ max: 40 })),
  accounts: array(portableSchema, MAX_IMPORT),
});

export function exportAccounts(records: AccountRecord[], now: number): string {
  const accounts: PortableAccount[] = records.map((r) => ({
    label: r.label,
    username: r.username,
    baseUrl: r.baseUrl,
    authMode: r.authMode,
    ...(r.station ? { station: r.station } : {}),
    ...(r.email ? { email: r.email } : {}),
    ...(r.role ? { role: r.role } : {}),
  }));
  return JSON.stringify({ format: EXPORT_FORMAT, schemaVersion: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), accounts }, null, 2);
}

const NOTHING = 'Nothing was imported.';

/** Parses and validates the whole file first, so a bad entry changes nothing. */
export function parseExport(json: string): Array<PortableAccount & { baseUrl: string }> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new VaultError('bad-request', `That is not valid JSON. Choose a file exported by WXM Vault. ${NOTHING}`);
  }
  let parsed: ReturnType<typeof exportSchema.parse>;
  try {
    parsed = exportSchema.parse(data);
  } catch (error) {
    const where = error instanceof SchemaError ? ` (${error.message})` : '';
    throw new VaultError('bad-request', `That file is not a WXM Vault account export${where}. Choose a file exported by WXM Vault. ${NOTHING}`);
  }
  return parsed.accounts.map((a, i) => {
    try {
      return { ...a, baseUrl: normaliseBaseUrl(a.baseUrl) } as PortableAccount & { baseUrl: string };
    } catch (error) {
      const why = error instanceof VaultError ? error.message : 'invalid base URL';
      throw new VaultError('bad-request', `Account ${i + 1} in the file has a base URL WXM Vault cannot use: ${why} ${NOTHING}`);
    }
  });
}

/**
 * Adds to `all` each imported account not already there (same user name and base URL), without a secret and marked
 * as needing one, so nothing logs in for it until the user enters it. Returns the new ids and how many were skipped.
 */
export function mergeImport(all: Map<string, AccountRecord>, incoming: PortableAccount[], now: number): { ids: string[]; skipped: number } {
  const seen = new Set([...all.values()].map((r) => identity(r.username, r.baseUrl)));
  const ids: string[] = [];
  let skipped = 0;
  for (const a of incoming) {
    const who = identity(a.username, a.baseUrl);
    if (seen.has(who)) {
      skipped++;
      continue;
    }
    seen.add(who);
    const id = randomUUID();
    ids.push(id);
    all.set(id, {
      id,
      label: a.label,
      username: a.username,
      baseUrl: a.baseUrl,
      station: a.station ?? null,
      email: a.email ?? null,
      role: a.role ?? null,
      authMode: a.authMode,
      hasPassword: false,
      hasApiKey: false,
      twoFactor: false,
      lastLoginAt: null,
      createdAt: now,
      problem: {
        code: 'invalid-credentials',
        message: `Imported without its ${secretName(a.authMode)}. Edit the account and enter the ${secretName(a.authMode)} to log in.`,
      },
    });
  }
  return { ids, skipped };
}

/** Every account in the list, as an export file's text. */
export async function exportJson(ctx: AccountContext): Promise<{ json: string; count: number }> {
  await ctx.store.load();
  const records = ctx.store.all();
  ctx.deps.logger.info('accounts', 'accounts exported', { count: records.length });
  return { json: exportAccounts(records, ctx.deps.now()), count: records.length };
}

/** Adds the accounts in an export file's text to the list (see parseExport and mergeImport); all or nothing. */
export async function importJson(ctx: AccountContext, json: string): Promise<{ imported: number; skipped: number }> {
  const incoming = parseExport(json);
  await ctx.writable();
  const now = ctx.deps.now();
  const { ids, skipped } = await ctx.store.mutate((all) => mergeImport(all, incoming, now));
  const counts = { imported: ids.length, skipped };
  ctx.deps.logger.info('accounts', 'accounts imported', counts);
  if (ids.length) ctx.changed(ids);
  return counts;
}
