#!/usr/bin/env node
// Parses one Electronegativity CSV report and decides pass/fail.
//
//   node scripts/electronegativity-gate.mjs --scan sources --csv r.csv --errors r.errors.json --allowlist a.json
//
// Fails (exit 1) on: a missing, empty or malformed CSV; a file the scanner could not
// parse (listed by electronegativity-scan.mjs); any HIGH or MEDIUM finding without an
// allow-list entry for the same check, file and scan; an allow-list entry without
// a real reason; an allow-list entry for this scan that matches nothing (stale
// entries would silently excuse a future finding). Prints every finding.
import { existsSync, readFileSync } from 'node:fs';

export const CSV_HEADER = ['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'url'];
export const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
export const GATED = new Set(['HIGH', 'MEDIUM']);

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. Throws on malformed input. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  let fieldStarted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new Error(`unexpected character after a closing quote at offset ${i}`);
        }
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Turns the report into findings, checking the header and every row's shape. */
export function parseReport(text) {
  const rows = parseCsv(text).filter((r) => !(r.length === 1 && r[0].trim() === ''));
  if (rows.length === 0) throw new Error('the report is empty (not even a header)');
  const header = rows[0].map((h) => h.trim());
  if (JSON.stringify(header) !== JSON.stringify(CSV_HEADER)) {
    throw new Error(`unexpected header: ${rows[0].join(',')}`);
  }
  return rows.slice(1).map((r, index) => {
    if (r.length !== CSV_HEADER.length) throw new Error(`row ${index + 2} has ${r.length} fields, expected ${CSV_HEADER.length}`);
    const [issue, severity, confidence, filename, location, sample, description, url] = r.map((v) => v.trim());
    if (!/^[A-Z0-9_]+_CHECK$/.test(issue)) throw new Error(`row ${index + 2}: not a check id: ${issue}`);
    if (!SEVERITIES.includes(severity)) throw new Error(`row ${index + 2}: unknown severity ${severity}`);
    // Our .cjs bundles are staged as NAME.cjs.js (the scanner skips .cjs); report the real name.
    const file = filename.replace(/\.(cjs|mjs)\.js$/, '.$1');
    return { issue, severity, confidence, file, location, sample, description, url };
  });
}

/** Validates the allow-list file: a JSON array of { check, file, scan, reason }. */
export function parseAllowlist(text) {
  const list = JSON.parse(text);
  if (!Array.isArray(list)) throw new Error('the allow-list must be a JSON array');
  return list.map((entry, i) => {
    const where = `allow-list entry ${i}`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: not an object`);
    const keys = Object.keys(entry).sort().join(',');
    if (keys !== 'check,file,reason,scan') throw new Error(`${where}: needs exactly check, file, scan, reason (has ${keys})`);
    if (!/^[A-Z0-9_]+_CHECK$/.test(entry.check)) throw new Error(`${where}: check must be a check id like PRELOAD_JS_CHECK`);
    if (typeof entry.file !== 'string' || entry.file.length === 0) throw new Error(`${where}: file must be a path`);
    if (entry.scan !== 'sources' && entry.scan !== 'built') throw new Error(`${where}: scan must be "sources" or "built"`);
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 40) {
      throw new Error(`${where}: the reason must explain why the finding is acceptable (40+ characters)`);
    }
    return entry;
  });
}

/** The decision, without I/O, so tests can drive it. */
export function judge(findings, allowlist, scan) {
  const mine = allowlist.filter((e) => e.scan === scan);
  const used = new Set();
  const results = findings.map((f) => {
    const entry = mine.find((e) => e.check === f.issue && e.file === f.file);
    if (entry) used.add(entry);
    const gated = GATED.has(f.severity);
    return { finding: f, entry, verdict: !gated ? 'info' : entry ? 'allowed' : 'FAIL' };
  });
  const stale = mine.filter((e) => !used.has(e));
  return { results, stale, failed: results.some((r) => r.verdict === 'FAIL') || stale.length > 0 };
}

/** The scanner's parse errors (JSON written by electronegativity-scan.mjs): files it did not check. */
export function parseErrors(text) {
  const list = JSON.parse(text);
  if (!Array.isArray(list)) throw new Error('the parse-error list must be a JSON array');
  // "tolerable" errors are recoverable parser warnings: the file still got an AST and was checked.
  return list.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`);
}

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad arguments: ${argv.join(' ')}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['scan', 'csv', 'errors', 'allowlist']) if (!out[k]) throw new Error(`missing --${k}`);
  return out;
}

function main() {
  const opts = args(process.argv.slice(2));
  const fail = (message) => {
    console.log(`electronegativity gate (${opts.scan}): FAILED: ${message}`);
    process.exit(1);
  };
  if (!existsSync(opts.csv) || !existsSync(opts.errors)) {
    fail(`no report at ${opts.csv} (or ${opts.errors}): the scanner crashed or was not run, so nothing was checked`);
  }
  let findings, allowlist, errors;
  try {
    findings = parseReport(readFileSync(opts.csv, 'utf8'));
  } catch (error) {
    fail(`cannot read the report ${opts.csv}: ${error.message}`);
  }
  try {
    allowlist = parseAllowlist(readFileSync(opts.allowlist, 'utf8'));
  } catch (error) {
    fail(`cannot read the allow-list ${opts.allowlist}: ${error.message}`);
  }
  try {
    errors = parseErrors(readFileSync(opts.errors, 'utf8'));
  } catch (error) {
    fail(`cannot read the parse-error list ${opts.errors}: ${error.message}`);
  }
  const { results, stale, failed } = judge(findings, allowlist, opts.scan);

  console.log(`electronegativity (${opts.scan}): ${findings.length} finding(s)`);
  for (const { finding: f, entry, verdict } of results) {
    console.log(`  [${verdict}] ${f.issue} ${f.severity}/${f.confidence} ${f.file}:${f.location}  ${f.description}`);
    if (entry) console.log(`           allowed because: ${entry.reason}`);
  }
  for (const e of stale) console.log(`  [FAIL] stale allow-list entry (matches no finding): ${e.check} ${e.file}`);
  for (const line of errors) console.log(`  [FAIL] the scanner could not check a file: ${line.trim()}`);
  if (failed || errors.length > 0) fail('unexplained HIGH/MEDIUM findings, stale allow-list entries or unparsed files (see above)');
  console.log(`electronegativity gate (${opts.scan}): ok`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
