#!/usr/bin/env bash
# Security gate: Electronegativity on our sources and on the built output.
#
# Electronegativity exits 0 even when it finds HIGH issues, and with -o it prints
# nothing at all, not even the files it failed to parse. So we never trust its exit
# code: scripts/electronegativity-scan.mjs runs it and writes the CSV report plus a
# list of parse errors, and scripts/electronegativity-gate.mjs parses both and fails
# on any HIGH or MEDIUM finding that security/electronegativity-allowlist.json does
# not explain, on a missing or unparseable report, and on any file it did not check.
#
# Each scan runs on a staged copy that mirrors the repo layout, so one run sees the
# window code and the page's CSP together and reported paths match the repo.
# Needs the build (dist/); scripts/test.sh runs the gates after it.
set -euo pipefail
cd "$(dirname "$0")/../.."

ELECTRON_VERSION="$(node -p "require('./package.json').devDependencies.electron")"
OUT=test-results/electronegativity
rm -rf "$OUT" && mkdir -p "$OUT"
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/wxm-eng-XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

for built in dist/electron/main.cjs dist/electron/preload.cjs dist/renderer/index.html; do
  if [ ! -f "$built" ]; then
    echo "electronegativity gate: $built is missing; run npm run build first." >&2
    exit 1
  fi
done

# sources: the Electron code, the page that carries the CSP, package.json (Electron version, custom args)
mkdir -p "$STAGE/sources/renderer"
cp -R electron "$STAGE/sources/electron"
cp renderer/index.html "$STAGE/sources/renderer/index.html"
cp package.json "$STAGE/sources/package.json"
# built: exactly what electron-builder packs (dist/electron, dist/renderer, package.json)
mkdir -p "$STAGE/built/dist"
cp -R dist/electron "$STAGE/built/dist/electron"
cp -R dist/renderer "$STAGE/built/dist/renderer"
cp package.json "$STAGE/built/package.json"

status=0
for scan in sources built; do
  echo "--- electronegativity: $scan (Electron $ELECTRON_VERSION)"
  lower=no
  [ "$scan" = built ] && lower=yes
  node scripts/electronegativity-scan.mjs --input "$STAGE/$scan" --csv "$OUT/$scan.csv" \
    --errors "$OUT/$scan.errors.json" --electron "$ELECTRON_VERSION" --lower-js "$lower" 2>&1 \
    | grep -v 'Could not retrieve updated translations' || true
  node scripts/electronegativity-gate.mjs --scan "$scan" --csv "$OUT/$scan.csv" \
    --errors "$OUT/$scan.errors.json" --allowlist security/electronegativity-allowlist.json || status=1
done
exit "$status"
