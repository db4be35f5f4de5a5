/**
 * The release build's signing plan (scripts/installers/signing-plan.mjs) and release notes
 * (scripts/installers/release-notes.mjs). A build without signing secrets must say so in
 * its file names and notes, half a set of secrets must fail instead of shipping unsigned,
 * and no secret value may reach the plan the build prints.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
// @ts-expect-error: a plain .mjs script without types
import * as planScript from '../../scripts/installers/signing-plan.mjs';
// @ts-expect-error: a plain .mjs script without types
import * as notesScript from '../../scripts/installers/release-notes.mjs';
// @ts-expect-error: a plain .mjs script without types
import * as distScript from '../../scripts/installers/dist.mjs';
import { needsCommand } from '../harness/host-needs';

interface Plan {
  signable: boolean;
  signed: boolean;
  notarised: boolean | null;
  problems: string[];
  secretsUsed: string[];
  mark: string;
  config: { artifactName: string };
  env: Record<string, string>;
  summary: string;
}
interface Info {
  platform: string;
  summary: string;
  signed: boolean;
  mark: string;
  updates?: boolean | null;
}
interface DistPlan {
  problems: string[];
  config: { artifactName: string; electronFuses?: Record<string, boolean>; publish?: Record<string, string> | null; extraMetadata?: unknown };
  updates: boolean | null;
  summaries: string[];
}
const { distPlan } = distScript as { distPlan(platform: string, env: Record<string, string | undefined>): DistPlan };
const { signingPlan } = planScript as { signingPlan(platform: string, env: Record<string, string | undefined>): Plan };
const notes = notesScript as {
  releaseNotes(tag: string, infos: Info[], files: string[]): { notes: string; problems: string[] };
  shippedFiles(names: string[]): string[];
  checksums(dir: string, files: string[]): string;
};

const CERT = { CSC_LINK: 'base64-p12-CANARY-cert', CSC_KEY_PASSWORD: 'CANARY-cert-password' };
const APPLE = { APPLE_ID: 'ci@acme.test', APPLE_APP_SPECIFIC_PASSWORD: 'CANARY-app-password', APPLE_TEAM_ID: 'TEAM123' };
const WIN = { WIN_CSC_LINK: 'base64-pfx-CANARY-win', WIN_CSC_KEY_PASSWORD: 'CANARY-win-password' };

function assertNoSecretValue(plan: Plan): void {
  const text = JSON.stringify(plan);
  for (const value of Object.values({ ...CERT, ...APPLE, ...WIN }))
    if (value.includes('CANARY')) assert.ok(!text.includes(value), `the plan carries the value of a secret: ${value}`);
}

describe('release signing plan', () => {
  it('marks a macOS or Windows build without secrets unsigned, in its file names and summary, and keeps it off the runner keychain', () => {
    for (const platform of ['darwin', 'win32']) {
      const plan = signingPlan(platform, {});
      assert.equal(plan.signed, false);
      assert.deepEqual(plan.problems, []);
      assert.equal(plan.mark, '-unsigned');
      assert.equal(plan.config.artifactName, '${name}-${version}-${os}-${arch}-unsigned.${ext}');
      assert.match(plan.summary, /UNSIGNED .*Not for distribution/);
      assert.deepEqual(plan.env, { CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
    }
  });

  it('counts empty or blank secrets (a secret the repository does not have) as absent', () => {
    assert.equal(signingPlan('darwin', { CSC_LINK: '', CSC_KEY_PASSWORD: '  ' }).mark, '-unsigned');
    assert.deepEqual(signingPlan('darwin', { CSC_LINK: '', CSC_KEY_PASSWORD: '  ' }).problems, []);
  });

  it('marks a signed but un-notarised macOS build, and passes a signed, notarised one unmarked', () => {
    const signedOnly = signingPlan('darwin', CERT);
    assert.equal(signedOnly.signed, true);
    assert.equal(signedOnly.notarised, false);
    assert.equal(signedOnly.mark, '-unnotarised');
    const full = signingPlan('darwin', { ...CERT, ...APPLE });
    assert.deepEqual([full.signed, full.notarised, full.mark, full.problems], [true, true, '', []]);
    assert.deepEqual(full.secretsUsed, ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']);
    assert.deepEqual(full.env, {}, 'a signing build lets electron-builder find its imported certificate');
    assert.equal(full.summary, 'macOS: signed and notarised.');
    assertNoSecretValue(full);
  });

  it('fails on half a set of secrets and names what is missing, never a value', () => {
    const plan = signingPlan('darwin', { CSC_LINK: CERT.CSC_LINK, APPLE_ID: APPLE.APPLE_ID, APPLE_TEAM_ID: APPLE.APPLE_TEAM_ID });
    assert.deepEqual(plan.problems, [
      'macOS signing certificate: CSC_LINK set but CSC_KEY_PASSWORD missing. Add the missing repository secret(s), or remove the others to build unsigned.',
      'macOS notarisation with an Apple ID: APPLE_ID, APPLE_TEAM_ID set but APPLE_APP_SPECIFIC_PASSWORD missing. Add the missing repository secret(s), or remove the others to build unsigned.',
    ]);
    assertNoSecretValue(plan);
    assert.match(signingPlan('darwin', APPLE).problems.join('\n'), /Apple notarises signed apps only/);
    assert.match(signingPlan('win32', { WIN_CSC_LINK: WIN.WIN_CSC_LINK }).problems.join('\n'), /WIN_CSC_KEY_PASSWORD missing/);
  });

  it('signs Windows with its own certificate only, never the macOS one electron-builder would fall back to', () => {
    const plan = signingPlan('win32', WIN);
    assert.deepEqual([plan.signed, plan.mark, plan.problems, plan.summary], [true, '', [], 'Windows: signed.']);
    assertNoSecretValue(plan);
    assert.match(signingPlan('win32', { ...WIN, ...CERT }).problems.join('\n'), /CSC_LINK \(the macOS certificate\) is set for the Windows build/);
  });

  it('says Linux packages are not code-signed, and marks nothing there', () => {
    const plan = signingPlan('linux', { ...CERT, ...WIN });
    assert.deepEqual([plan.signable, plan.signed, plan.mark, plan.problems, plan.env], [false, false, '', [], {}]);
    assert.match(plan.summary, /not code-signed.*SHA256SUMS/);
  });
});

describe('what dist.mjs hands electron-builder', () => {
  const FEED = { GITHUB_REPOSITORY: 'octo-org/wxm-vault' };
  const require = createRequire(import.meta.url);

  /** electron-builder.yml with the plan's overrides merged as electron-builder merges them, through its own validator. */
  async function validated(plan: DistPlan): Promise<Record<string, unknown>> {
    const { deepAssign } = require('builder-util-runtime') as { deepAssign<T>(target: T, ...objects: unknown[]): T };
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    const yml = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as Record<string, unknown>;
    const merged = deepAssign(yml, structuredClone(plan.config));
    await validateConfiguration(structuredClone(merged), { isEnabled: false, add() {} });
    return merged;
  }

  it('re-signs an unsigned macOS app ad hoc after flipping its fuses, so Apple silicon runs it', async () => {
    const plan = distPlan('darwin', FEED);
    assert.deepEqual(plan.config.electronFuses, { resetAdHocDarwinSignature: true });
    const merged = await validated(plan);
    assert.equal((merged.electronFuses as Record<string, boolean>).runAsNode, false, 'the fuses themselves stay as electron-builder.yml sets them');
    assert.equal((merged.electronFuses as Record<string, boolean>).resetAdHocDarwinSignature, true);
  });

  it('leaves the update feed out of an unsigned macOS build (Squirrel.Mac installs signed updates only), and says so', async () => {
    const plan = distPlan('darwin', FEED);
    assert.equal(plan.config.publish, null, 'null: no app-update.yml, no latest-mac.yml, whatever the git remote says');
    assert.equal(plan.updates, false);
    assert.match(plan.summaries.join('\n'), /updates: none\. An unsigned macOS build cannot install updates/);
    assert.equal((await validated(plan)).publish, null);
  });

  it('keeps the feed, and the signature electron-builder makes, for a signed macOS build and for Linux and Windows', async () => {
    for (const [platform, env] of [
      ['darwin', { ...FEED, ...CERT, ...APPLE }],
      ['darwin', { ...FEED, ...CERT }],
      ['linux', FEED],
      ['win32', FEED],
    ] as const) {
      const plan = distPlan(platform, env);
      assert.equal(plan.config.electronFuses, undefined, platform);
      assert.deepEqual(plan.config.publish, { provider: 'github', owner: 'octo-org', repo: 'wxm-vault', releaseType: 'release' }, platform);
      assert.equal(plan.updates, true);
      await validated(plan);
    }
    assert.equal(distPlan('linux', {}).updates, null, 'no repository named: electron-builder looks for one');
  });
});

describe('release notes and checksums', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxm-release-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const infos: Info[] = [
    { platform: 'linux', summary: signingPlan('linux', {}).summary, signed: false, mark: '' },
    { platform: 'darwin', summary: signingPlan('darwin', {}).summary, signed: false, mark: '-unsigned' },
    { platform: 'win32', summary: signingPlan('win32', WIN).summary, signed: true, mark: '' },
  ];
  const files = [
    'wxm-vault-0.1.0-linux-x86_64.AppImage',
    'wxm-vault-0.1.0-linux-amd64.deb',
    'wxm-vault-0.1.0-mac-arm64-unsigned.dmg',
    'wxm-vault-0.1.0-mac-arm64-unsigned.zip',
    'wxm-vault-0.1.0-win-x64.exe',
    'latest.yml',
    'latest-linux.yml',
    'latest-mac.yml',
  ];

  it('warns at the top when a build is not fully signed, and lists each OS', () => {
    const { notes: text, problems } = notes.releaseNotes('v0.1.0', infos, files);
    assert.deepEqual(problems, []);
    assert.match(text.split('\n').slice(0, 4).join('\n'), /Not for distribution:\*\* the macOS build is not fully signed/);
    assert.match(text, /- macOS: UNSIGNED/);
    assert.match(text, /- Windows: signed\./);
    assert.match(text, /deb does not/);
  });

  it('refuses a release that lacks an OS build or one of its installers', () => {
    const { problems } = notes.releaseNotes(
      'v0.1.0',
      infos.slice(0, 2),
      files.filter((f) => !f.endsWith('.deb')),
    );
    assert.deepEqual(problems, ['No .deb installer for Linux.', 'No Windows build (build-info-win32.json is missing).']);
  });

  it('asks no latest-mac.yml of a macOS build that carries no feed, and says that build does not update itself', () => {
    const noFeed = infos.map((i) => (i.platform === 'darwin' ? { ...i, updates: false } : { ...i, updates: true }));
    const { notes: text, problems } = notes.releaseNotes(
      'v0.1.0',
      noFeed,
      files.filter((f) => f !== 'latest-mac.yml'),
    );
    assert.deepEqual(problems, []);
    assert.match(text, /installed copies \(AppImage, Windows\) offer it/);
    assert.match(text, /This macOS build does not update itself \(it is unsigned, and macOS installs only signed updates\)/);
  });

  it('refuses a release that installed copies could not update from: no macOS zip, or an OS without its latest*.yml', () => {
    const { problems } = notes.releaseNotes(
      'v0.1.0',
      infos,
      files.filter((f) => !f.endsWith('.zip') && f !== 'latest-mac.yml' && f !== 'latest.yml'),
    );
    assert.deepEqual(problems, [
      'No .zip installer for macOS.',
      'No latest-mac.yml for macOS: installed copies would not be offered this release.',
      'No latest.yml for Windows: installed copies would not be offered this release.',
    ]);
  });

  it('writes checksums sha256sum itself verifies, over what ships and nothing else', { skip: needsCommand('sha256sum') }, () => {
    for (const [i, f] of files.entries()) writeFileSync(join(dir, f), `installer ${i}`);
    writeFileSync(join(dir, 'build-info-linux.json'), '{}');
    const shipped = notes.shippedFiles([...files, 'build-info-linux.json', 'SHA256SUMS.txt']);
    assert.deepEqual(shipped, [...files].sort());
    writeFileSync(join(dir, 'SHA256SUMS.txt'), notes.checksums(dir, shipped));
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS.txt'], { cwd: dir, encoding: 'utf8' });
    assert.equal(
      out
        .trim()
        .split('\n')
        .filter((l) => l.endsWith(': OK')).length,
      files.length,
    );
    writeFileSync(join(dir, files[0]!), 'tampered');
    assert.throws(() => execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS.txt'], { cwd: dir, stdio: 'pipe' }));
  });
});
