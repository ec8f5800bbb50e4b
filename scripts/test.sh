#!/usr/bin/env bash
# The one test command of sentc: installs what is missing, then runs the format check,
# clippy with warnings as errors, every test, and the wasm32 build of the core.
# Used by the README and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "toolchain: rustfmt, clippy, wasm32 target"
installed_components=$(rustup component list --installed)
for component in rustfmt clippy; do
  grep -q "^$component" <<<"$installed_components" || rustup component add "$component"
done
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

step "format"
cargo fmt --all -- --check

step "clippy (-D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests"
cargo test --workspace --all-targets --locked
cargo test --workspace --doc --locked

step "wasm32 build of sentc-core"
cargo build -p sentc-core --target wasm32-unknown-unknown --locked

step "all checks passed"
