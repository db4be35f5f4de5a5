/**
 * A tiny runtime schema checker for IPC payloads.
 *
 * Why not a library: the same contract module is bundled into the sandboxed
 * preload, so it must stay small, and every check here is one we can fuzz and
 * explain. Schemas are strict: unknown keys, wrong types and oversized values
 * are refused with a message that names the offending path, never its value
 * (a rejected payload may hold a secret).
 */

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path || 'payload'}: expected ${expected}`);
    this.name = 'SchemaError';
  }
}

export interface Schema<T> {
  readonly describe: string;
  /** Returns the value typed as T, or throws SchemaError. */
  parse(value: unknown, path?: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function schema<T>(describe: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { describe, parse: (value, path = '') => parse(value, path) };
}

export interface StringRules {
  min?: number;
  max: number;
  pattern?: RegExp;
  /** Human text for the pattern, used in the error message. */
  patternText?: string;
}

export function string(rules: StringRules): Schema<string> {
  const { min = 0, max, pattern, patternText } = rules;
  const describe = `a string of ${min}..${max} characters${patternText ? ` (${patternText})` : ''}`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'string' || value.length < min || value.length > max) throw new SchemaError(path, describe);
    if (pattern && !pattern.test(value)) throw new SchemaError(path, describe);
    return value;
  });
}

export function integer(min: number, max: number): Schema<number> {
  const describe = `an integer from ${min} to ${max}`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SchemaError(path, describe);
    }
    return value;
  });
}

export const boolean: Schema<boolean> = schema('true or false', (value, path) => {
  if (typeof value !== 'boolean') throw new SchemaError(path, 'true or false');
  return value;
});

export function literal<const L extends string>(...options: L[]): Schema<L> {
  const describe = `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
  return schema(describe, (value, path) => {
    if (typeof value !== 'string' || !(options as string[]).includes(value)) throw new SchemaError(path, describe);
    return value as L;
  });
}

/** Accepts `undefined` (and a missing key) or the inner schema. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return schema(`${inner.describe} or null`, (value, path) => (value === null ? null : inner.parse(value, path)));
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> & { optional: true } {
  return {
    optional: true,
    describe: `${inner.describe} (optional)`,
    parse: (value, path = '') => (value === undefined ? undefined : inner.parse(value, path)),
  };
}

export function array<T>(item: Schema<T>, maxItems: number): Schema<T[]> {
  const describe = `a list of at most ${maxItems} items`;
  return schema(describe, (value, path) => {
    if (!Array.isArray(value) || value.length > maxItems) throw new SchemaError(path, describe);
    return value.map((v, i) => item.parse(v, `${path}[${i}]`));
  });
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};

/** A plain object with exactly these keys (optional ones may be absent). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const describe = keys.length ? `an object with keys ${keys.join(', ')}` : 'an empty object';
  return schema(describe, (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SchemaError(path, describe);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new SchemaError(path, describe);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) throw new SchemaError(path ? `${path}.${key}` : key, 'no such key');
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const parsed = shape[key]!.parse((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as ObjectOf<S>;
  });
}

/** For channels that take no request: only `undefined` or `{}` pass. */
export const nothing: Schema<void> = schema('no payload', (value, path) => {
  if (value === undefined || value === null) return;
  // A plain empty object only: a Date, Map, typed array or Error also has no own keys.
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return;
  }
  throw new SchemaError(path, 'no payload');
});
