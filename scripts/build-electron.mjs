// Bundles the Electron main process and the sandboxed preload to CommonJS.
// The preload must be a single file: a sandboxed preload can only require('electron').
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: false, logLevel: 'warning' };
/** The plain-Node programs (browser shell, demo, command line): ESM, dependencies loaded from node_modules. */
const nodeEsm = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/electron/main.cjs',
  // electron is provided by the runtime. undici is the plain-Node HTTP stack (the app itself uses net.fetch):
  // a production dependency, not 1 MB of bundle. electron-updater too: packed as electron-builder
  // installed it (its updaters are chosen per OS at run time), and its autoUpdater is only created
  // when a packaged build checks. Native binaries are never bundled: the native
  // loader requires them by absolute path inside our node_modules (electron/core/keychain/native-loader.ts).
  external: ['electron', '@napi-rs/keyring', 'undici', 'electron-updater'],
  // The native loader finds the app from its own location; in CommonJS that is __filename.
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__importMetaUrl' },
});

await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  external: ['electron'],
});

// The browser shell (npm start without the Electron binary): plain Node, ESM, dependencies
// loaded from node_modules. Not packed into the Electron app (electron-builder.yml `files`).
await build({
  ...nodeEsm,
  entryPoints: ['electron/browser/start.ts'],
  outfile: 'dist/browser/start.mjs',
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

// `npm run demo`: the browser shell against the local WXM sandbox. Like the browser shell, never packed.
await build({
  ...nodeEsm,
  entryPoints: ['electron/demo/demo.ts'],
  outfile: 'dist/demo/demo.mjs',
});

// The `wxm-vault` command line (package.json `bin`): plain Node, ESM, dependencies loaded from
// node_modules (its native loader finds them from the repository's package.json). Never packed
// into the Electron app: the packaged app's RunAsNode fuse is off, so it could not run it anyway.
await build({
  ...nodeEsm,
  entryPoints: ['electron/cli/bin.ts'],
  outfile: 'dist/cli/wxm-vault.mjs',
  banner: { js: '#!/usr/bin/env node' },
});
chmodSync('dist/cli/wxm-vault.mjs', 0o755);
