#!/usr/bin/env bash
# Builds libsentc_uniffi.so for the Android ABIs into src/main/jniLibs/<abi>/ and generates the
# Kotlin bindings into src/main/kotlin. Needs the Android NDK (ANDROID_NDK_HOME) and
# `cargo install cargo-ndk`; neither installs on the project's CI machines, which only
# `cargo check` these targets (scripts/mobile-targets.sh). The host's transport (OkHttp,
# HttpURLConnection) is used: the library has no TLS code of its own to link.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$here/src/main/jniLibs" \
  build --locked --release -p sentc-uniffi
cargo run --locked -q -p uniffi-bindgen -- generate \
  --library "$here/src/main/jniLibs/arm64-v8a/libsentc_uniffi.so" \
  --language kotlin --out-dir "$here/src/main/kotlin" --no-format
echo "built the Android library in $here"
