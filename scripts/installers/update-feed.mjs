// Which GitHub repository's published releases a packaged app updates from (electron-updater's
// GitHub provider, electron-builder.yml `publish`). Decided from the environment alone:
// WXM_UPDATE_REPOSITORY (owner/repo) when set, else GitHub Actions' GITHUB_REPOSITORY, so a
// build made by this repository's workflow updates from this repository's releases, and a fork's
// from the fork's. Neither set (a local `npm run dist`): electron-builder reads the repository
// from package.json or the git remote `origin`, and a build where it finds none has no feed
// (the app then says so in its log and never checks).
//
// The same repository is the project's homepage in the build's metadata: the deb's control
// file must have one, and electron-builder otherwise takes it from package.json or `origin`.

const SLUG = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** @param {Record<string, string | undefined>} env */
export function updateFeed(env) {
  const fromUs = env.WXM_UPDATE_REPOSITORY?.trim();
  const slug = fromUs || env.GITHUB_REPOSITORY?.trim() || '';
  const source = fromUs ? 'WXM_UPDATE_REPOSITORY' : 'GITHUB_REPOSITORY';
  if (!slug) {
    return {
      config: {},
      problems: [],
      summary: 'updates: no WXM_UPDATE_REPOSITORY or GITHUB_REPOSITORY; electron-builder takes the repository from the git remote, if any.',
    };
  }
  const match = SLUG.exec(slug);
  if (!match || match[2] === '.' || match[2] === '..') {
    return { config: {}, problems: [`${source} is "${slug}"; it must be owner/repo, e.g. octo-org/wxm-vault.`], summary: '' };
  }
  return {
    config: {
      // releaseType only matters to publishing; the app reads releases.atom, where drafts never appear.
      publish: { provider: 'github', owner: match[1], repo: match[2], releaseType: 'release' },
      extraMetadata: { homepage: `https://github.com/${match[1]}/${match[2]}` },
    },
    problems: [],
    summary: `updates: published releases of github.com/${match[1]}/${match[2]} (from ${source})`,
  };
}
