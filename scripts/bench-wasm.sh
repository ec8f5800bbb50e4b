#!/usr/bin/env bash
# The browser benchmark: builds sentc-wasm-bench natively (release) and for the browser (size
# profile + wasm-opt, like the npm package), runs both, prints the wasm/native table.
# `scripts/bench-wasm.sh --write` also replaces the table in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PATH="$(scripts/browser-tools.sh):$PATH"
cargo build --release --locked -p sentc-wasm-bench --bin sentc-native-bench
scripts/wasm-pack-build.sh bindings-wasm/bench web target/wasm-bench bench
node bindings-wasm/bench/run.mjs "$@"
