#!/usr/bin/env bash
# Runs every benchmark (bench/*.bench.ts) and prints its figures. Benchmarks that touch the keychain run inside a private keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_KEYRING="${WITH_KEYRING:-scripts/with-keyring.sh}"
shopt -s nullglob
benches=(bench/*.bench.ts)
if ((${#benches[@]} == 0)); then echo "no benchmarks yet"; exit 0; fi
for b in "${benches[@]}"; do
  echo "=== $b"
  "$WITH_KEYRING" node --import tsx "$b"
done
