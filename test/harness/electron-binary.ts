/**
 * The Electron binary npm installed, or null. Its download is blocked on our CI
 * machines, so specs that need real Electron skip themselves, saying so, when
 * this returns null.
 */
import { installedElectronBinary } from '../../electron/browser/choose-shell';

/** The product's own lookup (what `npm start` uses to choose a shell), so the specs skip exactly when the app would. */
export function electronBinary(): string | null {
  return installedElectronBinary();
}

/** Set by CI runners that install the binary: there the Electron specs must run. */
export function electronRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WXM_REQUIRE_ELECTRON === '1';
}

/**
 * Why the Electron specs skip on this machine, or false when they run. With
 * WXM_REQUIRE_ELECTRON=1 they never skip: without a binary each one fails at launch,
 * counted as a failure rather than passing as skipped.
 */
export function electronSkipReason(binary: string | null = electronBinary(), env: NodeJS.ProcessEnv = process.env): string | false {
  if (binary || electronRequired(env)) return false;
  return 'SKIPPED: no Electron binary on this machine (its download is blocked here); CI runs this on Linux, macOS and Windows.';
}
