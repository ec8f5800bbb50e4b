#!/usr/bin/env bash
# Builds the web library (wasm32, wasm-bindgen) into web/pkg/, which `RustLib.init()` loads on
# Flutter web (`webPrefix: 'pkg/'`). flutter_rust_bridge's web build needs a Flutter SDK and a
# nightly toolchain with atomics (its worker pool); the project's CI only `cargo check`s the
# wasm32 build (scripts/test.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
flutter_rust_bridge_codegen build-web --output web/pkg --release
