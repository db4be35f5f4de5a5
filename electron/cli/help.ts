/** `--help` for `wxm-vault` and each of its commands. */

export const COMMAND_NAMES = ['list', 'status', 'token', 'exec', 'api'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const ACCOUNT = `<account> is an account's id, name or username, in any case; a name that fits more than one account lists them.`;

const EXIT_CODES = `Exit codes:
  0  ok
  1  failure (network, WXM, keychain)
  2  usage: an unknown command or flag, an account name that fits none or several, or a refused path (api: one
     that would leave the account's base URL)
  3  locked or needs attention: the vault passphrase could not be asked for or was wrong, the account needs
     you in the app (wrong password, two-factor code, locked), or the app holds the data folder and has no
     token to share`;

const COMMANDS: Record<CommandName, { summary: string; text: string }> = {
  list: {
    summary: 'List accounts by station, with token state and time left',
    text: `Usage: wxm-vault list [--json]

List every account, grouped by station, with its token state (valid, expiring, expired, none,
needs attention) and the time left. Tokens are never printed.

Flags:
  --json   one JSON array: id, label, username, station, baseUrl, authMode, state,
           tokenExpiresAt (ISO 8601 or null), problem`,
  },
  status: {
    summary: 'Check the keychain, the vault and every account, with the fix for each problem',
    text: `Usage: wxm-vault status

Show the keychain backend, whether a vault passphrase is set, whether tokens are shared with
the app and whether the app is running, then each account: what is wrong and the exact fix.
Exits 3 when an account needs attention, 1 when the keychain does not work.`,
  },
  token: {
    summary: 'Print a valid token for an account',
    text: `Usage: wxm-vault token <account> [--header]

Print a valid token and a newline on stdout, and nothing else; log in first when needed.
${ACCOUNT}

Flags:
  --header   print "Authorization: Bearer <token>" instead

Example:
  curl -H "$(wxm-vault token ops --header)" https://api.getcloudcherry.com/api/Settings`,
  },
  exec: {
    summary: 'Run a command with a token in its environment',
    text: `Usage: wxm-vault exec <account> [--force] -- <command> [args…]

Run <command> with these variables set, passing stdin, stdout, stderr, signals and its exit
code through:
  WXM_TOKEN              the token
  WXM_AUTHORIZATION      "Bearer <token>"
  WXM_BASE_URL           the account's base URL
  WXM_STATION            its station ("" before the first login)
  WXM_ACCOUNT            its name
  WXM_TOKEN_EXPIRES_AT   when the token expires (ISO 8601)
With a vault passphrase, it is asked once for the whole command: the way to run scripts.
${ACCOUNT}

Flags:
  --force   run even inside another wxm-vault exec (WXM_ACCOUNT is already set)

Example:
  wxm-vault exec ops -- sh -c 'curl -H "Authorization: $WXM_AUTHORIZATION" "$WXM_BASE_URL/api/Settings"'`,
  },
  api: {
    summary: 'Make an authenticated request to WXM',
    text: `Usage: wxm-vault api <account> <path> [-X METHOD] [-d BODY | -f key=value …] [--raw]

Send a request to <path> under the account's base URL with its token; when WXM rejects the
token (401), log in once more and retry once. Prints the answer as indented JSON (or as it
came, with --raw); when WXM answers with an error, prints it and exits 1. Absolute URLs,
//host, . and .. segments are refused: the token goes to the account's base URL only.
${ACCOUNT}

Flags:
  -X, --method METHOD   GET, POST, PUT, PATCH or DELETE (default GET; POST with -d or -f)
  -d, --data BODY       the request body, sent as JSON
  -f, --field key=value a string field of a JSON object body (repeat it); with GET, a query parameter
      --raw             print the answer as it came

Example:
  wxm-vault api ops /api/Settings`,
  },
};

export function commandHelp(name: CommandName): string {
  return `${COMMANDS[name].text}\n\n${EXIT_CODES}\n`;
}

export function mainHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length));
  const list = COMMAND_NAMES.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`).join('\n');
  return `wxm-vault: WXM tokens for scripts and tools, from the WXM Vault keychain, without the clipboard.

Usage: wxm-vault <command> [flags]

Commands:
${list}

Flags:
  -h, --help   help for wxm-vault or a command (wxm-vault <command> --help)
  --version    print the version

Environment:
  WXM_VAULT_DATA_DIR           the data folder (as for the app)
  WXM_VAULT_KEYCHAIN_SERVICE   the keychain service name (as for the app)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS   how WXM is reached
A vault passphrase is only ever asked for on the terminal, never taken from a flag or variable.

${EXIT_CODES}
`;
}
