#!/usr/bin/env bash
# Installs what the browser build and tests need, skipping what is already there:
# Chromium and chromedriver (apt), wasm-pack and wasm-bindgen-cli (cargo, the CLI at the exact
# wasm-bindgen version of Cargo.lock), and the npm tools of bindings-wasm/tools (binaryen's
# wasm-opt, playwright-core, vite, webpack). Prints the folder to put first on PATH for wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '%s\n' "$*" >&2; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver (apt)"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  apt_log=$(mktemp)
  { $sudo_cmd apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver; } \
    >"$apt_log" 2>&1 || { cat "$apt_log" >&2; exit 1; }
  rm -f "$apt_log"
fi

# The CLI must match the wasm-bindgen crate exactly, or the generated glue does not fit.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  log "installing wasm-bindgen-cli $bindgen_version"
  # Not --locked: the registry's lock file of this release names a yanked crate.
  cargo install wasm-bindgen-cli --version "$bindgen_version" >&2
fi
if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack"
  cargo install wasm-pack --version 0.15.1 --locked >&2
fi

# binaryen from npm: wasm-pack's own download needs GitHub, and Debian's binaryen is too old.
if [ ! -x bindings-wasm/tools/node_modules/.bin/wasm-opt ] || [ ! -x bindings-wasm/tools/node_modules/.bin/vite ] \
  || [ ! -x bindings-wasm/tools/node_modules/.bin/webpack ] || [ ! -x bindings-wasm/tools/node_modules/.bin/esbuild ] \
  || [ ! -x bindings-wasm/tools/node_modules/.bin/tsc ]; then
  log "installing the npm tools (binaryen, playwright-core, vite, webpack, esbuild, typescript)"
  # `npm install` from the lock file rather than `npm ci`: the registry these machines reach
  # leaves other platforms' optional packages (rollup's, esbuild's) out of the lock file, and
  # `npm ci` refuses such a lock file. --no-save keeps the lock file as committed.
  (cd bindings-wasm/tools && npm install --no-save --no-audit --no-fund >&2)
fi
echo "$PWD/bindings-wasm/tools/node_modules/.bin"
