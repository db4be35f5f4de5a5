// Decides, from the environment alone, whether this release build signs (and on macOS
// notarises), and how the artifacts say so. CI fills the environment from the repository's
// secret store only; the plan names which variables are set, never their values.
//
// A build without signing secrets still succeeds, but its installers carry "-unsigned" in
// their file names and the release notes say so. Half a set of secrets (a certificate
// without its password, an Apple ID without its team) fails the build: that is a broken
// secret store, and shipping it unsigned would hide it.

const MAC_CERT = ['CSC_LINK', 'CSC_KEY_PASSWORD'];
const WIN_CERT = ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'];
const NOTARY = {
  'an Apple ID': ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  'an App Store Connect API key': ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
};

const present = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

/** 'all', 'none', or the names that are missing from a set that is partly there. */
function completeness(env, names) {
  const missing = names.filter((n) => !present(env, n));
  if (missing.length === 0) return 'all';
  if (missing.length === names.length) return 'none';
  return missing;
}

function certificate(env, names, what, problems) {
  const state = completeness(env, names);
  if (Array.isArray(state))
    problems.push(
      `${what}: ${names.filter((n) => !state.includes(n)).join(', ')} set but ${state.join(', ')} missing. Add the missing repository secret(s), or remove the others to build unsigned.`,
    );
  return state === 'all';
}

/**
 * @param {NodeJS.Platform} platform
 * @param {Record<string, string | undefined>} env
 */
export function signingPlan(platform, env) {
  const problems = [];
  let signed = false;
  let notarised = null;
  const used = [];
  if (platform === 'darwin') {
    signed = certificate(env, MAC_CERT, 'macOS signing certificate', problems);
    if (signed) used.push(...MAC_CERT);
    notarised = false;
    for (const [what, names] of Object.entries(NOTARY)) {
      const ok = certificate(env, names, `macOS notarisation with ${what}`, problems);
      if (ok && !signed)
        problems.push(
          `macOS notarisation with ${what} is set up, but there is no signing certificate (CSC_LINK, CSC_KEY_PASSWORD): Apple notarises signed apps only.`,
        );
      if (ok) used.push(...names);
      notarised ||= ok;
    }
  } else if (platform === 'win32') {
    signed = certificate(env, WIN_CERT, 'Windows signing certificate', problems);
    if (signed) used.push(...WIN_CERT);
    // electron-builder falls back to CSC_LINK on Windows: the macOS certificate would sign the installer.
    if (present(env, 'CSC_LINK'))
      problems.push(
        'CSC_LINK (the macOS certificate) is set for the Windows build. Give Windows its own WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD, and pass CSC_LINK to the macOS job only.',
      );
  }
  const signable = platform === 'darwin' || platform === 'win32';
  // A signed but un-notarised Mac app is still refused by Gatekeeper once downloaded: mark it too.
  const mark = !signable ? '' : !signed ? '-unsigned' : notarised === false ? '-unnotarised' : '';
  // One file-name pattern for every installer: no spaces (GitHub would rename them), the OS and
  // arch in the name, and the signing mark, so an unsigned file says so wherever it is copied.
  const config = { artifactName: `\${name}-\${version}-\${os}-\${arch}${mark}.\${ext}` };
  return {
    platform,
    signable,
    signed,
    notarised,
    problems,
    /** Names (never values) of the secrets this build uses. */
    secretsUsed: used,
    /** File-name mark for this build's installers: '', '-unsigned' or '-unnotarised'. */
    mark,
    /** Overrides merged over electron-builder.yml by electron-builder. */
    config,
    /** Set for electron-builder: without secrets it must not pick up whatever identity the runner's keychain holds. */
    env: signable && !signed ? { CSC_IDENTITY_AUTO_DISCOVERY: 'false' } : {},
    summary: describe(platform, signable, signed, notarised),
  };
}

function describe(platform, signable, signed, notarised) {
  if (!signable) return `${platform}: AppImage and deb are not code-signed (electron-builder signs neither); check them against SHA256SUMS.txt.`;
  const os = platform === 'darwin' ? 'macOS' : 'Windows';
  if (!signed) return `${os}: UNSIGNED (no signing secrets in this repository), so the OS will warn before opening it. Not for distribution.`;
  if (notarised === false)
    return `${os}: signed but NOT notarised (no notarisation secrets), so Gatekeeper refuses it once downloaded. Not for distribution.`;
  return platform === 'darwin' ? 'macOS: signed and notarised.' : 'Windows: signed.';
}
