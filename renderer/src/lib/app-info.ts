import type { AppInfo } from '../../../electron/common/ipc-contract';
import { bridge, unwrap } from './vault-api';

let asked: Promise<AppInfo> | null = null;

/** Which shell runs us and where the idle lock reads idle time: fixed for the page's life, so asked once. */
export function appInfo(): Promise<AppInfo> {
  asked ??= unwrap(bridge().appInfo()).catch((error: unknown) => {
    // A failed answer is not remembered: the next caller asks again.
    asked = null;
    throw error;
  });
  return asked;
}
