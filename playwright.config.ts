import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.e2e.ts', 'electron/**/*.e2e.ts'],
  outputDir: 'test-results/playwright',
  // One worker: the X11 clipboard is one per display, and the machine has two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  // No browser options here: test/e2e launches the product's browser shell (test/harness/fixtures.ts),
  // with its own command line and window, and test/electron launches Electron.
});
