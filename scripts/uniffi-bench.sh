#!/usr/bin/env bash
# The cost of the uniffi boundary: a group's encrypt+decrypt of 1 KiB from Python and from
# Kotlin (release builds, single calls, median and p99) against the same operation in Rust
# (core/benches/group_data_latency.rs). Needs the tools scripts/uniffi-python.sh and
# scripts/uniffi-kotlin.sh install. Figures go to BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo bench --locked -q -p sentc-core --bench group_data_latency
cargo build --locked -p sentc-server

folder=$(mktemp -d)
target/debug/sentc-server --dev --listen 127.0.0.1:0 --database-url "sqlite://$folder/sentc.db?mode=rwc" \
  >"$folder/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$folder"' EXIT
for _ in $(seq 1 200); do
  grep -q "secret token:" "$folder/server.log" && grep -q "listening on" "$folder/server.log" && break
  sleep 0.1
done
url=$(grep -o "listening on http://[^ ]*" "$folder/server.log" | head -1 | cut -d' ' -f3)
token=$(grep -o "public token: *[^ ]*" "$folder/server.log" | head -1 | awk '{print $3}')

tools=target/uniffi/python-tools
wheels=target/uniffi/bench-wheels
rm -rf "$wheels"
"$tools/bin/maturin" build --quiet --locked --release -m bindings-uniffi/Cargo.toml --target-dir target -o "$wheels"
venv=target/uniffi/python-bench
rm -rf "$venv" && python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "$wheels"/sentc-*.whl
"$venv/bin/python" bindings-uniffi/tests/python/bench_boundary.py "$url" "$token"

# The Kotlin test's bindings name the test-only panic export: the library must have it.
cargo build --locked --release -p sentc-uniffi --features native-http,panic-test
kotlin=target/uniffi/kotlin
lib=target/uniffi/kotlin-tools/package/lib
classpath="/usr/share/java/jna.jar:$lib/kotlinx-coroutines-core-jvm.jar"
java -Djna.library.path=target/release -cp "$kotlin/sentc-test.jar:$classpath:$lib/kotlin-stdlib.jar" \
  SentcTestKt "$url" "$token" bench
