/**
 * The demo's sample WXM accounts: sandbox users on four stations, and how the
 * demo adds each to the vault. Every credential here is valid only in the
 * sandbox on this machine; none is a real WXM login.
 */
import type { AuthMode } from '../common/ipc-contract';
import type { WxmUser } from '../sandbox/wxm-sandbox';

export interface SampleAccount {
  label: string;
  user: WxmUser;
  /** How the vault logs this account in: with the password, or with the user's API key. */
  authMode: AuthMode;
}

export const SAMPLE_ACCOUNTS: readonly SampleAccount[] = [
  {
    label: 'Acme Retail — US operations',
    user: {
      username: 'ops@acme-retail.example',
      password: 'sandbox-acme-ops',
      apiKey: 'sandbox-key-acme-ops',
      role: 'Administrator',
      station: 'uswest',
    },
    authMode: 'password',
  },
  {
    label: 'Acme Retail — reporting',
    user: {
      username: 'reports@acme-retail.example',
      password: 'sandbox-acme-reports',
      apiKey: 'sandbox-key-acme-reports',
      role: 'Analyst',
      station: 'uswest',
    },
    authMode: 'apiKey',
  },
  {
    label: 'Globex — Europe',
    user: { username: 'cx@globex.example', password: 'sandbox-globex-cx', role: 'Manager', station: 'euwest' },
    authMode: 'password',
  },
  {
    label: 'Stark Analytics — EU',
    user: { username: 'insights@stark.example', password: 'sandbox-stark', role: 'Analyst', station: 'euwest' },
    authMode: 'password',
  },
  {
    // Codes arrive by "e-mail": the demo prints each one in its terminal.
    label: 'Initech — Australia',
    user: { username: 'admin@initech.example', password: 'sandbox-initech', role: 'Administrator', station: 'au', sendsCodes: true },
    authMode: 'password',
  },
  {
    // Ten-minute tokens, below the default 15-minute warning: shows "expiring soon", then a renewal on copy.
    label: 'Hooli — India support',
    user: { username: 'support@hooli.example', password: 'sandbox-hooli', role: 'User', station: 'in', tokenLifetimeSeconds: 600 },
    authMode: 'password',
  },
];

/** A sandbox user the demo does not add, so Add account can be tried (printed in the demo's terminal). */
export const SPARE_USER: WxmUser = { username: 'trial@contoso.example', password: 'sandbox-try-add', role: 'User', station: 'uswest' };

export function sandboxUsers(): WxmUser[] {
  return [...SAMPLE_ACCOUNTS.map((a) => ({ ...a.user })), { ...SPARE_USER }];
}

/** What the vault is given for the account: the password, or the API key when it logs in with one. */
export function sampleSecret(sample: SampleAccount): string {
  return sample.authMode === 'apiKey' ? (sample.user.apiKey ?? '') : sample.user.password;
}
