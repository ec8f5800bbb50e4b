#!/usr/bin/env bash
# The cost of the uniffi boundary: a group's encrypt+decrypt of 1 KiB and 64 KiB, a public-key
# decrypt and an empty call from Python and from
# Kotlin (release builds, single calls, median and p99) against the same operation in Rust
# (core/benches/group_data_latency.rs). Needs the tools scripts/uniffi-python.sh and
# scripts/uniffi-kotlin.sh install. Figures go to BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo bench --locked -q -p sentc-core --bench group_data_latency
cargo build --locked -p sentc-server

# shellcheck source=dev-server.sh
source scripts/dev-server.sh

tools=target/uniffi/python-tools
wheels=target/uniffi/bench-wheels
rm -rf "$wheels"
"$tools/bin/maturin" build --quiet --locked --release -m bindings-uniffi/Cargo.toml --target-dir target -o "$wheels"
venv=target/uniffi/python-bench
rm -rf "$venv" && python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "$wheels"/sentc-*.whl
"$venv/bin/python" bindings-uniffi/tests/python/bench_boundary.py "$url" "$token"

# The Kotlin test's bindings name the test-only panic export: the library must have it.
cargo build --locked --release -p sentc-uniffi --features native-http,test-exports
kotlin=target/uniffi/kotlin
lib=target/uniffi/kotlin-tools/package/lib
classpath="/usr/share/java/jna.jar:$lib/kotlinx-coroutines-core-jvm.jar"
java -Djna.library.path=target/release -cp "$kotlin/sentc-test.jar:$classpath:$lib/kotlin-stdlib.jar" \
  SentcTestKt "$url" "$token" "$secret" bench
