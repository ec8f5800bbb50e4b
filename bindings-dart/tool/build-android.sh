#!/usr/bin/env bash
# Builds libsentc_flutter.so for the Android ABIs into android/src/main/jniLibs/<abi>/, where the
# plugin's Gradle build packs it and `RustLib.init()` opens it by name. Needs the Android NDK
# (ANDROID_NDK_HOME) and `cargo install cargo-ndk`; neither installs on the project's CI machines,
# which only `cargo check` these targets (scripts/mobile-targets.sh). The Dart transport
# (package:http) is used: the library has no TLS code of its own to link.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here/.."
cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$here/android/src/main/jniLibs" \
  build --locked --release -p sentc-flutter
echo "built the Android libraries in $here/android/src/main/jniLibs"
