#!/usr/bin/env bash
# Builds SentcFFI.xcframework (the Rust library for iOS devices, the iOS simulator and macOS,
# with the generated C header and module map) for Package.swift. Needs a Mac with Xcode and
# rustup; it cannot run on Linux, so the project's CI does not run it (it checks the generated
# Swift and C instead: scripts/uniffi-swift.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

targets=(aarch64-apple-ios aarch64-apple-ios-sim aarch64-apple-darwin)
for target in "${targets[@]}"; do
  rustup target add "$target"
  # The host's transport (URLSession) only: no native HTTP, so no TLS library to link.
  cargo build --locked --release -p sentc-uniffi --target "$target"
done
out=bindings-uniffi/swift/SentcFFI.xcframework
rm -rf "$out"
args=()
for target in "${targets[@]}"; do
  args+=(-library "target/$target/release/libsentc_uniffi.a" -headers bindings-uniffi/swift/Sources/SentcFFI)
done
xcodebuild -create-xcframework "${args[@]}" -output "$out"
echo "built $out; add the package (bindings-uniffi/swift) to your Xcode project"
