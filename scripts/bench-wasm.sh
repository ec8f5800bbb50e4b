#!/usr/bin/env bash
# The browser benchmark: builds sentc-wasm-bench natively (release) and for the browser (size
# profile + wasm-opt, like the npm package), runs both, prints the wasm/native table.
# `scripts/bench-wasm.sh --write` also replaces the table in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PATH="$(scripts/browser-tools.sh):$PATH"
cargo build --release --locked -p sentc-wasm-bench --bin sentc-native-bench
wasm-pack --quiet build bindings-wasm/bench --target web --out-dir "$PWD/target/wasm-bench" \
  --out-name bench --profile wasm-release --no-pack 2>&1 | grep -v "failed to get wasm-pack version" || true
test -f target/wasm-bench/bench_bg.wasm || { echo "wasm-pack build of the benchmark failed" >&2; exit 1; }
node bindings-wasm/bench/run.mjs "$@"
