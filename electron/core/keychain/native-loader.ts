/**
 * The one way main loads native code.
 *
 * Prebuilt native packages ship a generated loader that reads the environment
 * (napi-rs: NAPI_RS_NATIVE_LIBRARY_PATH loads any file you name, NAPI_RS_FORCE_WASI
 * and NAPI_RS_WASI_FLAVOR switch to another package) and resolves through NODE_PATH
 * and $HOME/.node_modules when the binary is missing. Any of those would let
 * whoever sets our environment run code inside main, with the keychain open,
 * around the fuses that turn off ELECTRON_RUN_AS_NODE and NODE_OPTIONS. So we
 * never run those loaders: each binary is a fixed file of a fixed package, looked
 * up only in our own app's node_modules, and required by absolute path.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Per native module: the package that depends on its binaries, and the platform
 * package and binary for each `platform-arch` we build installers for
 * (electron-builder.yml). Linux means glibc: Electron has no musl build, so a musl
 * system gets "keychain unavailable", not a guess.
 */
export const NATIVE_MODULES = {
  keyring: {
    package: '@napi-rs/keyring',
    binaries: {
      'linux-x64': '@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node',
      'linux-arm64': '@napi-rs/keyring-linux-arm64-gnu/keyring.linux-arm64-gnu.node',
      'linux-arm': '@napi-rs/keyring-linux-arm-gnueabihf/keyring.linux-arm-gnueabihf.node',
      'darwin-x64': '@napi-rs/keyring-darwin-x64/keyring.darwin-x64.node',
      'darwin-arm64': '@napi-rs/keyring-darwin-arm64/keyring.darwin-arm64.node',
      'win32-x64': '@napi-rs/keyring-win32-x64-msvc/keyring.win32-x64-msvc.node',
      'win32-arm64': '@napi-rs/keyring-win32-arm64-msvc/keyring.win32-arm64-msvc.node',
      'win32-ia32': '@napi-rs/keyring-win32-ia32-msvc/keyring.win32-ia32-msvc.node',
    },
  },
} as const satisfies Record<string, { package: string; binaries: Record<string, string> }>;

export type NativeModuleName = keyof typeof NATIVE_MODULES;

export interface NativeLoadOptions {
  /** The folder holding our package.json and node_modules; defaults to the app this file is part of. */
  appRoot?: string;
  platform?: NodeJS.Platform;
  arch?: string;
}

export class NativeLoadError extends Error {
  override name = 'NativeLoadError';
}

/**
 * The app root: the nearest folder above this file with a package.json. That is
 * the repository in development and app.asar when packaged (main is bundled to
 * dist/electron/main.cjs); stopping there keeps the search out of folders other
 * users may write to, such as C:\node_modules.
 */
export function ownAppRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new NativeLoadError(`No package.json above ${from}: cannot tell where the app's native modules are.`);
  }
}

/** Where the binary would be: hoisted to the top node_modules, or nested under the package that depends on it. */
export function nativeBinaryCandidates(name: NativeModuleName, options: NativeLoadOptions = {}): string[] {
  const key = `${options.platform ?? process.platform}-${options.arch ?? process.arch}`;
  const module = NATIVE_MODULES[name];
  const binary = (module.binaries as Record<string, string | undefined>)[key];
  if (!binary) throw new NativeLoadError(`No ${name} binary is built for ${key}.`);
  const modules = join(options.appRoot ?? ownAppRoot(), 'node_modules');
  return [join(modules, binary), join(modules, module.package, 'node_modules', binary)];
}

export function loadNative<T>(name: NativeModuleName, options: NativeLoadOptions = {}): T {
  const candidates = nativeBinaryCandidates(name, options);
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) throw new NativeLoadError(`The ${name} binary for this system is missing (looked for ${candidates.join(', ')}).`);
  // An absolute path: Node's resolver (NODE_PATH, global folders) is never consulted.
  return createRequire(file)(file) as T;
}
