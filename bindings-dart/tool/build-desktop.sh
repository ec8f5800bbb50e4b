#!/usr/bin/env bash
# Builds the shared library for this desktop (Linux: libsentc_flutter.so, Windows under Git Bash
# or MSYS: sentc_flutter.dll) into rust/target/release/, where the plugin's CMake file bundles it
# with the app and `RustLib.init()` opens it. With `--native-http`, the library brings its own
# HTTP client (rustls) for apps that prefer it to package:http.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here/.."
features=()
if [ "${1:-}" = "--native-http" ]; then
  features=(--features native-http)
fi
cargo build --locked --release -p sentc-flutter "${features[@]}"
mkdir -p "$here/rust/target/release"
for lib in libsentc_flutter.so sentc_flutter.dll libsentc_flutter.dylib; do
  if [ -f "target/release/$lib" ]; then
    cp "target/release/$lib" "$here/rust/target/release/"
    echo "built $here/rust/target/release/$lib"
  fi
done
