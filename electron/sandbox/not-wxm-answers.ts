/**
 * Answers WXM never sends, as a proxy's sign-in page, a captive portal or a
 * wrong base URL give, for the test WXM server's `answerNotLikeWxm`.
 */
import { randomBytes } from 'node:crypto';

export type NotWxmAnswer = 'html' | 'text' | 'empty' | 'oversized' | 'wrong-json';

/** Size of the 'oversized' answer: far over the client's cap. */
export const OVERSIZED_BYTES = 3 * 1024 * 1024;

/**
 * Content type and body of one such answer. `echo` is what the request sent
 * (password, Authorization header): some proxies echo what they refused, so
 * tests can check that none of a body reaches a message.
 */
export function notWxmAnswer(kind: NotWxmAnswer, echo: string): { type: string; body: string } {
  const json = 'application/json; charset=utf-8';
  switch (kind) {
    case 'html':
      return {
        type: 'text/html; charset=utf-8',
        body: `<!DOCTYPE html><html><head><title>Sign in to the proxy</title></head><body><form>You sent: ${echo}</form></body></html>`,
      };
    case 'text':
      return { type: 'text/plain; charset=utf-8', body: `Sign in to the proxy first. You sent: ${echo}` };
    case 'empty':
      return { type: json, body: '' };
    case 'wrong-json':
      return { type: json, body: JSON.stringify({ status: 'ok', echo }) };
    case 'oversized':
      // Would parse as a login answer with a token, if anyone read all of it.
      return { type: json, body: JSON.stringify({ access_token: `tok-${randomBytes(24).toString('base64url')}`, pad: 'x'.repeat(OVERSIZED_BYTES) }) };
  }
}
