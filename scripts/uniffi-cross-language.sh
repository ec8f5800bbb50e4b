#!/usr/bin/env bash
# The cross-language scenario (bindings-uniffi/tests/cross_language.py): a Rust user (the core's
# client, examples/cross_language.rs), a Kotlin user (the JVM, SentcTest.kt's `scenario` mode),
# a Python user (the wheel), a JavaScript user (the npm package in Node.js,
# bindings-wasm/e2e/node/cross-language.mjs) and a Dart user (the Flutter bridge's API,
# bindings-dart/rust/examples/cross_language_dart.rs) in one group on one sentc-server --dev. Needs what
# scripts/uniffi-kotlin.sh, scripts/uniffi-python.sh and scripts/build-wasm.sh built.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked -q --example cross_language
cargo build --locked -q -p sentc-flutter --features native-http --example cross_language_dart
cargo build --locked -q -p sentc-uniffi --features native-http,test-exports
lib=target/uniffi/kotlin-tools/package/lib
classpath="target/uniffi/kotlin/sentc-test.jar:/usr/share/java/jna.jar:$lib/kotlinx-coroutines-core-jvm.jar:$lib/kotlin-stdlib.jar"
# The npm package installed into a fresh app, as the Node.js e2e test does.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app=$(node --input-type=module -e "
  import { installPackage } from '$PWD/bindings-wasm/tools/install-package.mjs';
  console.log(installPackage('$work').app);")
cp bindings-wasm/e2e/node/cross-language.mjs "$app/"
SENTC_SERVER="$PWD/target/debug/sentc-server" target/uniffi/python-test/bin/python \
  bindings-uniffi/tests/cross_language.py \
  target/debug/examples/cross_language \
  -- java -Djna.library.path=target/debug -cp "$classpath" SentcTestKt scenario \
  -- node "$app/cross-language.mjs" \
  -- target/debug/examples/cross_language_dart
