/**
 * Serves the built renderer on 127.0.0.1 with the same CSP header main sends
 * on app://vault, using the same bundle-path resolver.
 */
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentTypeFor, resolveBundlePath } from '../../electron/core/window/bundle-path';
import { CONTENT_SECURITY_POLICY } from '../../electron/core/window/window-policy';

export interface RendererServer {
  origin: string;
  close(): Promise<void>;
}

export async function startRendererServer(root: string): Promise<RendererServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const file = resolveBundlePath(root, `${origin}${req.url ?? '/'}`, origin);
    if (!file || req.method !== 'GET') {
      res.writeHead(404).end('Not found');
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => {
      if (!res.headersSent) res.writeHead(404);
      res.end();
    });
    stream.once('open', () => {
      res.writeHead(200, {
        'content-type': contentTypeFor(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      stream.pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
