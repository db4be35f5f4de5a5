#!/usr/bin/env node
// usage: node scripts/installers/dist.mjs   (CI's packaging step; `npm run build` first)
//
// Packages this OS's installers with electron-builder under the signing plan (see
// signing-plan.mjs): refuses half-configured secrets, marks unsigned builds in their file
// names, checks that a build meant to be signed really is, and leaves
// release/build-info-<os>.json for the release notes. Never publishes: the workflow's
// release job uploads to a draft release, which a maintainer publishes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findPackagedApp } from '../check-fuses.mjs';
import { signingPlan } from './signing-plan.mjs';
import { updateFeed } from './update-feed.mjs';

/**
 * Everything this build decides from the platform and the environment alone, before
 * electron-builder runs: what dist() passes it, and what the tests check.
 * @param {NodeJS.Platform} platform
 * @param {Record<string, string | undefined>} env
 */
export function distPlan(platform, env) {
  const signing = signingPlan(platform, env);
  const feed = updateFeed(env);
  const config = { ...signing.config, ...feed.config };
  let updates = Object.keys(feed.config).length ? true : null;
  let feedSummary = feed.summary;
  if (platform === 'darwin' && !signing.signed) {
    // Flipping the fuses rewrites the Electron binary and breaks its ad-hoc signature, and Apple
    // silicon runs no arm64 code without a valid one: sign it ad hoc again (this is not a fuse).
    config.electronFuses = { resetAdHocDarwinSignature: true };
    // Squirrel.Mac installs only an update signed like the running app, so an unsigned build would
    // offer every release and install none. null: no app-update.yml, no latest-mac.yml.
    config.publish = null;
    updates = false;
    feedSummary =
      'updates: none. An unsigned macOS build cannot install updates (Squirrel.Mac takes signed apps only), so it carries no update feed.';
  }
  return {
    signing,
    problems: [...signing.problems, ...feed.problems],
    /** Overrides electron-builder merges over electron-builder.yml. */
    config,
    /** Variables set for electron-builder. */
    env: signing.env,
    /** Whether the build carries an update feed: null when electron-builder looks for a repository itself. */
    updates,
    summaries: [signing.summary, feedSummary],
  };
}

/** Packages with electron-builder; `options` reach its build() (the tests hand it a prepackaged app). */
export async function dist(platform, env, options = {}) {
  const plan = distPlan(platform, env);
  for (const line of plan.summaries) console.log(`dist: ${line}`);
  if (plan.signing.secretsUsed.length) console.log(`dist: signing with the repository secrets ${plan.signing.secretsUsed.join(', ')}`);
  if (plan.problems.length) {
    for (const p of plan.problems) console.error(`dist: ${p}`);
    return { ok: false, files: [] };
  }
  Object.assign(process.env, plan.env);
  const { build } = await import('electron-builder');
  const release = resolve(options.config?.directories?.output ?? 'release');
  // publish 'never': the feed goes into the app (app-update.yml) and latest*.yml, but nothing is uploaded from here.
  const files = await build({ ...options, config: { ...plan.config, ...options.config }, publish: 'never' });

  if (plan.signing.signed) verifySignature(platform, plan.signing, release, files);

  mkdirSync(release, { recursive: true });
  const info = {
    platform,
    arch: process.arch,
    signed: plan.signing.signed,
    notarised: plan.signing.notarised,
    mark: plan.signing.mark,
    summary: plan.signing.summary,
    updates: plan.updates,
  };
  writeFileSync(join(release, `build-info-${platform}.json`), `${JSON.stringify(info, null, 2)}\n`);
  console.log(`dist: ${files.length} file(s) in ${release}`);
  return { ok: true, files };
}

/** A build with signing secrets that came out unsigned must fail, not ship quietly. */
function verifySignature(platform, signing, release, artifacts) {
  if (platform === 'darwin') {
    // electron-builder signs (and staples) the .app inside the dmg, not the dmg itself.
    const app = findPackagedApp(release, '', 'darwin');
    if (!app) throw new Error('No .app in release/mac*/ to check the signature of.');
    execFileSync('codesign', ['--verify', '--deep', '--strict', '--verbose=2', app], { stdio: 'inherit' });
    if (signing.notarised) execFileSync('xcrun', ['stapler', 'validate', app], { stdio: 'inherit' });
  } else if (platform === 'win32') {
    for (const exe of artifacts.filter((f) => f.endsWith('.exe'))) {
      const status = execFileSync(
        'powershell',
        ['-NoProfile', '-Command', `(Get-AuthenticodeSignature -LiteralPath '${exe.replace(/'/g, "''")}').Status`],
        { encoding: 'utf8' },
      ).trim();
      if (status !== 'Valid')
        throw new Error(`${exe} should be signed, but its Authenticode status is "${status}". Check the WIN_CSC_LINK certificate.`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { ok } = await dist(process.platform, process.env);
  if (!ok) process.exitCode = 1;
}
