#!/usr/bin/env bash
# One wasm-pack build with the browser size profile (wasm-release, then wasm-opt), without a
# package.json: `scripts/wasm-pack-build.sh CRATE_DIR TARGET OUT_DIR OUT_NAME`, paths from the
# project root. Used by build-wasm.sh (the npm package) and bench-wasm.sh (the benchmark), so
# both measure the same build. Expects wasm-pack on PATH (scripts/browser-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

crate=$1 target=$2 out=$(realpath -m "$3") name=$4
# Panic locations name source files; without this machine's paths in them the .wasm is smaller
# (about 1 KB gzip) and does not depend on where it was built.
flags="--remap-path-prefix=$PWD/="
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  flags="$flags --remap-path-prefix=$registry="
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$flags"
# wasm-pack asks crates.io for its newest version, which this network may refuse: that line is
# noise. Its exit status is lost in the pipe, so the .wasm file is the check.
wasm-pack --quiet build "$crate" --target "$target" --out-dir "$out" --out-name "$name" \
  --profile wasm-release --no-pack 2>&1 | grep -v "failed to get wasm-pack version" || true
test -f "$out/${name}_bg.wasm" || { echo "wasm-pack build of $crate (--target $target) failed" >&2; exit 1; }
rm -f "$out/.gitignore"
