// `npm run demo` after the build: WXM Vault in the browser shell against a local WXM sandbox
// with sample accounts (electron/demo/demo.ts). Exit code: 0 when the window was closed.
import { fileURLToPath } from 'node:url';
import { loadBuilt, terminal } from './built-entry.mjs';

const { version, module } = await loadBuilt(
  'dist/demo/demo.mjs',
  'The WXM Vault demo is not built yet: run `npm run demo` (it builds first) or `npm run build`.',
);
const launcher = {
  withKeyring: fileURLToPath(new URL('./with-keyring.sh', import.meta.url)),
  relaunch: [process.execPath, fileURLToPath(import.meta.url)],
};
process.exit(await module.main(version, terminal, launcher));
