import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channels } from '../../electron/common/ipc-contract';
import { integer, literal, nothing, object, optional, SchemaError, string } from '../../electron/common/schema';

describe('schema', () => {
  const account = object({ label: string({ min: 1, max: 5 }), mode: literal('a', 'b'), n: optional(integer(0, 3)) });

  it('accepts a well-formed object and drops absent optional keys', () => {
    assert.deepEqual(account.parse({ label: 'x', mode: 'a' }), { label: 'x', mode: 'a' });
    assert.deepEqual(account.parse({ label: 'x', mode: 'b', n: 3 }), { label: 'x', mode: 'b', n: 3 });
  });

  it('refuses unknown keys, naming the key', () => {
    assert.throws(
      () => account.parse({ label: 'x', mode: 'a', extra: 1 }),
      (e: unknown) => e instanceof SchemaError && e.path === 'extra',
    );
  });

  it('refuses oversized strings and out-of-range numbers', () => {
    assert.throws(() => account.parse({ label: 'toolong', mode: 'a' }), /label: expected a string of 1\.\.5/);
    assert.throws(() => account.parse({ label: 'x', mode: 'a', n: 4 }), /n: expected an integer/);
    assert.throws(() => account.parse({ label: 'x', mode: 'a', n: 1.5 }), SchemaError);
  });

  it('refuses wrong types, arrays and class instances where an object is expected', () => {
    for (const bad of [null, 1, 'x', [], new Date(), Object.create({ label: 'x' })]) {
      assert.throws(() => account.parse(bad), SchemaError);
    }
  });

  it('never echoes the rejected value in its message (it may be a secret)', () => {
    const secret = 'canary-S3CRET-value';
    try {
      object({ secret: string({ min: 1, max: 4 }) }).parse({ secret });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof SchemaError);
      assert.ok(!error.message.includes(secret));
    }
  });

  it('takes no payload for request-less channels', () => {
    assert.equal(nothing.parse(undefined), undefined);
    assert.equal(nothing.parse({}), undefined);
    assert.throws(() => nothing.parse({ a: 1 }), SchemaError);
    assert.throws(() => nothing.parse('x'), SchemaError);
  });

  it('every contract channel refuses a payload of the wrong type', () => {
    for (const [name, channel] of Object.entries(channels)) {
      assert.throws(() => channel.request.parse(42), SchemaError, name);
    }
  });
});
