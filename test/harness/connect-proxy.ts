/**
 * A real HTTP proxy on 127.0.0.1 (TooTallNate's `proxy` package, the one
 * undici's own tests use) that records what it sees of each request: the
 * request line and headers of every CONNECT, and any plain request it was
 * asked to forward. With `credentials` it answers 407 unless the request
 * carries them as Basic Proxy-Authorization.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';

export interface SeenRequest {
  method: string;
  /** For CONNECT, host:port of the tunnel's far end. */
  url: string;
  headers: IncomingMessage['headers'];
  /** The request line and headers as one text, to search for secrets. */
  raw: string;
}

export interface ConnectProxy {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly seen: readonly SeenRequest[];
  /** Answered 407 (no or wrong credentials). */
  readonly refused: number;
  close(): Promise<void>;
}

export async function startConnectProxy(opts: { credentials?: { username: string; password: string } } = {}): Promise<ConnectProxy> {
  const seen: SeenRequest[] = [];
  let refused = 0;
  const server = createProxy(createServer());
  const record = (req: IncomingMessage) => {
    const raw = [`${req.method} ${req.url} HTTP/${req.httpVersion}`, ...pairs(req.rawHeaders)].join('\r\n');
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw });
  };
  // Listeners added before createProxy's own would run first, but `prependListener` makes the order explicit.
  server.prependListener('connect', record);
  server.prependListener('request', record);
  const { credentials } = opts;
  if (credentials) {
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    server.authenticate = (req) => {
      const ok = req.headers['proxy-authorization'] === expected;
      if (!ok) refused++;
      return ok;
    };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get seen() {
      return seen;
    },
    get refused() {
      return refused;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pairs(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push(`${raw[i]}: ${raw[i + 1]}`);
  return out;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
