/**
 * One WXM login in a fresh Node process, for tests that need what Node reads
 * only at start-up (NODE_EXTRA_CA_CERTS) or the proxy variables of a real
 * process environment. The client is built without a transport, as the plain
 * Node paths build it. Reads `{ baseUrl, username, secret }` as JSON on stdin
 * (so the secret is not on a command line); prints one JSON line: the outcome,
 * never the token.
 */
import { WxmClient } from '../../electron/core/wxm/client';
import { NetworkError } from '../../electron/core/wxm/network-failure';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { baseUrl, username, secret } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { baseUrl: string; username: string; secret: string };
try {
  const result = await new WxmClient({ timeoutMs: 5_000 }).login(baseUrl, { username, secret, mode: 'password' }, Date.now);
  process.stdout.write(`${JSON.stringify({ ok: true, station: result.station })}\n`);
} catch (error) {
  const e = error as { code?: string; message?: string };
  process.stdout.write(
    `${JSON.stringify({ ok: false, code: e.code, kind: error instanceof NetworkError ? error.kind : null, message: e.message })}\n`,
  );
}
