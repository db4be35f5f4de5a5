/**
 * The few GitHub release URLs electron-updater's GitHub provider reads, on
 * 127.0.0.1: the releases.atom feed (published releases only, as GitHub lists
 * them), the latest release's tag (the API path it uses for a host other than
 * github.com) and each release's latest-linux.yml. Records every path asked
 * for, so a test can see whether anything was downloaded.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRelease {
  version: string;
  /** A draft: on GitHub, absent from the feed until a maintainer publishes it. */
  draft?: boolean;
}

export interface FakeGithubReleases {
  /** host:port, for the `host` of a github publish config. */
  readonly host: string;
  readonly owner: string;
  readonly repo: string;
  readonly requested: readonly string[];
  releases: FakeRelease[];
  close(): Promise<void>;
}

export async function startFakeGithubReleases(releases: FakeRelease[]): Promise<FakeGithubReleases> {
  const owner = 'octo-org';
  const repo = 'wxm-vault';
  const requested: string[] = [];
  const state = { releases };
  const published = () => state.releases.filter((r) => !r.draft);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    const base = `/${owner}/${repo}/releases`;
    const send = (status: number, type: string, body: string) => res.writeHead(status, { 'content-type': type }).end(body);
    if (path === `${base}.atom`) {
      const entries = published()
        .map(
          (r) =>
            `<entry><id>tag:github.com,2008:Repository/1/v${r.version}</id><link rel="alternate" type="text/html" href="https://github.com${base}/tag/v${r.version}"/><title>${r.version}</title><content>No content.</content></entry>`,
        )
        .join('');
      return send(200, 'application/atom+xml', `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`);
    }
    if (path === `/api/v3/repos/${owner}/${repo}/releases/latest`) {
      const latest = published()[0];
      return latest ? send(200, 'application/json', JSON.stringify({ tag_name: `v${latest.version}` })) : send(404, 'application/json', '{}');
    }
    const feed = new RegExp(`^${base}/download/v([^/]+)/latest-linux\\.yml$`).exec(path);
    const release = feed && published().find((r) => r.version === feed[1]);
    if (release) {
      const file = `wxm-vault-${release.version}-linux-x86_64.AppImage`;
      const sha512 = Buffer.alloc(64, 7).toString('base64');
      return send(
        200,
        'text/yaml',
        `version: ${release.version}\nfiles:\n  - url: ${file}\n    sha512: ${sha512}\n    size: 1024\npath: ${file}\nsha512: ${sha512}\nreleaseDate: '2026-01-05T09:00:00.000Z'\n`,
      );
    }
    return send(404, 'text/plain', 'Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    owner,
    repo,
    requested,
    get releases() {
      return state.releases;
    },
    set releases(next) {
      state.releases = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
