#!/usr/bin/env bash
# Runs every benchmark (bench/*.bench.ts) and prints its figures, each beside its target.
# `--json FILE` also writes every named figure to FILE as one { "figure": number } object.
# Benchmarks that touch the keychain run inside a private keyring. The renderer benchmark opens the
# browser shell's window, so without a display they run on a private Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_KEYRING="${WITH_KEYRING:-scripts/with-keyring.sh}"
display=()
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then display=(xvfb-run -a -s "-screen 0 1280x800x24"); fi
json=""
while (($#)); do
  case "$1" in
    --json) json="${2:?--json needs a file name}"; shift 2 ;;
    *) echo "usage: bash scripts/bench.sh [--json FILE]" >&2; exit 2 ;;
  esac
done
shopt -s nullglob
benches=(bench/*.bench.ts)
if ((${#benches[@]} == 0)); then echo "no benchmarks yet"; exit 0; fi
parts="$(mktemp -d)"
trap 'rm -rf "$parts"' EXIT
for b in "${benches[@]}"; do
  echo "=== $b"
  BENCH_FIGURES="$parts/$(basename "$b" .ts).json" "$WITH_KEYRING" "${display[@]}" node --import tsx "$b"
done
if [ -n "$json" ]; then
  node -e '
    const fs = require("node:fs");
    const [out, ...files] = process.argv.slice(1);
    const all = Object.assign({}, ...files.map((f) => JSON.parse(fs.readFileSync(f, "utf8"))));
    fs.writeFileSync(out, JSON.stringify(all, null, 2) + "\n");
    console.log(`figures written to ${out}`);' "$json" "$parts"/*.json
fi
