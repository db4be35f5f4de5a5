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
import { build } from 'electron-builder';
import { findPackagedApp } from '../check-fuses.mjs';
import { signingPlan } from './signing-plan.mjs';
import { updateFeed } from './update-feed.mjs';

const plan = signingPlan(process.platform, process.env);
const feed = updateFeed(process.env);
console.log(`dist: ${plan.summary}`);
console.log(`dist: ${feed.summary}`);
if (plan.secretsUsed.length) console.log(`dist: signing with the repository secrets ${plan.secretsUsed.join(', ')}`);
const problems = [...plan.problems, ...feed.problems];
if (problems.length) {
  for (const p of problems) console.error(`dist: ${p}`);
  process.exit(1);
}
Object.assign(process.env, plan.env);

// publish 'never': the feed goes into the app (app-update.yml) and latest*.yml, but nothing is uploaded from here.
const files = await build({ config: { ...plan.config, ...feed.config }, publish: 'never' });
const release = resolve('release');

if (plan.signed) verifySignature(files);

mkdirSync(release, { recursive: true });
const info = {
  platform: process.platform,
  arch: process.arch,
  signed: plan.signed,
  notarised: plan.notarised,
  mark: plan.mark,
  summary: plan.summary,
};
writeFileSync(join(release, `build-info-${process.platform}.json`), `${JSON.stringify(info, null, 2)}\n`);
console.log(`dist: ${files.length} file(s) in release/`);

/** A build with signing secrets that came out unsigned must fail, not ship quietly. */
function verifySignature(artifacts) {
  if (process.platform === 'darwin') {
    // electron-builder signs (and staples) the .app inside the dmg, not the dmg itself.
    const app = findPackagedApp(release, '', 'darwin');
    if (!app) throw new Error('No .app in release/mac*/ to check the signature of.');
    execFileSync('codesign', ['--verify', '--deep', '--strict', '--verbose=2', app], { stdio: 'inherit' });
    if (plan.notarised) execFileSync('xcrun', ['stapler', 'validate', app], { stdio: 'inherit' });
  } else if (process.platform === 'win32') {
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
