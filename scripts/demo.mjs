// `npm run demo` after the build: WXM Vault in the browser shell against a local WXM sandbox
// with sample accounts (electron/demo/demo.ts). Exit code: 0 when the window was closed.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/demo/demo.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('The WXM Vault demo is not built yet: run `npm run demo` (it builds first) or `npm run build`.\n');
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const { main } = await import(entry.href);
const terminal = {
  say: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
};
const launcher = {
  withKeyring: fileURLToPath(new URL('./with-keyring.sh', import.meta.url)),
  relaunch: [process.execPath, fileURLToPath(import.meta.url)],
};
process.exit(await main(version, terminal, launcher));
