/**
 * The search box and the station grouping (renderer/src/lib/search.ts), imported
 * directly: what a query means, which accounts it keeps, and the order the list shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccountView } from '../../electron/common/ipc-contract';
import { groupByStation, matches, parseQuery, relevance, topMatch } from '../../renderer/src/lib/search';

const NOW = Date.UTC(2025, 0, 1, 12);
const MIN = 60_000;
const WARN = 10;
let next = 0;

function account(over: Partial<AccountView> = {}): AccountView {
  next += 1;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    label: 'Prod EU admin',
    username: 'ops@acme.test',
    station: 'euwest',
    baseUrl: 'https://api.getcloudcherry.com',
    email: 'ops.team@acme.test',
    role: 'Admin',
    authMode: 'password',
    hasApiKey: false,
    lastLoginAt: null,
    tokenExpiresAt: null,
    tokenState: 'none',
    problem: null,
    ...over,
  };
}

const find = (query: string, accounts: AccountView[]) => accounts.filter((a) => matches(a, parseQuery(query), NOW, WARN)).map((a) => a.label);

describe('parseQuery: what the search box means', () => {
  it('splits on any whitespace, lower-cases, and ignores an empty query', () => {
    assert.deepEqual(parseQuery('  Prod\tEU  '), [
      { field: 'any', value: 'prod' },
      { field: 'any', value: 'eu' },
    ]);
    assert.deepEqual(parseQuery('   '), []);
  });

  it('reads the known field prefixes, case-insensitively', () => {
    assert.deepEqual(parseQuery('Station:USWest user:ops host:127.0.0.1:8443 label:prod is:expiring'), [
      { field: 'station', value: 'uswest' },
      { field: 'user', value: 'ops' },
      { field: 'host', value: '127.0.0.1:8443' },
      { field: 'label', value: 'prod' },
      { field: 'is', value: 'expiring' },
    ]);
  });

  it('treats an unknown prefix, a bare prefix or a leading colon as plain words', () => {
    assert.deepEqual(parseQuery('role:admin station: :x'), [
      { field: 'any', value: 'role:admin' },
      { field: 'any', value: 'station:' },
      { field: 'any', value: ':x' },
    ]);
  });
});

describe('matches: which accounts a query keeps', () => {
  const prod = account({ label: 'Prod EU', username: 'ops@acme.test', email: 'ops.team@acme.test', station: 'euwest' });
  const stage = account({ label: 'Staging', username: 'qa@acme.test', email: null, station: 'uswest', baseUrl: 'http://127.0.0.1:8443' });
  const fresh = account({ label: 'New one', username: 'new@other.test', email: null, station: null });
  const all = [prod, stage, fresh];

  it('keeps everything for an empty query', () => {
    assert.deepEqual(find('', all), ['Prod EU', 'Staging', 'New one']);
  });

  it('matches plain words anywhere in label, username, e-mail, station or host, ignoring case', () => {
    assert.deepEqual(find('PROD', all), ['Prod EU']);
    assert.deepEqual(find('qa@', all), ['Staging']);
    assert.deepEqual(find('ops.team', all), ['Prod EU']);
    assert.deepEqual(find('uswest', all), ['Staging']);
    assert.deepEqual(find('127.0.0.1', all), ['Staging']);
    assert.deepEqual(find('acme', all), ['Prod EU', 'Staging']);
  });

  it('needs every term to match', () => {
    assert.deepEqual(find('acme west', all), ['Prod EU', 'Staging']);
    assert.deepEqual(find('acme euwest', all), ['Prod EU']);
    assert.deepEqual(find('acme nowhere', all), []);
  });

  it('narrows a field prefix to its own field only', () => {
    assert.deepEqual(find('station:west', all), ['Prod EU', 'Staging']);
    assert.deepEqual(find('label:acme', all), [], 'acme is in usernames, not labels');
    assert.deepEqual(find('host:8443', all), ['Staging']);
    assert.deepEqual(find('host:acme', all), []);
  });

  it('user: searches the e-mail as well as the username', () => {
    assert.deepEqual(find('user:team', all), ['Prod EU']);
    assert.deepEqual(find('user:new@', all), ['New one']);
  });

  it('station:none finds accounts whose station is not known yet', () => {
    assert.deepEqual(find('station:none', all), ['New one']);
  });

  it('is: filters by token status, by prefix', () => {
    const valid = account({ label: 'V', tokenExpiresAt: NOW + 60 * MIN, tokenState: 'valid' });
    const expiring = account({ label: 'S', tokenExpiresAt: NOW + 5 * MIN, tokenState: 'valid' });
    const expired = account({ label: 'X', tokenExpiresAt: NOW - MIN, tokenState: 'valid' });
    const none = account({ label: 'N' });
    const attention = account({ label: 'A', tokenState: 'needs-attention' });
    const tokens = [valid, expiring, expired, none, attention];
    assert.deepEqual(find('is:valid', tokens), ['V']);
    assert.deepEqual(find('is:expiring', tokens), ['S']);
    assert.deepEqual(find('is:expired', tokens), ['X']);
    assert.deepEqual(find('is:exp', tokens), ['S', 'X']);
    assert.deepEqual(find('is:none', tokens), ['N']);
    assert.deepEqual(find('is:attention', tokens), ['A']);
  });

  it('is: uses the time and warning it is given, so a filter follows the clock', () => {
    const a = account({ label: 'T', tokenExpiresAt: NOW + 30 * MIN, tokenState: 'valid' });
    const terms = parseQuery('is:expiring');
    assert.equal(matches(a, terms, NOW, WARN), false);
    assert.equal(matches(a, terms, NOW + 25 * MIN, WARN), true);
    assert.equal(matches(a, terms, NOW, 60), true);
  });
});

describe('groupByStation: the order of the list', () => {
  it('groups by station alphabetically, with unknown stations last under their own title', () => {
    const groups = groupByStation([
      account({ label: 'a', station: null }),
      account({ label: 'b', station: 'uswest' }),
      account({ label: 'c', station: 'au' }),
      account({ label: 'd', station: 'uswest' }),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.title, g.accounts.map((a) => a.label)]),
      [
        ['au', ['c']],
        ['uswest', ['b', 'd']],
        ['Station not known yet', ['a']],
      ],
    );
  });

  it('puts unknown stations after every station name, not only ASCII ones', () => {
    const groups = groupByStation([account({ station: null }), account({ station: 'zürich' }), account({ station: 'Ωmega' })]);
    assert.equal(groups.at(-1)?.title, 'Station not known yet');
  });

  it('sorts accounts by label ignoring case and accents, then by id so equal labels keep a stable order', () => {
    const b = account({ label: 'beta' });
    const a = account({ label: 'Alpha' });
    const e = account({ label: 'Échelle' });
    const twin2 = account({ label: 'twin', id: '00000000-0000-4000-8000-00000000000b' });
    const twin1 = account({ label: 'Twin', id: '00000000-0000-4000-8000-00000000000a' });
    const [group] = groupByStation([twin2, b, e, twin1, a]);
    assert.deepEqual(
      group?.accounts.map((x) => `${x.label}/${x.id.slice(-1)}`),
      [`Alpha/${a.id.slice(-1)}`, `beta/${b.id.slice(-1)}`, `Échelle/${e.id.slice(-1)}`, 'Twin/a', 'twin/b'],
    );
  });

  it('leaves the list it was given in its order (the state keeps using it)', () => {
    const input = [account({ label: 'z' }), account({ label: 'a' })];
    const before = input.map((a) => a.label);
    groupByStation(input);
    assert.deepEqual(
      input.map((a) => a.label),
      before,
    );
  });

  it('gives an empty list no groups', () => {
    assert.deepEqual(groupByStation([]), []);
  });
});

describe('topMatch: what Enter in the search box copies', () => {
  const ops = account({ label: 'Ops US', username: 'a@acme.test', email: null });
  const opsEu = account({ label: 'Ops EU', username: 'b@acme.test', email: null });
  const devops = account({ label: 'Devops lab', username: 'c@acme.test', email: null });
  const shop = account({ label: 'Shop', username: 'ops-bot@acme.test', email: null });
  const none = new Map<string, number>();

  it('ranks the name: whole name, then its start, then a word in it, then anywhere; other fields last', () => {
    const terms = parseQuery('ops');
    assert.deepEqual(
      [ops, devops, shop, account({ label: 'My ops' }), account({ label: 'ops' })].map((a) => relevance(a, terms)),
      [3, 1, 0, 2, 4],
    );
    assert.equal(topMatch([shop, devops, ops], terms, none)?.label, 'Ops US');
  });

  it('takes the first in the list among equal matches, unless one was copied more recently', () => {
    const terms = parseQuery('ops');
    assert.equal(topMatch([opsEu, ops], terms, none)?.label, 'Ops EU');
    assert.equal(
      topMatch(
        [opsEu, ops],
        terms,
        new Map([
          [ops.id, 2],
          [opsEu.id, 1],
        ]),
      )?.label,
      'Ops US',
    );
    // Recency breaks ties only: a better match copied long ago still wins.
    assert.equal(topMatch([devops, ops], terms, new Map([[devops.id, 9]]))?.label, 'Ops US');
  });

  it('keeps field filters: only `label:` and plain words weigh, and nothing matches nothing', () => {
    assert.equal(topMatch([opsEu, ops], parseQuery('station:euwest'), new Map([[ops.id, 5]]))?.label, 'Ops US');
    assert.equal(topMatch([], parseQuery('ops'), none), null);
  });
});
