#!/usr/bin/env bash
# Builds the npm package into bindings-wasm/pkg: the web build (browsers, `sentc` and
# `sentc/web`), the bundler build (`sentc/bundler`), each with the size profile and wasm-opt from
# npm binaryen, the Node.js entries (ESM and CommonJS, over the web build's module), the public
# API layer (bindings-wasm/js), package.json, README and licences. Prints the .wasm sizes.
# `--js-only` redoes only the JS layer over the previous WebAssembly builds.
set -euo pipefail
cd "$(dirname "$0")/.."

PATH="$(scripts/browser-tools.sh):$PATH"
out=bindings-wasm/pkg
js=bindings-wasm/js
# --js-only: keep the WebAssembly builds of a previous run and redo the JS layer (when only
# bindings-wasm/js changed).
if [ "${1:-}" != "--js-only" ]; then
  rm -rf "$out"
  for target in web bundler; do
    scripts/wasm-pack-build.sh bindings-wasm "$target" "$out/$target" sentc
  done
fi
test -f "$out/web/sentc.js" || { echo "no WebAssembly build in $out: run without --js-only" >&2; exit 1; }
for target in web bundler; do
  # The public API (api.js over the internal module sentc.js) and its hand-written types.
  cp "$js/index.$target.js" "$out/$target/index.js"
  cp "$js/api.js" "$js/errors.js" "$js/files.js" "$js/platform.js" "$js/storage.js" "$js/index.d.ts" "$out/$target/"
done

# Node.js: the web build's module read from the package's files; CommonJS bundled by esbuild.
mkdir -p "$out/node"
cp "$js/node/index.mjs" "$js/node/file-storage.mjs" "$out/node/"
cat "$js/index.d.ts" "$js/node/file-storage.d.ts" >"$out/node/index.d.ts"
cp "$out/node/index.d.ts" "$out/node/index.d.cts"
esbuild "$out/node/index.mjs" --bundle --format=cjs --platform=node --target=node20 --log-level=warning \
  --define:import.meta.url=importMetaUrl --inject:"$js/node/import-meta-url.cjs.js" \
  --outfile="$out/node/index.cjs"

cp "$js/package.json" LICENSE-MIT LICENSE-APACHE "$out/"
# package.json's `repository` is the clone's own remote when it is a network address (no address
# is invented): a checkout without one (or cloned from a local path) builds it without the field.
origin=$(git remote get-url origin 2>/dev/null || true)
if [[ "$origin" == *://* || "$origin" == git@* ]]; then
  node -e '
    const [file, url] = process.argv.slice(1);
    const pkg = JSON.parse(require("fs").readFileSync(file, "utf8"));
    pkg.repository = { type: "git", url, directory: "bindings-wasm" };
    require("fs").writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$out/package.json" "$origin"
fi
# The docs the README links, shipped in the package (the README's links to the repository's
# ../docs become the package's docs/); the API reference generated from the types.
sed 's#](\.\./docs/#](docs/#g' bindings-wasm/README.md >"$out/README.md"
mkdir -p "$out/docs"
cp docs/errors.md docs/migrating-from-sentc.md docs/searchable.md "$out/docs/"
node bindings-wasm/tools/api-reference.mjs "$out/node/index.d.ts" "$out/API.md"

wasm="$out/web/sentc_bg.wasm"
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "sentc_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
# The size budget (BENCHMARKS.md: the whole SDK's .wasm at most 400 KB gzip): the build fails over it.
budget=400000
if [ "$gz" -gt "$budget" ]; then
  echo "sentc_bg.wasm is $gz bytes gzip -9, over the budget of $budget" >&2
  exit 1
fi
