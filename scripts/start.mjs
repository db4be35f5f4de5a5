// `npm start` after the build: runs Electron when its binary is installed, else the
// browser shell (electron/browser/start.ts). Exit code: 0 when the window was closed.
import { loadBuilt, terminal } from './built-entry.mjs';

const { version, module } = await loadBuilt(
  'dist/browser/start.mjs',
  'WXM Vault is not built yet: run `npm start` (it builds first) or `npm run build`.',
);
process.exit(await module.main(version, terminal));
