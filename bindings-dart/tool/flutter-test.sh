#!/usr/bin/env bash
# The one command for a machine with Flutter (Linux or macOS desktop): what cannot run on the
# project's CI machines. Regenerates the bindings with Dart formatting, builds the library for
# this desktop, starts sentc-server --dev, and runs `flutter analyze` and the Dart tests
# (test/sentc_test.dart: the SDK through Dart against the real server).
#
#   bindings-dart/tool/flutter-test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here/.."

cargo install flutter_rust_bridge_codegen --version 2.13.0 --locked
(cd "$here" && flutter pub get && flutter_rust_bridge_codegen generate)
"$here/tool/build-desktop.sh"
cargo build --locked -p sentc-server
# shellcheck source=../../scripts/dev-server.sh
source scripts/dev-server.sh
cd "$here"
flutter analyze
SENTC_URL="$url" SENTC_TOKEN="$token" flutter test
