// What `npm start` and `npm run demo` share: load a built entry (or say how to build it), the app's
// version, and a terminal that prints the entry's lines.
import { existsSync, readFileSync } from 'node:fs';

export const terminal = {
  say: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
};

/** The built module at `relative` (from the project root), or exit 1 with `notBuilt`. */
export async function loadBuilt(relative, notBuilt) {
  const entry = new URL(`../${relative}`, import.meta.url);
  if (!existsSync(entry)) {
    process.stderr.write(`${notBuilt}\n`);
    process.exit(1);
  }
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return { version, module: await import(entry.href) };
}
