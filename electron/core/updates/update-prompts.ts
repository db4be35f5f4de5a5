/**
 * What the update questions say. Main shows them in message boxes; the words
 * live here so a node test can hold them to saying what happens next.
 */

export interface UpdateQuestion {
  message: string;
  detail: string;
  /** The button that says yes; the default. */
  confirm: string;
  /** The button that says no; also what Escape or closing the box means. */
  decline: string;
}

export function downloadQuestion(version: string, currentVersion: string): UpdateQuestion {
  return {
    message: `WXM Vault ${version} is available`,
    detail:
      `You have ${currentVersion}. Download it now? It downloads in the background; WXM Vault asks again before restarting to install it. ` +
      'Not now: you are asked again at the next start. Settings → "Check for updates" turns these checks off.',
    confirm: 'Download',
    decline: 'Not now',
  };
}

export function restartQuestion(version: string): UpdateQuestion {
  return {
    message: `WXM Vault ${version} is ready to install`,
    detail:
      'Restart now to install it? Restarting clears what WXM Vault copied to the clipboard; with a vault passphrase, you unlock again. ' +
      'Later: it is not installed, and you are asked again at the next start.',
    confirm: 'Restart now',
    decline: 'Later',
  };
}
