/**
 * `wxm-vault api <account> <path> [-X METHOD] [-d BODY | -f key=value …] [--raw]`:
 * one authenticated request to a path under the account's base URL (the
 * client's path check refuses every other), one re-login on a 401, the answer
 * on stdout (indented JSON unless --raw), WXM's error and exit 1 on failure.
 */
import { readAccountSnapshot } from '../../core/accounts/account-snapshot';
import type { AccountRecord } from '../../core/accounts/account-record';
import { VaultError } from '../../core/errors';
import { API_METHODS, apiPath, type ApiMethod } from '../../core/wxm/api-path';
import type { ApiAnswer, ApiRequest } from '../../core/wxm/client';
import { readErrorBody, WxmHttpError } from '../../core/wxm/errors';
import { expectPositionals, parseArgs, type Parsed } from '../args';
import type { CliContext, Outcome } from '../context';
import { EXIT, UsageError } from '../exit';
import { commandHelp } from '../help';
import { matchAccount } from '../match';
import { appHasNoToken, refuseIfNeedsAttention, withFix } from '../obtain';
import { locate, openSession, unlock, type Session } from '../session';

const FLAGS = [
  { long: 'method', short: 'X', value: true },
  { long: 'data', short: 'd', value: true },
  { long: 'field', short: 'f', value: true, repeat: true },
  { long: 'raw' },
];

/** The request the flags describe; every mistake is a usage error, found before anything is unlocked or sent. */
export function requestFrom(parsed: Parsed, path: string): ApiRequest {
  const data = parsed.flags.get('data')?.[0];
  const fields = (parsed.flags.get('field') ?? []).map((f) => {
    const at = f.indexOf('=');
    if (at < 1) throw new UsageError(`-f wants key=value, not "${f}".`, 'api');
    return [f.slice(0, at), f.slice(at + 1)] as const;
  });
  if (data !== undefined && fields.length) throw new UsageError('give the body with -d or with -f, not both.', 'api');
  const asked = parsed.flags.get('method')?.[0]?.toUpperCase();
  if (asked !== undefined && !(API_METHODS as readonly string[]).includes(asked)) {
    throw new UsageError(`-X ${asked}: the method must be one of ${API_METHODS.join(', ')}.`, 'api');
  }
  const method = (asked ?? (data !== undefined || fields.length ? 'POST' : 'GET')) as ApiMethod;
  if (method === 'GET' && data !== undefined) throw new UsageError('a GET request has no body: add -X POST, or use -f for query parameters.', 'api');
  if (method === 'GET' && fields.length) {
    const query = new URLSearchParams(fields.map(([k, v]) => [k, v])).toString();
    return { method, path: apiPath(`${path}${path.includes('?') ? '&' : '?'}${query}`) };
  }
  const body = data ?? (fields.length ? JSON.stringify(Object.fromEntries(fields)) : undefined);
  return { method, path: apiPath(path), ...(body !== undefined ? { body } : {}) };
}

export async function api(ctx: CliContext, argv: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs('api', argv, FLAGS);
  if (parsed.help) {
    ctx.out(commandHelp('api'));
    return { code: EXIT.ok };
  }
  const [query, path] = expectPositionals('api', parsed, ['<account>', '<path>']);
  const request = usage(() => requestFrom(parsed, path!));
  const location = locate(ctx);
  const record = matchAccount((await readAccountSnapshot(location.dataDir)).records, query!);
  refuseIfNeedsAttention(record);
  const session = await openSession(ctx, location, 'api', true);
  let answer: ApiAnswer;
  try {
    await unlock(session, ctx);
    answer = await send(session, record, request);
  } finally {
    await session.close();
  }
  const body = parsed.flags.has('raw') ? answer.body : pretty(answer);
  if (body) ctx.out(body.endsWith('\n') ? body : `${body}\n`);
  if (answer.status >= 200 && answer.status < 300) return { code: EXIT.ok };
  const said = wxmSays(answer);
  ctx.err(`WXM answered HTTP ${answer.status} to ${request.method} ${request.path}${said ? `: ${said}` : '.'}\n`);
  return { code: EXIT.failure };
}

/** A path check failing in the core is the user's typo: exit 2 with the same message. */
function usage<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof VaultError && error.code === 'bad-request') throw new UsageError(error.message, 'api');
    throw error;
  }
}

async function send(session: Session, record: AccountRecord, request: ApiRequest): Promise<ApiAnswer> {
  const { accounts } = session.vault;
  if (session.writer) {
    try {
      return await accounts.request(record.id, request);
    } catch (error) {
      throw withFix(error, record);
    }
  }
  const shared = await accounts.shared.take(record);
  if (!shared) throw appHasNoToken(session, record);
  try {
    return await accounts.client.request(record.baseUrl, request, shared.token, record.username);
  } catch (error) {
    if (error instanceof WxmHttpError && error.status === 401) throw appHasNoToken(session, record, 'shares a token WXM no longer accepts');
    throw error;
  }
}

function pretty(answer: ApiAnswer): string {
  try {
    return JSON.stringify(JSON.parse(answer.body), null, 2);
  } catch {
    return answer.body;
  }
}

/** WXM's own error text (OWIN `error_description`, ASP.NET `message`), short. */
function wxmSays(answer: ApiAnswer): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return null;
  }
  const { description, message, error } = readErrorBody(parsed);
  const text = description ?? message ?? error;
  return text ? text.replace(/\s+/g, ' ').slice(0, 300) : null;
}
