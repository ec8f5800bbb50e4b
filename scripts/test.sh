#!/usr/bin/env bash
# The one test command of sentc: installs what is missing (Rust components, the wasm32 target,
# PostgreSQL, moto, schemathesis, Chromium and the browser build tools), then runs the format check,
# clippy with warnings as errors, every test (the server's on SQLite and on PostgreSQL), the API
# contract tests (schemathesis against docs/openapi.json), the wasm32 build of
# the core, the browser SDK's tests in headless Chromium, the npm package in Node.js and under
# tsc --strict, the uniffi SDK (Python against the server, mobile targets compiled) and the
# Flutter SDK (its Rust bridge against the server, its Dart side generated and parse-checked).
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
# The Flutter bridge with its native transport and test-only exports: one build serves its tests.
flutter_features=(--features sentc-flutter/native-http,sentc-flutter/test-exports)
cargo clippy --workspace --all-targets "${flutter_features[@]}" --locked -- -D warnings
cargo clippy -p sentc-uniffi --all-targets --features native-http,test-exports --locked -- -D warnings

step "fuzz targets build (format, clippy; fuzzing itself: docs/fuzzing.md)"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
cargo clippy --manifest-path fuzz/Cargo.toml --all-targets --locked -- -D warnings

step "PostgreSQL: a throwaway cluster on a loopback port (installed if missing)"
SENTC_TEST_POSTGRES_URL="$(scripts/postgres.sh start)"
export SENTC_TEST_POSTGRES_URL
trap 'scripts/postgres.sh stop' EXIT

step "S3: moto (PyPI) on a loopback port for the file storage (installed if missing)"
SENTC_TEST_S3_URL="$(scripts/s3.sh start)"
export SENTC_TEST_S3_URL
trap 'scripts/postgres.sh stop; scripts/s3.sh stop' EXIT

step "tests (server tests on SQLite and on PostgreSQL, file storage on a directory and S3, two server processes on one PostgreSQL, the 10 s load run, logs free of secrets; the Flutter bridge's API against the server, its failure paths and the vectors)"
cargo test --workspace --all-targets "${flutter_features[@]}" --locked
cargo test --workspace --doc --locked

step "the quickstart (README) runs"
cargo run --locked --example quickstart

step "the encrypted-notes example: a backend searches and sorts notes it cannot read"
cargo run --locked --example encrypted_notes

step "contract tests: schemathesis (PyPI) against sentc-server --dev for every operation of docs/openapi.json (public token, secret token, a user's JWT)"
cargo build -p sentc-server --locked
scripts/schemathesis.sh

step "wasm32 build of sentc-core"
cargo build -p sentc-core --target wasm32-unknown-unknown --locked

step "browser tools: chromium, chromedriver, wasm-pack, wasm-bindgen-cli, binaryen (installed if missing)"
PATH="$(scripts/browser-tools.sh):$PATH"

step "clippy of the browser SDK (wasm32, -D warnings)"
cargo clippy -p sentc-wasm -p sentc-wasm-bench --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "browser tests: wasm-pack test --headless --chrome"
(cd bindings-wasm && wasm-pack test --headless --chrome)

step "npm package (web + bundler, size profile, wasm-opt)"
scripts/build-wasm.sh

step "end to end: the npm package in a page and a worker against sentc-server --dev"
cargo build -p sentc-server --locked
node bindings-wasm/e2e/run.mjs

step "the npm package in Node.js (ESM and CommonJS) and its TypeScript types (tsc --strict)"
node --test bindings-wasm/e2e/node.test.mjs bindings-wasm/e2e/types.test.mjs

step "uniffi: the Kotlin SDK on the JVM against sentc-server --dev (kotlinc, JNA; a java.net.http transport)"
scripts/uniffi-kotlin.sh

step "uniffi: the Swift bindings are current, their C header compiles, the Swift parses (tree-sitter)"
scripts/uniffi-swift.sh

step "uniffi: the Python SDK against sentc-server --dev (pytest; a transport in Python and the native one)"
scripts/uniffi-python.sh

step "uniffi: one group with a Rust, a Kotlin, a Python and a JavaScript (npm package) user (each decrypts the others; a rotation across languages)"
scripts/uniffi-cross-language.sh

step "Flutter: the Dart side (pinned codegen regenerates the committed bindings; tree-sitter-dart parses every Dart file; the wrappers match the bridge)"
scripts/dart-checks.sh

step "Flutter: the bridge for the web (wasm32)"
cargo check -p sentc-flutter --target wasm32-unknown-unknown --locked

step "uniffi and Flutter: the mobile targets compile with the host's transport (no TLS C code in the graph)"
scripts/mobile-targets.sh aarch64-linux-android aarch64-apple-ios

step "all checks passed"
