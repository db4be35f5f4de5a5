import type { AccountView } from '../../../electron/common/ipc-contract';
import type { Clock } from './clock.svelte';
import { groupByStation, matches, parseQuery, type StationGroup } from './search';
import type { SettingsState } from './settings-state.svelte';
import { bridge, errorMessage, unwrap } from './vault-api';

export type AccountInput = Parameters<ReturnType<typeof bridge>['addAccount']>[0];
export type AccountPatch = Parameters<ReturnType<typeof bridge>['updateAccount']>[0];

/** The account list as main reports it (never a secret), plus the search over it. */
export class AccountsState {
  /** Replaced wholesale on every load: raw, not deeply reactive. */
  items = $state.raw<AccountView[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  query = $state('');

  readonly #clock: Clock;
  readonly #settings: SettingsState;

  constructor(clock: Clock, settings: SettingsState) {
    this.#clock = clock;
    this.#settings = settings;
  }

  readonly terms = $derived(parseQuery(this.query));

  readonly filtered: AccountView[] = $derived.by(() => {
    const terms = this.terms;
    if (terms.length === 0) return this.items;
    // Only `is:` terms depend on time; read the clock (and re-filter each second) only then.
    const now = terms.some((t) => t.field === 'is') ? this.#clock.now : Date.now();
    const warn = this.#settings.value.expiryWarningMinutes;
    return this.items.filter((a) => matches(a, terms, now, warn));
  });

  readonly groups: StationGroup[] = $derived(groupByStation(this.filtered));

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.items = await unwrap(bridge().listAccounts());
      this.error = null;
      this.loaded = true;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  byId(id: string): AccountView | undefined {
    return this.items.find((a) => a.id === id);
  }

  #put(view: AccountView): void {
    const i = this.items.findIndex((a) => a.id === view.id);
    this.items = i < 0 ? [...this.items, view] : this.items.with(i, view);
  }

  async add(input: AccountInput): Promise<AccountView> {
    const view = await unwrap(bridge().addAccount(input));
    this.#put(view);
    return view;
  }

  async update(patch: AccountPatch): Promise<AccountView> {
    const view = await unwrap(bridge().updateAccount(patch));
    this.#put(view);
    return view;
  }

  async login(id: string, otp?: string): Promise<AccountView> {
    const view = await unwrap(bridge().loginAccount(otp ? { id, otp } : { id }));
    this.#put(view);
    return view;
  }

  /**
   * Asks main for a login without a code, so WXM e-mails or texts a new one (main allows one a minute).
   * When WXM no longer wants a code, the account is logged in and its view comes back.
   */
  async sendCode(id: string): Promise<{ view: AccountView | null; nextCodeAt: number }> {
    const sent = await unwrap(bridge().sendTwoFactorCode({ id }));
    if (!sent.loggedIn) return { view: null, nextCodeAt: sent.nextCodeAt };
    await this.load();
    return { view: this.byId(id) ?? null, nextCodeAt: sent.nextCodeAt };
  }

  /** Asks WXM for the account's current API key; main stores it in the keychain and answers with the view. */
  async fetchApiKey(id: string): Promise<AccountView> {
    const view = await unwrap(bridge().fetchApiKey({ id }));
    this.#put(view);
    return view;
  }

  /** Asks WXM for a new API key (the old one may stop working); main stores it. */
  async generateApiKey(id: string): Promise<AccountView> {
    const view = await unwrap(bridge().generateApiKey({ id }));
    this.#put(view);
    return view;
  }

  /** Switches the login between the API key (enabled) and the password; main logs in with it first. */
  async useApiKey(id: string, enabled: boolean): Promise<AccountView> {
    const view = await unwrap(bridge().useApiKey({ id, enabled }));
    this.#put(view);
    return view;
  }

  async remove(id: string): Promise<void> {
    await unwrap(bridge().removeAccount({ id }));
    this.items = this.items.filter((a) => a.id !== id);
  }
}
