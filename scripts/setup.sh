#!/usr/bin/env bash
# Sets up a fresh machine: system packages (Debian/Ubuntu, when run as root or
# with sudo), exact npm dependencies from the lockfile, and the Electron
# binary where it can be downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(dbus gnome-keyring libsecret-tools chromium xvfb xauth xclip xsel xprintidle fonts-liberation openssl)
# SETUP_APT_SKIP="chromium": leave packages out. Ubuntu (GitHub's Linux runners) ships Chromium as a
# snap only; CI there skips it and points CHROMIUM_PATH at the runner's Google Chrome.
for skip in ${SETUP_APT_SKIP:-}; do
  for i in "${!APT_PACKAGES[@]}"; do [ "${APT_PACKAGES[$i]}" != "$skip" ] || unset 'APT_PACKAGES[i]'; done
done
APT_PACKAGES=("${APT_PACKAGES[@]}")

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "Installing system packages: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# Electron's own download script is disabled in package.json (allowScripts);
# tests never need it. Browsers come from the system, not from Playwright.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error

if [ -z "${CI:-}" ]; then
  # The Electron shell needs its binary; fetch it where the network allows (npm start falls back to Chromium).
  if ! (unset ELECTRON_SKIP_BINARY_DOWNLOAD; node node_modules/electron/install.js) >/dev/null 2>&1; then
    echo "note: the Electron binary could not be downloaded here, so 'npm start' opens WXM Vault in Chromium instead; all tests still run."
  fi
fi
