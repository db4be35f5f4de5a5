#!/usr/bin/env node
// usage: node scripts/installers/release-notes.mjs <dir> <tag>
//
// Run by the release job on the installers every OS built (and their build-info-*.json):
// writes SHA256SUMS.txt over every file that ships and release-notes.md, which says per OS
// whether the build is signed. Fails when an OS's build is missing, so a draft release
// never looks complete without it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const EXPECTED = {
  linux: ['.AppImage', '.deb'],
  // electron-updater on macOS installs from the zip; the dmg is for first installs.
  darwin: ['.dmg', '.zip'],
  win32: ['.exe'],
};
/** The feed electron-updater reads for each OS: without it, installed copies never see this release. */
export const UPDATE_FEEDS = {
  linux: 'latest-linux.yml',
  darwin: 'latest-mac.yml',
  win32: 'latest.yml',
};
const NAMES = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** What ships: installers, their blockmaps and the updater's latest*.yml; not the build-info files. */
export function shippedFiles(names) {
  return names.filter((n) => !/^build-info-.*\.json$/.test(n) && n !== 'SHA256SUMS.txt' && n !== 'release-notes.md').sort();
}

export function checksums(dir, files) {
  return files
    .map(
      (f) =>
        `${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}  ${f}\n`,
    )
    .join('');
}

/** @param {Array<{ platform: string, summary: string, signed: boolean, mark: string, updates?: boolean | null }>} infos */
export function releaseNotes(tag, infos, files) {
  const problems = [];
  for (const [platform, exts] of Object.entries(EXPECTED)) {
    const info = infos.find((i) => i.platform === platform);
    if (!info) problems.push(`No ${NAMES[platform]} build (build-info-${platform}.json is missing).`);
    for (const ext of exts) if (!files.some((f) => f.endsWith(ext))) problems.push(`No ${ext} installer for ${NAMES[platform]}.`);
    // A build that carries no feed (an unsigned macOS one) makes none, and its installed copies never check.
    if (info?.updates !== false && !files.includes(UPDATE_FEEDS[platform]))
      problems.push(`No ${UPDATE_FEEDS[platform]} for ${NAMES[platform]}: installed copies would not be offered this release.`);
  }
  const unsigned = infos.filter((i) => i.mark);
  const lines = [`# WXM Vault ${tag}`, ''];
  if (unsigned.length) {
    lines.push(
      `> **Not for distribution:** the ${unsigned.map((i) => NAMES[i.platform] ?? i.platform).join(' and ')} build is not fully signed (its file names say \`-unsigned\` or \`-unnotarised\`).`,
      '',
    );
  }
  lines.push('## Signing', '');
  for (const info of [...infos].sort((a, b) => a.platform.localeCompare(b.platform))) lines.push(`- ${info.summary}`);
  lines.push('', '## Files', '', 'Check a download with `sha256sum -c SHA256SUMS.txt --ignore-missing` (macOS: `shasum -a 256 -c`).', '');
  for (const f of files) lines.push(`- \`${f}\``);
  const updating = Object.keys(EXPECTED).filter((p) => infos.find((i) => i.platform === p)?.updates !== false);
  const kinds = { linux: 'AppImage', darwin: 'macOS', win32: 'Windows' };
  lines.push(
    '',
    '## Updates',
    '',
    `Once this release is published, installed copies (${updating.map((p) => kinds[p]).join(', ')}) offer it at their next start or daily check, and ask before downloading and before restarting. ` +
      'The deb does not update itself: update it with your package manager.',
  );
  for (const info of infos.filter((i) => i.updates === false))
    lines.push(
      '',
      `This ${NAMES[info.platform] ?? info.platform} build does not update itself${info.platform === 'darwin' ? ' (it is unsigned, and macOS installs only signed updates)' : ''}: install a later release by hand.`,
    );
  lines.push('');
  return { notes: lines.join('\n'), problems };
}

function main([dir, tag]) {
  if (!dir || !tag) {
    console.error('usage: release-notes.mjs <dir with the installers> <tag>');
    return 2;
  }
  const names = readdirSync(dir);
  const infos = names.filter((n) => /^build-info-.*\.json$/.test(n)).map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
  const files = shippedFiles(names);
  const { notes, problems } = releaseNotes(tag, infos, files);
  if (problems.length) {
    for (const p of problems) console.error(`release-notes: ${p}`);
    return 1;
  }
  writeFileSync(join(dir, 'SHA256SUMS.txt'), checksums(dir, files));
  writeFileSync(join(dir, 'release-notes.md'), notes);
  console.log(notes);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
