#!/usr/bin/env bash
# Builds the static library for iOS (devices and the simulator) and macOS into
# ios/Frameworks/SentcFlutter.xcframework and macos/Frameworks/SentcFlutter.xcframework; the
# podspecs link them into the app, whose process `RustLib.init()` then finds the symbols in.
# Needs a Mac with Xcode (not runnable on the project's CI machines).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here/.."
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
for target in "${targets[@]}"; do
  rustup target add "$target"
  cargo build --locked --release -p sentc-flutter --target "$target"
done
lib=libsentc_flutter.a
out=target/apple
mkdir -p "$out/ios-sim" "$out/macos"
lipo -create target/aarch64-apple-ios-sim/release/$lib target/x86_64-apple-ios/release/$lib \
  -output "$out/ios-sim/$lib"
lipo -create target/aarch64-apple-darwin/release/$lib target/x86_64-apple-darwin/release/$lib \
  -output "$out/macos/$lib"
rm -rf "$here/ios/Frameworks/SentcFlutter.xcframework" "$here/macos/Frameworks/SentcFlutter.xcframework"
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/release/$lib -library "$out/ios-sim/$lib" \
  -output "$here/ios/Frameworks/SentcFlutter.xcframework"
xcodebuild -create-xcframework -library "$out/macos/$lib" \
  -output "$here/macos/Frameworks/SentcFlutter.xcframework"
echo "built the iOS and macOS frameworks"
