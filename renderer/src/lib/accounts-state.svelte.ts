import { SvelteMap } from 'svelte/reactivity';
import type { AccountView } from '../../../electron/common/ipc-contract';
import type { ExpiryWatch } from './expiry-watch.svelte';
import { groupByStation, idsOf, matchingIds, parseQuery, topMatch, type StationGroup } from './search';
import type { SettingsState } from './settings-state.svelte';
import { bridge, errorMessage, unwrap } from './vault-api';

export type AccountInput = Parameters<ReturnType<typeof bridge>['addAccount']>[0];
export type AccountPatch = Parameters<ReturnType<typeof bridge>['updateAccount']>[0];

/** Rows that fit in the window's first screen (a row is about 51 px), with a few to spare. */
const firstScreen = (): number => Math.ceil((globalThis.innerHeight || 900) / 48) + 1;

/** The account list as main reports it (never a secret), plus the search over it. */
export class AccountsState {
  /** Replaced wholesale on every load: raw, not deeply reactive. */
  items = $state.raw<AccountView[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  query = $state('');
  /** When each account was last copied in this session: among equal matches, the search prefers the latest. */
  readonly lastCopied = new SvelteMap<string, number>();

  readonly #expiry: ExpiryWatch;
  readonly #settings: SettingsState;

  constructor(expiry: ExpiryWatch, settings: SettingsState) {
    this.#expiry = expiry;
    this.#settings = settings;
  }

  readonly terms = $derived(parseQuery(this.query));

  /**
   * Every account, grouped by station. It changes only with the list itself: the
   * search hides rows instead of removing them, so clearing it rebuilds nothing.
   */
  readonly groups: StationGroup[] = $derived(groupByStation(this.items));
  readonly #ordered: AccountView[] = $derived(this.groups.flatMap((g) => g.accounts));

  /** The ids the search matches, or null when there is no search (everything shows). */
  readonly matching: ReadonlySet<string> | null = $derived.by(() => {
    const terms = this.terms;
    if (terms.length === 0) return null;
    // Only `is:` terms depend on time, and then only on the moments a status changes.
    const now = terms.some((t) => t.field === 'is') ? this.#expiry.now : Date.now();
    const warn = this.#settings.value.expiryWarningMinutes;
    return matchingIds(this.items, terms, now, warn);
  });

  /** The accounts showing, in the list's order. */
  readonly shown: AccountView[] = $derived.by(() => {
    const matching = this.matching;
    return matching ? this.#ordered.filter((a) => matching.has(a.id)) : this.#ordered;
  });

  /** The first rows showing, built in full at once so the first paint after a load or a search needs no second frame. */
  readonly firstShown: ReadonlySet<string> = $derived(idsOf(this.shown.slice(0, firstScreen())));

  /** What Enter in the search box copies: null without a search or a match. */
  readonly top: AccountView | null = $derived(this.terms.length > 0 ? topMatch(this.shown, this.terms, this.lastCopied) : null);

  isShown(id: string): boolean {
    return this.matching?.has(id) ?? true;
  }

  /** How many of a group's accounts the search leaves showing. */
  shownIn(group: StationGroup): number {
    const matching = this.matching;
    return matching ? group.accounts.reduce((n, a) => n + (matching.has(a.id) ? 1 : 0), 0) : group.accounts.length;
  }

  noteCopied(id: string): void {
    this.lastCopied.set(id, Date.now());
  }

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
