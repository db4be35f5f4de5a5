/**
 * The one logger in main redacts every registered secret in whatever form it
 * reaches a log line, and no line can be forged through a logged value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../electron/core/logger';
import { Redactor } from '../../electron/core/redactor';

function setup(...secrets: string[]) {
  const redactor = new Redactor();
  for (const s of secrets) redactor.register(s);
  const lines: string[] = [];
  return { log: createLogger(redactor, [(l) => lines.push(l)]), lines };
}

const AWKWARD = ['pa"ss\\wo rd+ü\u0001x', "it's a (secret)!~*", 'tab\there\nnewline', 'ümlaut & ∑ymbols=;', 'a"\\"b'];

describe('redacting logger', () => {
  for (const secret of AWKWARD) {
    it(`redacts a registered secret with quotes, backslashes, spaces or control characters: ${JSON.stringify(secret)}`, () => {
      const { log, lines } = setup(secret);
      const form = new URLSearchParams({ username: 'u', password: secret }).toString();
      log.info('t', `message ${secret}`, {
        detail: `got ${secret}`,
        nested: { deeper: [secret] },
        form,
        query: `https://x.test/?k=${encodeURIComponent(secret)}`,
        json: JSON.stringify({ secret }),
        error: new Error(`failed for ${secret}`),
      });
      const line = lines[0]!;
      for (const leak of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), form]) {
        assert.ok(!line.includes(leak), `leaked ${JSON.stringify(leak)} in ${line}`);
      }
      assert.ok(line.includes('[REDACTED]'));
      assert.doesNotThrow(() => JSON.parse(line), 'the line is still valid JSON');
    });
  }

  it('catches credential-shaped text it was never told about (an echoed token, a form body, a header)', () => {
    const { log, lines } = setup();
    log.warn('t', 'server said', {
      body: '{"access_token":"tok-unregistered-abcdef123456","token_type":"bearer"}',
      header: 'Authorization: Bearer eyJunregisteredtoken.abc.def',
      form: 'grant_type=password&username=u&password=hunter2-unregistered',
    });
    for (const leak of ['tok-unregistered-abcdef123456', 'eyJunregisteredtoken', 'hunter2-unregistered']) assert.ok(!lines[0]!.includes(leak), leak);
  });

  it('writes one line per record whatever a value contains (no forged log lines)', () => {
    const { log, lines } = setup();
    log.info('t', 'x\r\n{"level":"error","message":"forged"}', { v: 'a\nb\u2028c\u2029d' });
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /[\r\n\u2028\u2029]/);
    assert.equal(JSON.parse(lines[0]!).level, 'info');
  });

  it('a sink that throws does not stop the others or the caller', () => {
    const redactor = new Redactor();
    const got: string[] = [];
    const log = createLogger(redactor, [
      () => {
        throw new Error('disk full');
      },
      (l) => got.push(l),
    ]);
    assert.doesNotThrow(() => log.error('t', 'still logged'));
    assert.equal(got.length, 1);
  });
});
