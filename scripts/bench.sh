#!/usr/bin/env bash
# Runs every benchmark (bench/*.bench.ts) and prints its figures. Benchmarks that touch the keychain run inside a private keyring.
# The renderer benchmark opens the browser shell's window, so without a display they run on a private Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_KEYRING="${WITH_KEYRING:-scripts/with-keyring.sh}"
display=()
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then display=(xvfb-run -a -s "-screen 0 1280x800x24"); fi
shopt -s nullglob
benches=(bench/*.bench.ts)
if ((${#benches[@]} == 0)); then echo "no benchmarks yet"; exit 0; fi
for b in "${benches[@]}"; do
  echo "=== $b"
  "$WITH_KEYRING" "${display[@]}" node --import tsx "$b"
done
