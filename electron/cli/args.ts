/**
 * A small argument parser, so every command refuses what it does not know
 * (an unknown flag is a usage error, exit 2) and there is no flag through which
 * a passphrase or secret could be passed: none is defined.
 */
import { UsageError } from './exit';

export interface FlagSpec {
  long: string;
  short?: string;
  /** Takes a value (`--name value`, `--name=value`, `-X value`, `-XVALUE`). */
  value?: boolean;
  /** May be given more than once (values are collected in order). */
  repeat?: boolean;
}

export interface Parsed {
  flags: Map<string, string[]>;
  positionals: string[];
  /** After `--`, or from the first positional past `positionalsBeforeRest`: passed on untouched (exec's command). */
  rest: string[] | null;
  help: boolean;
}

export interface ParseOptions {
  /** When set, parsing stops at `--` or at the positional after this many, and the remainder is `rest`. */
  positionalsBeforeRest?: number;
}

const HELP: FlagSpec = { long: 'help', short: 'h' };

export function parseArgs(command: string, argv: readonly string[], specs: readonly FlagSpec[], options: ParseOptions = {}): Parsed {
  const all = [...specs, HELP];
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  let rest: string[] | null = null;
  const stopAfter = options.positionalsBeforeRest;
  const add = (spec: FlagSpec, value: string, shown: string) => {
    const seen = flags.get(spec.long);
    if (seen && !spec.repeat) throw new UsageError(`${shown} was given more than once.`, command);
    flags.set(spec.long, [...(seen ?? []), value]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (stopAfter !== undefined && positionals.length >= stopAfter) {
        rest = argv.slice(i);
        break;
      }
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const [name, inline] = long ? splitOnce(arg.slice(2), '=') : [arg.slice(1, 2), arg.length > 2 ? arg.slice(2) : undefined];
    const spec = all.find((s) => (long ? s.long === name : s.short === name));
    if (!spec) throw new UsageError(`unknown flag: ${long ? `--${name}` : `-${name}`}`, command);
    const shown = long ? `--${spec.long}` : `-${spec.short}`;
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`${shown} takes no value.`, command);
      add(spec, '', shown);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${shown} needs a value.`, command);
    add(spec, value, shown);
  }
  const help = flags.has('help');
  flags.delete('help');
  return { flags, positionals, rest, help };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Exactly `names.length` positionals, named in the error when one is missing or extra. */
export function expectPositionals(command: string, parsed: Parsed, names: readonly string[]): string[] {
  if (parsed.positionals.length < names.length) throw new UsageError(`missing ${names[parsed.positionals.length]}.`, command);
  if (parsed.positionals.length > names.length) throw new UsageError(`unexpected argument: ${parsed.positionals[names.length]}`, command);
  return parsed.positionals;
}
