#!/usr/bin/env node
// Runs Electronegativity through its own runner (the function its CLI calls) so we get
// what the CLI hides: with `-o report.csv` the CLI prints nothing, not even
// "Error parsing <file>", so a file it could not parse would pass unseen.
// Writes the CSV report (the gate parses it) and a JSON list of parse errors.
//
// The CSV is written here, synchronously, in Electronegativity's own format (same columns,
// same quoting): its writer fires the header and the rows as two unsynchronised async
// writes (flag 'w', then 'a'), and we saw the header land on top of the first row. The gate
// caught the broken row, but a race must not decide whether CI passes.
//
//   node scripts/electronegativity-scan.mjs --input DIR --csv out.csv --errors out.json --electron 45.4.1 [--lower-js yes]
//
// --lower-js (for built output, on a staged copy): the scanner's scope analyser (escope)
// predates ES2022 and fails on `#private` class fields ("Unknown node type
// ClassPrivateProperty"), which both our main bundle and Svelte's runtime use, and it reads
// only .js/.jsx/.ts/.tsx/.html, so it would skip our .cjs bundles without a word. So each
// .js/.cjs file is re-emitted by esbuild with syntax lowered to ES2021 (same calls, same
// object literals, no minification) and .cjs files are renamed NAME.cjs.js; the gate
// reports them under their real name again.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { transformSync } from 'esbuild';

const require = createRequire(import.meta.url);
const opts = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) opts[argv[i].replace(/^--/, '')] = argv[i + 1];
for (const k of ['input', 'csv', 'errors', 'electron']) {
  if (!opts[k]) {
    console.error(`electronegativity-scan: missing --${k}`);
    process.exit(2);
  }
}

function lowerJs(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) count += lowerJs(path);
    else if (/\.(c?js|mjs)$/.test(entry.name)) {
      const code = transformSync(readFileSync(path, 'utf8'), { loader: 'js', target: 'es2021', minify: false }).code;
      rmSync(path);
      writeFileSync(/\.(cjs|mjs)$/.test(path) ? `${path}.js` : path, code);
      count++;
    }
  }
  return count;
}
if (opts['lower-js'] === 'yes') console.log(`lowered ${lowerJs(resolve(opts.input))} script file(s) to ES2021 for the scanner`);

const i18n = require('@doyensec/electronegativity/dist/locales/i18n.js');
const run = require('@doyensec/electronegativity/dist/runner.js');
await (i18n.default ?? i18n)();
const result = await (run.default ?? run)(
  {
    input: resolve(opts.input),
    output: undefined, // written below, without the race
    isSarif: false,
    customScan: [],
    // Class names, lower-cased as the CLI does. This one needs the network (Electron's release list).
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: opts.electron,
    parserPlugins: [],
  },
  false,
);
// Same format as Electronegativity's util/file.js writeIssues (CSV branch).
const escapeCsv = (v) => (v != null ? `"${String(v).replace(/"/g, '""')}"` : 'N/A');
const lines = ['issue, severity, confidence, filename, location, sample, description, url'];
for (const issue of result.issues) {
  lines.push(
    [
      issue.id,
      escapeCsv(issue.severity.name),
      escapeCsv(issue.confidence.name),
      escapeCsv(issue.file),
      escapeCsv(`${issue.location.line}:${issue.location.column}`),
      escapeCsv(issue.sample),
      escapeCsv(issue.description),
      `https://github.com/doyensec/electronegativity/wiki/${issue.id}`,
    ].join(','),
  );
}
writeFileSync(resolve(opts.csv), `${lines.join('\n')}\n`);
writeFileSync(opts.errors, JSON.stringify(result.errors, null, 2));
console.log(
  `scanned with ${result.globalChecks} global and ${result.atomicChecks} atomic checks; ${result.issues.length} finding(s), ${result.errors.length} parse error(s)`,
);
