#!/usr/bin/env bash
# The cross-language scenario (bindings-uniffi/tests/cross_language.py): a Rust user (the core's
# client, examples/cross_language.rs), a Kotlin user (the JVM, SentcTest.kt's `scenario` mode)
# and a Python user (the wheel) in one group on one sentc-server --dev. Needs what
# scripts/uniffi-kotlin.sh and scripts/uniffi-python.sh built (the test jar, the test venv).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked -q --example cross_language
cargo build --locked -q -p sentc-uniffi --features native-http,test-exports
lib=target/uniffi/kotlin-tools/package/lib
classpath="target/uniffi/kotlin/sentc-test.jar:/usr/share/java/jna.jar:$lib/kotlinx-coroutines-core-jvm.jar:$lib/kotlin-stdlib.jar"
SENTC_SERVER="$PWD/target/debug/sentc-server" target/uniffi/python-test/bin/python \
  bindings-uniffi/tests/cross_language.py \
  target/debug/examples/cross_language \
  -- java -Djna.library.path=target/debug -cp "$classpath" SentcTestKt scenario
