/**
 * An account's WXM API key: getting it from WXM (the current key, or a newly
 * generated one), reading the stored one for copying, and switching the
 * account between logging in with its password and with its API key.
 */
import type { AccountView, AuthMode } from '../../common/ipc-contract';
import type { AccountContext } from './account-context';
import { withLogin } from './account-rules';
import type { Credentials } from './credentials';
import type { TokenBroker } from './token-broker';

/** `fetch`: the key WXM has for the account. `generate`: a new one (WXM may revoke the previous key; undocumented). */
export type ApiKeySource = 'fetch' | 'generate';

const LOGGED: Record<ApiKeySource, string> = { fetch: 'api key fetched', generate: 'api key generated' };

export class ApiKeys {
  constructor(
    private readonly ctx: AccountContext,
    private readonly credentials: Credentials,
    private readonly tokens: TokenBroker,
  ) {}

  /** The stored API key, for copying. */
  async stored(id: string): Promise<string> {
    return this.credentials.storedApiKey(await this.ctx.record(id));
  }

  /** Gets a key from WXM with the account's token (one re-login on a 401) and stores it, replacing any stored key. */
  async obtain(id: string, source: ApiKeySource): Promise<AccountView> {
    const { client } = this.ctx;
    const record = await this.ctx.record(id);
    await this.ctx.writable();
    const key = await this.tokens.withToken(id, (token) =>
      source === 'fetch' ? client.getApiKey(record.baseUrl, token, record.username) : client.generateApiKey(record.baseUrl, token, record.username),
    );
    await this.credentials.storeApiKey(id, key);
    await this.ctx.store.mutate((all) => {
      const current = all.get(id);
      if (current) all.set(id, { ...current, hasApiKey: true });
    });
    this.ctx.changed([id]);
    this.ctx.deps.logger.info('accounts', LOGGED[source], { id });
    return this.ctx.view(id);
  }

  /** Switches between API-key and password login, after proving the target credential works. */
  async use(id: string, enabled: boolean): Promise<AccountView> {
    const { deps, tokens } = this.ctx;
    const record = await this.ctx.record(id);
    const mode: AuthMode = enabled ? 'apiKey' : 'password';
    if (record.authMode === mode && !record.problem) return this.ctx.toView(record);
    await this.ctx.writable();
    const result = await this.credentials.sendLogin(record, { username: record.username, baseUrl: record.baseUrl, mode }, undefined, undefined);
    await this.ctx.store.mutate((all) => void all.set(id, withLogin({ ...(all.get(id) ?? record), authMode: mode }, result, deps.now(), false)));
    tokens.invalidate(id);
    tokens.put(id, result);
    deps.logger.info('accounts', 'auth mode switched', { id, authMode: mode });
    this.ctx.changed([id]);
    return this.ctx.view(id);
  }
}
