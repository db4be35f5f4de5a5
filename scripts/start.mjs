// `npm start` after the build: runs Electron when its binary is installed, else the
// browser shell (electron/browser/start.ts). Exit code: 0 when the window was closed.
import { existsSync, readFileSync } from 'node:fs';

const entry = new URL('../dist/browser/start.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('WXM Vault is not built yet: run `npm start` (it builds first) or `npm run build`.\n');
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const { main } = await import(entry.href);
const terminal = {
  say: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
};
process.exit(await main(version, terminal));
