/**
 * axe-core in the page: injected with evaluate (the page's CSP allows no script
 * tags; `@axe-core/playwright`'s current line needs a newer Node than ours), run
 * with the WCAG 2.0–2.2 A/AA rules and best practices, in light and dark, at a
 * small and a large window. Any violation fails with its rule, target and why.
 */
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'];

export const LOOKS = [
  { width: 800, height: 600, colorScheme: 'light' },
  { width: 800, height: 600, colorScheme: 'dark' },
  { width: 1440, height: 900, colorScheme: 'light' },
  { width: 1440, height: 900, colorScheme: 'dark' },
] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

async function violations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) =>
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
          })),
        ),
    TAGS,
  );
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`));
}

/**
 * Checks the screen as it is now in every look (window size × colour scheme), and
 * leaves the page at the first look. The screen's state must not depend on the size.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const found: string[] = [];
  for (const look of LOOKS) {
    await page.setViewportSize({ width: look.width, height: look.height });
    await page.emulateMedia({ colorScheme: look.colorScheme });
    for (const v of await violations(page)) found.push(`${look.width}×${look.height} ${look.colorScheme}: ${v}`);
  }
  await page.setViewportSize({ width: LOOKS[0].width, height: LOOKS[0].height });
  await page.emulateMedia({ colorScheme: LOOKS[0].colorScheme });
  expect(found, `axe on “${screen}”`).toEqual([]);
}
