/**
 * Adds the sample accounts through the vault's own AccountService, exactly as
 * the Add form does: each is logged in to the sandbox first, and its password
 * or API key goes to the keychain (never to a file). Runs on a demo start whose
 * vault lists no account, so what a user changed or removed is left alone.
 */
import type { AccountView } from '../common/ipc-contract';
import type { AccountService } from '../core/accounts/account-service';
import { VaultError } from '../core/errors';
import type { WxmTestServer } from '../sandbox/wxm-sandbox';
import { sampleSecret, SAMPLE_ACCOUNTS, type SampleAccount } from './sample-accounts';

async function addSample(accounts: AccountService, sandbox: WxmTestServer, sample: SampleAccount): Promise<AccountView> {
  const request = {
    label: sample.label,
    username: sample.user.username,
    secret: sampleSecret(sample),
    authMode: sample.authMode,
    baseUrl: sandbox.baseUrl,
  };
  try {
    return await accounts.add(request);
  } catch (error) {
    // A two-factor account is added as a user would: the login without a code has the sandbox "e-mail" one, which we enter.
    if (!(error instanceof VaultError) || error.code !== 'two-factor-required') throw error;
    const otp = sandbox.sentCodes(sample.user.username).at(-1);
    if (otp === undefined) throw error;
    return accounts.add({ ...request, otp });
  }
}

/** The accounts added, in SAMPLE_ACCOUNTS order; none when the vault already lists some. */
export async function seedSampleAccounts(accounts: AccountService, sandbox: WxmTestServer): Promise<AccountView[]> {
  if ((await accounts.list()).length > 0) return [];
  const added: AccountView[] = [];
  // In order, so accounts.json lists them as SAMPLE_ACCOUNTS does.
  for (const sample of SAMPLE_ACCOUNTS) added.push(await addSample(accounts, sandbox, sample));
  return added;
}
