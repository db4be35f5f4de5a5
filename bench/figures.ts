/**
 * Named benchmark figures: each printed beside its target (when it has one),
 * and, when scripts/bench.sh is given `--json FILE`, written out so the runs
 * merge into one `{ "figure": number }` file.
 */
import { writeFileSync } from 'node:fs';

const figures: Record<string, number> = {};

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 1, minimumFractionDigits: n < 10 ? 2 : 1 });

/** Records one figure and prints it: `listPaintMs  63.2 ms  target ≤ 80  ok`. */
export function figure(name: string, value: number, unit: string, target?: number, note = ''): void {
  // A figure that could not be measured is printed as such and left out of the JSON, never written as null.
  if (!Number.isFinite(value)) {
    console.log(`  ${name.padEnd(22)} ${'n/a'.padStart(9)} ${unit.padEnd(4)}  not measured ${note}`.trimEnd());
    return;
  }
  figures[name] = Math.round(value * 100) / 100;
  const verdict = target === undefined ? '' : `target ≤ ${target} ${unit}`.padEnd(20) + (value <= target ? 'ok' : 'OVER');
  console.log(`  ${name.padEnd(22)} ${fmt(value).padStart(9)} ${unit.padEnd(4)}  ${verdict.padEnd(24)} ${note}`.trimEnd());
}

/** Writes the figures where scripts/bench.sh asked (BENCH_FIGURES), if it did. */
export function saveFigures(): void {
  const out = process.env.BENCH_FIGURES;
  if (out) writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
