/**
 * An accounts.json entry that the store's schema accepts, for tests and benchmarks that put accounts straight into
 * the store (or hand one to the schema) without an add. Each call mints a new id, so records can share a Map.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_BASE_URL } from '../../electron/common/field-rules';
import type { AccountRecord } from '../../electron/core/accounts/account-record';

export function accountRecord(overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id: randomUUID(),
    label: 'Ops',
    username: 'ops@acme',
    baseUrl: DEFAULT_BASE_URL,
    station: 'uswest',
    email: null,
    role: null,
    authMode: 'password',
    hasPassword: true,
    hasApiKey: false,
    twoFactor: false,
    lastLoginAt: null,
    createdAt: Date.UTC(2025, 0, 15, 9, 0, 0),
    problem: null,
    ...overrides,
  };
}
