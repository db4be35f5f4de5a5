/**
 * Every field limit lives in electron/common/field-rules.ts. These tests push the edge values through each place
 * that enforces a limit (the IPC contract, accounts.json, the import parser, the settings file, the passphrase
 * vault, the login reply) and the check the renderer's forms run, and expect one verdict from all of them: a limit
 * copied into one place and changed in another is how a form accepts what main refuses, or an id main never mints
 * gets into accounts.json.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_BASE_URL,
  DEFAULT_SETTINGS,
  FIELD_RULES,
  fits,
  inRange,
  MIN_PASSPHRASE_LENGTH,
  RESET_CONFIRMATION,
  SETTINGS_RANGES,
  type NumberSetting,
} from '../../electron/common/field-rules';
import { channels, type ChannelName } from '../../electron/common/ipc-contract';
import { accountRecordSchema } from '../../electron/core/accounts/account-record';
import { EXPORT_FORMAT, EXPORT_VERSION, parseExport } from '../../electron/core/accounts/account-transfer';
import { VaultError } from '../../electron/core/errors';
import { createLogger } from '../../electron/core/logger';
import { PassphraseVault } from '../../electron/core/passphrase/passphrase-vault';
import { Redactor } from '../../electron/core/redactor';
import { KeychainSecretStore } from '../../electron/core/keychain/secrets';
import { SettingsStore } from '../../electron/core/settings/settings-store';
import { normaliseBaseUrl } from '../../electron/core/wxm/base-url';
import { parseLoginResponse } from '../../electron/core/wxm/login-response';
import { accountRecord } from '../harness/account-record-fixture';
import { TEST_KDF } from './fixtures/test-kdf';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function passes(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

const contract = <C extends ChannelName>(channel: C, request: unknown) => passes(() => channels[channel].request.parse(request));

const record = (fields: Record<string, unknown>) => passes(() => accountRecordSchema.parse({ ...accountRecord(), ...fields }));

function importing(fields: Record<string, unknown>): () => ReturnType<typeof parseExport> {
  const account = { label: 'Ops', username: 'ops@acme', authMode: 'password', ...fields };
  return () => parseExport(JSON.stringify({ format: EXPORT_FORMAT, schemaVersion: EXPORT_VERSION, accounts: [account] }));
}

const x = (n: number) => 'x'.repeat(n);

describe('field rules: account ids', () => {
  it('the contract and accounts.json accept exactly the lower-case UUIDs main mints', () => {
    const cases: [string, boolean][] = [
      [ID, true],
      [randomUUID(), true],
      [ID.toUpperCase(), false],
      [ID.replaceAll('-', '0'), false], // 36 hex digits, no dashes
      ['-'.repeat(36), false],
      [ID.slice(1), false],
      [`${ID}0`, false],
    ];
    for (const [id, ok] of cases) {
      const verdicts = { rule: fits(FIELD_RULES.accountId, id), contract: contract('accounts:remove', { id }), record: record({ id }) };
      assert.deepEqual(verdicts, { rule: ok, contract: ok, record: ok }, `id ${JSON.stringify(id)}`);
    }
  });
});

describe('field rules: account text fields', () => {
  const fields = [
    { name: 'label', rule: FIELD_RULES.label, other: { username: 'u' } },
    { name: 'username', rule: FIELD_RULES.username, other: { label: 'l' } },
  ] as const;

  for (const { name, rule, other } of fields) {
    it(`${name}: the contract, accounts.json and an import agree at 0, 1, ${rule.max} and ${rule.max + 1} characters`, () => {
      for (const [value, ok] of [
        ['', false],
        [x(1), true],
        [x(rule.max), true],
        [x(rule.max + 1), false],
      ] as const) {
        const verdicts = {
          rule: fits(rule, value),
          add: contract('accounts:add', { ...other, [name]: value, secret: 's', authMode: 'password' }),
          update: contract('accounts:update', { id: ID, [name]: value }),
          record: record({ [name]: value }),
          import: passes(importing({ [name]: value })),
        };
        assert.deepEqual(verdicts, { rule: ok, add: ok, update: ok, record: ok, import: ok }, `${name} of ${value.length}`);
      }
    });
  }

  it('station, e-mail and role: accounts.json and an import keep what a login keeps, no more', () => {
    const keys = { station: 'station', email: 'email', role: 'primaryRole' } as const;
    for (const [name, replyKey] of Object.entries(keys) as [keyof typeof keys, string][]) {
      const { max } = FIELD_RULES[name];
      for (const [value, ok] of [
        [x(max), true],
        [x(max + 1), false],
      ] as const) {
        const login = parseLoginResponse({ access_token: 't', [replyKey]: value }, 0);
        const verdicts = { login: login?.[name] === value, record: record({ [name]: value }), import: passes(importing({ [name]: value })) };
        assert.deepEqual(verdicts, { login: ok, record: ok, import: ok }, `${name} of ${value.length}`);
      }
    }
  });

  it('secret and passphrase: the contract takes up to the rule, no more', () => {
    assert.equal(contract('accounts:add', { label: 'l', username: 'u', secret: x(FIELD_RULES.secret.max), authMode: 'apiKey' }), true);
    assert.equal(contract('accounts:add', { label: 'l', username: 'u', secret: x(FIELD_RULES.secret.max + 1), authMode: 'apiKey' }), false);
    assert.equal(contract('vault:unlock', { passphrase: x(FIELD_RULES.passphrase.max) }), true);
    assert.equal(contract('vault:unlock', { passphrase: x(FIELD_RULES.passphrase.max + 1) }), false);
  });
});

describe('field rules: two-factor codes', () => {
  it('the forms and the contract take 4 to 12 letters and digits, nothing else', () => {
    const cases: [string, boolean][] = [
      ['123', false],
      ['1234', true],
      ['123456', true],
      ['abcDEF123456', true],
      ['abcDEF1234567', false],
      ['123 456', false],
      ['123-456', false],
      ['12345６', false], // a full-width digit
    ];
    for (const [otp, ok] of cases) {
      const verdicts = {
        form: fits(FIELD_RULES.otp, otp),
        login: contract('accounts:login', { id: ID, otp }),
        add: contract('accounts:add', { label: 'l', username: 'u', secret: 's', authMode: 'password', otp }),
      };
      assert.deepEqual(verdicts, { form: ok, login: ok, add: ok }, `code ${JSON.stringify(otp)}`);
    }
  });
});

describe('field rules: base URL', () => {
  it('an empty server means the default, which accounts.json accepts as it is', () => {
    assert.equal(normaliseBaseUrl(''), DEFAULT_BASE_URL);
    assert.equal(record({ baseUrl: DEFAULT_BASE_URL }), true);
    assert.deepEqual(
      importing({})().map((a) => a.baseUrl),
      [DEFAULT_BASE_URL],
    );
  });

  it('the account form and the contract agree on what looks like a server URL', () => {
    const cases: [string, boolean][] = [
      ['https://api.example.com', true],
      ['http://127.0.0.1:8080', true],
      ['HTTPS://x', true],
      ['https://', false],
      ['https:///api.example.com', false],
      ['https:// api.example.com', false],
      ['ftp://api.example.com', false],
      ['api.example.com', false],
    ];
    for (const [baseUrl, ok] of cases) {
      const verdicts = {
        form: fits(FIELD_RULES.baseUrl, baseUrl),
        add: contract('accounts:add', { label: 'l', username: 'u', secret: 's', authMode: 'password', baseUrl }),
        update: contract('accounts:update', { id: ID, baseUrl }),
      };
      assert.deepEqual(verdicts, { form: ok, add: ok, update: ok }, `base URL ${JSON.stringify(baseUrl)}`);
    }
  });

  it(`the contract and an import refuse more than ${FIELD_RULES.baseUrl.max} characters before looking further`, () => {
    const url = (n: number) => `https://${x(n - 'https://'.length)}`;
    const { max } = FIELD_RULES.baseUrl;
    assert.equal(contract('accounts:add', { label: 'l', username: 'u', secret: 's', authMode: 'password', baseUrl: url(max) }), true);
    assert.equal(contract('accounts:add', { label: 'l', username: 'u', secret: 's', authMode: 'password', baseUrl: url(max + 1) }), false);
    assert.equal(fits(FIELD_RULES.baseUrl, url(max)), true);
    assert.equal(fits(FIELD_RULES.baseUrl, url(max + 1)), false);
    // At the limit the parser reads it and refuses the host name; over it, the file's shape is refused.
    assert.throws(importing({ baseUrl: url(max) }), /base URL WXM Vault cannot use/);
    assert.throws(importing({ baseUrl: url(max + 1) }), new RegExp(`baseUrl: expected a string of \\d+\\.\\.${max} characters`));
  });
});

describe('field rules: settings', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function store(file?: object): SettingsStore {
    const dataDir = mkdtempSync(join(tmpdir(), 'wxm-field-rules-'));
    dirs.push(dataDir);
    if (file) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(file));
    return new SettingsStore({ dataDir, logger: createLogger(new Redactor(), [() => {}]), now: () => 0 });
  }

  it('a fresh settings file holds the shared defaults', () => {
    assert.deepEqual(store().current, DEFAULT_SETTINGS);
  });

  for (const [key, range] of Object.entries(SETTINGS_RANGES) as [NumberSetting, { min: number; max: number }][]) {
    it(`${key}: the contract, the store and the settings file agree at ${range.min - 1}, ${range.min}, ${range.max} and ${range.max + 1}`, async () => {
      for (const [value, ok] of [
        [range.min - 1, false],
        [range.min, true],
        [range.max, true],
        [range.max + 1, false],
      ] as const) {
        const saved = await store()
          .update({ [key]: value })
          .then(
            () => true,
            () => false,
          );
        const verdicts = {
          form: inRange(range, value),
          contract: contract('settings:update', { [key]: value }),
          update: saved,
          file: store({ [key]: value }).current[key] === value,
        };
        assert.deepEqual(verdicts, { form: ok, contract: ok, update: ok, file: ok }, `${key} = ${value}`);
      }
    });
  }
});

describe('field rules: the vault passphrase', () => {
  it(`"Forgot passphrase" takes exactly ${JSON.stringify(RESET_CONFIRMATION)}`, () => {
    assert.equal(contract('vault:reset', { confirm: RESET_CONFIRMATION }), true);
    assert.equal(contract('vault:reset', { confirm: RESET_CONFIRMATION.toLowerCase() }), false);
  });

  it(`a passphrase shorter than ${MIN_PASSPHRASE_LENGTH} characters is refused, one of ${MIN_PASSPHRASE_LENGTH} is set (real keychain)`, async () => {
    const raw = new KeychainSecretStore(`wxm-vault-test-${randomUUID()}`);
    const vault = new PassphraseVault(raw, { logger: createLogger(new Redactor(), [() => {}]), now: () => 0, kdf: TEST_KDF });
    try {
      const short = await vault.setPassphrase(undefined, x(MIN_PASSPHRASE_LENGTH - 1)).catch((e: unknown) => e);
      assert.ok(short instanceof VaultError && short.code === 'bad-request', 'short passphrase refused');
      assert.match(short.message, new RegExp(`at least ${MIN_PASSPHRASE_LENGTH} characters`));
      assert.deepEqual(await vault.setPassphrase(undefined, x(MIN_PASSPHRASE_LENGTH)), { passphraseSet: true, locked: false });
    } finally {
      for (const k of await raw.keys()) await raw.delete(k);
    }
  });
});

describe('field rules: nothing else spells them out', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const source = (path: string) => readFileSync(join(root, path), 'utf8');
  const IMPORT = /from '(\.\.?\/)+(electron\/)?(common\/)?field-rules'/;

  // Each copy that drifted or was written out more than once, as it was spelled before field-rules.ts.
  const COPIES = [
    /getcloudcherry/,
    /0-9A-Za-z/,
    /\{4,12\}/,
    /\[0-9a-f-\]\{36\}/,
    /\b(600|720|1440)\b/,
    /\bmaxlength=\{?["']?\d/,
    /\b(min|max): (4|8|12|36|60|100|300|320|1024)\b/,
    /\bMIN_PASSPHRASE_LENGTH = \d/,
    /'RESET'/,
  ];
  const PLACES = [
    'electron/common/ipc-contract.ts',
    'electron/core/accounts/account-record.ts',
    'electron/core/accounts/account-transfer.ts',
    'electron/core/settings/settings-store.ts',
    'electron/core/wxm/base-url.ts',
    'electron/core/passphrase/passphrase-vault.ts',
    'renderer/src/components/AccountForm.svelte',
    'renderer/src/components/TwoFactorForm.svelte',
    'renderer/src/components/SettingsForm.svelte',
    'renderer/src/lib/settings-state.svelte.ts',
  ];

  for (const place of PLACES) {
    it(`${place} imports the rules and copies none`, () => {
      const text = source(place);
      assert.match(text, IMPORT);
      for (const copy of COPIES) assert.doesNotMatch(text, copy, `${place} spells out ${copy}`);
    });
  }

  it('the renderer formatting keeps no copy of the default server', () => {
    for (const copy of COPIES) assert.doesNotMatch(source('renderer/src/lib/format.ts'), copy);
  });

  it('the forms check codes, URLs and settings with the shared rules', () => {
    assert.match(source('renderer/src/components/TwoFactorForm.svelte'), /fits\(FIELD_RULES\.otp, /);
    assert.match(source('renderer/src/components/AccountForm.svelte'), /fits\(FIELD_RULES\.otp, /);
    assert.match(source('renderer/src/components/AccountForm.svelte'), /fits\(FIELD_RULES\.baseUrl, /);
    assert.match(source('renderer/src/components/SettingsForm.svelte'), /inRange\(/);
    assert.match(source('renderer/src/lib/settings-state.svelte.ts'), /DEFAULT_SETTINGS/);
  });
});
