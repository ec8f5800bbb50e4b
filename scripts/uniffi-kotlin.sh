#!/usr/bin/env bash
# The Kotlin SDK over uniffi on the JVM, against sentc-server --dev: builds sentc-uniffi (native
# HTTP and the test-only panic export) and the server, generates the Kotlin bindings, compiles
# them with the test (kotlinc from npm `kotlin-compiler`, JNA from Debian's libjna-java, both
# installed if missing) and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=target/uniffi/kotlin-tools
if [ ! -x "$tools/package/bin/kotlinc" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm pack --silent kotlin-compiler@2.4.20 >/dev/null && tar xzf kotlin-compiler-2.4.20.tgz)
fi
if [ ! -f /usr/share/java/jna.jar ]; then
  sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get install -y -q libjna-java >/dev/null \
    || { sudo_if_needed apt-get update -q >/dev/null && sudo_if_needed apt-get install -y -q libjna-java >/dev/null; }
fi
lib="$tools/package/lib"
classpath="/usr/share/java/jna.jar:$lib/kotlinx-coroutines-core-jvm.jar"

cargo build --locked -p sentc-uniffi --features native-http,test-exports
cargo build --locked -p sentc-server
out=target/uniffi/kotlin
rm -rf "$out/src" && mkdir -p "$out/src"
cargo run --locked -q -p uniffi-bindgen -- generate --library target/debug/libsentc_uniffi.so \
  --language kotlin --out-dir "$out/src" --no-format
"$tools/package/bin/kotlinc" -nowarn -d "$out/sentc-test.jar" -classpath "$classpath" \
  $(find "$out/src" -name '*.kt') bindings-uniffi/tests/kotlin/*.kt bindings-uniffi/examples/Quickstart.kt
java -Djna.library.path=target/debug \
  -cp "$out/sentc-test.jar:$classpath:$lib/kotlin-stdlib.jar" SentcTestKt vectors tests/vectors

# shellcheck source=dev-server.sh
source scripts/dev-server.sh
java -Djna.library.path=target/debug \
  -cp "$out/sentc-test.jar:$classpath:$lib/kotlin-stdlib.jar" SentcTestKt "$url" "$token" "$secret"
# The quickstart of bindings-uniffi/README.md.
java -Djna.library.path=target/debug \
  -cp "$out/sentc-test.jar:$classpath:$lib/kotlin-stdlib.jar" quickstart.QuickstartKt "$url" "$token"
