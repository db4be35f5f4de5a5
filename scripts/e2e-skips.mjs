// Prints why each skipped Playwright test was skipped, from the JSON report, so a
// skip (e.g. no Electron binary) is said plainly in the test output.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results/e2e.json', 'utf8'));
function walk(suite) {
  for (const child of suite.suites ?? []) walk(child);
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests) {
      if (test.status !== 'skipped') continue;
      const notes = [...(test.annotations ?? []), ...(test.results ?? []).flatMap((r) => r.annotations ?? [])];
      const reason = notes.find((a) => a.type === 'skip')?.description ?? 'no reason given';
      console.log(`skipped: ${spec.file} › ${spec.title} — ${reason}`);
    }
  }
}
for (const suite of report.suites ?? []) walk(suite);
