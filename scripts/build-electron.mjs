// Bundles the Electron main process and the sandboxed preload to CommonJS.
// The preload must be a single file: a sandboxed preload can only require('electron').
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: false, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/electron/main.cjs',
  // Native modules load from node_modules at run time; electron is provided by the runtime.
  // undici is the plain-Node HTTP stack (the app itself uses net.fetch): a production dependency, not 1 MB of bundle.
  external: ['electron', '@napi-rs/keyring', 'undici'],
});

await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  external: ['electron'],
});

// The test harness injects the same bridge into a plain Chromium page.
await build({
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  entryPoints: ['test/harness/page-bridge.ts'],
  outfile: 'dist/test/page-bridge.js',
  logLevel: 'warning',
});

// The browser shell (npm start without the Electron binary): plain Node, ESM, dependencies
// loaded from node_modules. Not packed into the Electron app (electron-builder.yml `files`).
await build({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  entryPoints: ['electron/browser/start.ts'],
  outfile: 'dist/browser/start.mjs',
  logLevel: 'warning',
});

// What the browser shell injects into its page: window.wxmVault over the shell's binding.
await build({
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  entryPoints: ['electron/browser/page-bridge.ts'],
  outfile: 'dist/browser/page-bridge.js',
  logLevel: 'warning',
});
