/**
 * What .github/workflows/ci.yml must keep, beyond being a valid workflow (the
 * workflow-lint test): every OS installs the Electron binary and runs the Electron
 * specs, packages and checks its fuses; secrets come from the secret store only, each
 * OS gets only its own, and no step prints them; only the release job may write, and
 * it makes a draft.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { needsPosix } from '../harness/host-needs';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: Array<{ os: string }> } };
  steps: Step[];
}
const text = readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8');
const workflow = parse(text) as {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const build = workflow.jobs.build!;
const release = workflow.jobs.release!;
const dir = mkdtempSync(join(tmpdir(), 'wxm-ci-workflow-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const stepIndex = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? '') || pattern.test(s.uses ?? ''));

describe('CI workflow', () => {
  it('builds on Linux, macOS and Windows runners, each to the end even if another fails', () => {
    assert.deepEqual(
      build.strategy!.matrix.include.map((m) => m.os),
      ['ubuntu-latest', 'macos-latest', 'windows-latest'],
    );
    assert.equal((build.strategy as unknown as { 'fail-fast': boolean })['fail-fast'], false);
  });

  it('installs the Electron binary everywhere and fails, never skips, the Electron specs without it', () => {
    assert.doesNotMatch(text, /ELECTRON_SKIP_BINARY_DOWNLOAD/);
    assert.ok(stepIndex(build, /node node_modules\/electron\/install\.js/) >= 0);
    assert.equal(workflow.env.WXM_REQUIRE_ELECTRON, '1');
    assert.ok(stepIndex(build, /playwright test test\/electron/) >= 0, 'macOS and Windows run the Electron specs');
    assert.ok(stepIndex(build, /^npm test$/m) >= 0, 'Linux runs everything, the Electron specs included');
  });

  it('runs the node tests on macOS and Windows against their own keychain, a temporary one on macOS', () => {
    assert.match(runs(build), /security create-keychain/);
    assert.match(runs(build), /security default-keychain -s wxm-ci\.keychain-db/);
    assert.match(runs(build), /node --import tsx --test .*\n?.*test\/node\/\*\.test\.ts/s);
    assert.match(runs(build), /# SKIP/, 'the skipped tests and their reasons reach the job summary');
  });

  it(
    'lists the skipped node tests in the job summary even when a test fails, and the step still fails',
    { skip: needsPosix('a POSIX shell to run the step as the runner does (Windows may find WSL’s bash first)') },
    () => {
      const step = build.steps.find((s) => /test\/node\/\*\.test\.ts/.test(s.run ?? ''))!;
      // Stands in for the test run: a report with one skip and one failure, and node's exit status for a failure.
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'node'), "#!/bin/sh\nprintf 'ok 1 - on X11 # SKIP needs xclip\\nnot ok 2 - broken\\n' > node.tap\nexit 1\n");
      chmodSync(join(bin, 'node'), 0o755);
      writeFileSync(join(dir, 'step.sh'), step.run!);
      const summary = join(dir, 'summary.md');
      // How GitHub runs a `shell: bash` step.
      const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', 'step.sh'], {
        cwd: dir,
        env: { PATH: `${bin}:${process.env.PATH ?? ''}`, GITHUB_STEP_SUMMARY: summary, RUNNER_OS: 'macOS' },
        encoding: 'utf8',
      });
      assert.equal(run.status, 1, run.stderr);
      assert.equal(readFileSync(summary, 'utf8'), '### Node tests skipped on macOS\n- on X11 # SKIP needs xclip\n');
    },
  );

  it('packages, then reads the fuses back from the packaged app, on every OS', () => {
    const dist = stepIndex(build, /node scripts\/installers\/dist\.mjs/);
    const fuses = stepIndex(build, /node scripts\/check-fuses\.mjs/);
    assert.ok(dist >= 0 && fuses > dist);
    for (const i of [dist, fuses]) assert.equal(build.steps[i]!.if, undefined, 'not limited to one OS');
  });

  it('starts the packaged app on every OS after reading its fuses; on Linux what the AppImage holds, under Xvfb', () => {
    const fuses = stepIndex(build, /node scripts\/check-fuses\.mjs/);
    const linux = build.steps.findIndex((s) => /launch-packaged\.mjs --app squashfs-root\/wxm-vault/.test(s.run ?? ''));
    const others = build.steps.findIndex((s) => /^node scripts\/installers\/launch-packaged\.mjs$/.test(s.run ?? ''));
    assert.ok(linux > fuses && others > fuses, 'after the fuses are read');
    assert.equal(build.steps[linux]!.if, "runner.os == 'Linux'");
    assert.match(build.steps[linux]!.run!, /xvfb-run -a .* node scripts\/installers\/launch-packaged\.mjs/);
    assert.equal(build.steps[others]!.if, "runner.os != 'Linux'");
    const extract = stepIndex(build, /--appimage-extract/);
    assert.ok(extract > fuses && extract < linux, 'the AppImage is unpacked before it is started');
  });

  it(
    'fails the AppImage check when the AppImage lacks its update feed or carries the deb’s package-type',
    { skip: needsPosix('a POSIX shell to run the step as the runner does (Windows may find WSL’s bash first)') },
    () => {
      const step = build.steps.find((s) => /--appimage-extract/.test(s.run ?? ''))!;
      const check = (files: string[]) => {
        const work = mkdtempSync(join(dir, 'appimage-'));
        mkdirSync(join(work, 'release'));
        // Stands in for the AppImage runtime's --appimage-extract: unpacks into ./squashfs-root.
        const made = files.map((f) => `mkdir -p "$(dirname squashfs-root/${f})" && printf deb > squashfs-root/${f}`).join('\n');
        writeFileSync(
          join(work, 'release', 'wxm-vault-0.1.0-linux-x86_64.AppImage'),
          `#!/bin/sh\n[ "$1" = --appimage-extract ] || exit 9\nmkdir -p squashfs-root\n${made}\n`,
        );
        writeFileSync(join(work, 'step.sh'), step.run!);
        return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', 'step.sh'], { cwd: work, encoding: 'utf8' });
      };
      const good = check(['resources/app-update.yml', 'resources/app.asar']);
      assert.equal(good.status, 0, good.stdout + good.stderr);
      const deb = check(['resources/app-update.yml', 'resources/package-type']);
      assert.equal(deb.status, 1);
      assert.match(deb.stdout, /::error::release\/wxm-vault-0\.1\.0-linux-x86_64\.AppImage has resources\/package-type \(deb\)/);
      const noFeed = check(['resources/app.asar']);
      assert.equal(noFeed.status, 1);
      assert.match(noFeed.stdout, /::error::.* has no resources\/app-update\.yml/);
    },
  );

  it('takes signing secrets from the secret store only, each OS its own, and never into a run script', () => {
    const dist = build.steps[stepIndex(build, /scripts\/installers\/dist\.mjs/)]!;
    const mac = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
    const win = ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'];
    for (const name of mac) assert.equal(dist.env![name], `\${{ runner.os == 'macOS' && secrets.${name} || '' }}`);
    for (const name of win) assert.equal(dist.env![name], `\${{ runner.os == 'Windows' && secrets.${name} || '' }}`);
    const everySecret = [...text.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(everySecret)].sort(), [...mac, ...win].sort(), 'no other secret is used');
    for (const step of [...build.steps, ...release.steps])
      assert.doesNotMatch(step.run ?? '', /secrets\./, `${step.name}: a secret inside a script ends up in its text`);
  });

  it('reads and nothing more, except the release job, which writes contents only', () => {
    assert.deepEqual(workflow.permissions, { contents: 'read' });
    assert.equal(build.permissions, undefined);
    assert.deepEqual(release.permissions, { contents: 'write' });
    for (const job of [build, release]) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout'))) assert.equal(step.with?.['persist-credentials'], false);
    }
  });

  it("uses GitHub's own actions only", () => {
    const used = [...build.steps, ...release.steps].flatMap((s) => (s.uses ? [s.uses.split('@')[0]] : []));
    assert.deepEqual([...new Set(used)].sort(), ['actions/checkout', 'actions/download-artifact', 'actions/setup-node', 'actions/upload-artifact']);
  });

  it('builds a branch of this repository once, on push, and a pull request only from a fork', () => {
    assert.equal(
      (build as Job & { if?: string }).if,
      "github.event_name == 'push' || github.event.pull_request.head.repo.full_name != github.repository",
    );
    assert.ok('pull_request' in workflow.on, 'forks are still built');
  });

  it(
    'makes the draft on the first run; a re-run refreshes that draft, and never touches a published release',
    { skip: needsPosix('a POSIX shell to run the step as the runner does (Windows may find WSL’s bash first)') },
    () => {
      const step = release.steps.find((s) => /gh release create/.test(s.run ?? ''))!;
      const publish = (state: 'none' | 'draft' | 'published') => {
        const work = mkdtempSync(join(dir, 'release-'));
        mkdirSync(join(work, 'out'));
        for (const f of ['wxm-vault-0.1.0-linux-x86_64.AppImage', 'latest-linux.yml', 'build-info-linux.json', 'release-notes.md'])
          writeFileSync(join(work, 'out', f), f);
        const bin = join(work, 'bin');
        mkdirSync(bin);
        // Stands in for the GitHub CLI: what `gh release view --json isDraft --jq .isDraft` answers for a release in `state`; records every call.
        const view = state === 'none' ? 'echo "release not found" >&2; exit 1' : `echo ${state === 'draft'}`;
        writeFileSync(
          join(bin, 'gh'),
          `#!/bin/sh
echo "gh $*" >> calls.txt
if [ "$2" = view ]; then ${view}; fi
`,
        );
        chmodSync(join(bin, 'gh'), 0o755);
        writeFileSync(join(work, 'step.sh'), step.run!);
        const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', 'step.sh'], {
          cwd: work,
          env: { PATH: `${bin}:${process.env.PATH ?? ''}`, GITHUB_REF_NAME: 'v0.1.0', GITHUB_REPOSITORY: 'octo-org/wxm-vault' },
          encoding: 'utf8',
        });
        let calls: string[] = [];
        try {
          calls = readFileSync(join(work, 'calls.txt'), 'utf8').trim().split('\n');
        } catch {
          // No call at all.
        }
        return { run, calls: calls.map((c) => c.split(' ').slice(0, 3).join(' ')), all: calls.join('\n') };
      };
      const first = publish('none');
      assert.equal(first.run.status, 0, first.run.stderr);
      assert.deepEqual(first.calls, ['gh release view', 'gh release create']);
      assert.match(first.all, /--draft --verify-tag .*out\/latest-linux\.yml out\/wxm-vault-0\.1\.0-linux-x86_64\.AppImage$/);
      assert.doesNotMatch(first.all, /build-info|release-notes\.md/, 'only what ships is uploaded');
      const again = publish('draft');
      assert.equal(again.run.status, 0, again.run.stderr);
      assert.deepEqual(again.calls, ['gh release view', 'gh release edit', 'gh release upload']);
      assert.match(again.all, /upload v0\.1\.0 --repo octo-org\/wxm-vault --clobber out\//);
      const published = publish('published');
      assert.equal(published.run.status, 1);
      assert.deepEqual(published.calls, ['gh release view']);
      assert.match(published.run.stdout, /::error::Release v0\.1\.0 is already published/);
    },
  );

  it('on a v* tag only, after every OS built, makes a draft release with checksums', () => {
    assert.deepEqual(workflow.on.push.tags, ['v*']);
    assert.equal(release.if, "startsWith(github.ref, 'refs/tags/v')");
    assert.equal(release.needs, 'build');
    assert.match(runs(release), /node scripts\/installers\/release-notes\.mjs out/);
    assert.match(runs(release), /gh release create "\$GITHUB_REF_NAME" --draft/);
  });
});
