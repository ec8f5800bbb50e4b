#!/usr/bin/env bash
# Builds the npm package of the browser SDK into bindings-wasm/pkg: the web build (direct use,
# `sentc/web`) and the bundler build (`sentc`), each with the size profile and wasm-opt from
# npm binaryen, plus the entry files, package.json and README. Prints the .wasm sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

PATH="$(scripts/browser-tools.sh):$PATH"
out=bindings-wasm/pkg
rm -rf "$out"
for target in web bundler; do
  scripts/wasm-pack-build.sh bindings-wasm "$target" "$out/$target" sentc
  cp "bindings-wasm/js/index.$target.js" "$out/$target/index.js"
  cp bindings-wasm/js/index.d.ts "$out/$target/index.d.ts"
  cp bindings-wasm/js/compat.js "$out/$target/compat.js"
done
cp bindings-wasm/js/package.json bindings-wasm/README.md LICENSE-MIT LICENSE-APACHE "$out/"

wasm="$out/web/sentc_bg.wasm"
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "sentc_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
