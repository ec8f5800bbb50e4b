#!/usr/bin/env bash
# The Swift bindings: regenerates them from the build of sentc-uniffi the Kotlin and Python tests
# use (the API is the same with and without the native transport), fails if the committed copy in bindings-uniffi/swift differs, compiles the C
# header with this machine's C compiler and parses the Swift file with the tree-sitter Swift
# grammar. No Swift toolchain installs here: building and running the Swift package needs a Mac
# (bindings-uniffi/swift/build-xcframework.sh). `--write` updates the committed copy.
set -euo pipefail
cd "$(dirname "$0")/.."

# The library the Kotlin step built (one build for every binding test); uniffi.toml leaves the
# test-only panic export out of the Swift bindings.
cargo build --locked -p sentc-uniffi --features native-http,test-exports
out=target/uniffi/swift
rm -rf "$out" && mkdir -p "$out"
cargo run --locked -q -p uniffi-bindgen -- generate --library target/debug/libsentc_uniffi.so \
  --language swift --out-dir "$out" --no-format
swift=bindings-uniffi/swift/Sources
if [ "${1:-}" = "--write" ]; then
  cp "$out/sentc_uniffi.swift" "$swift/Sentc/"
  cp "$out/sentc_uniffiFFI.h" "$swift/SentcFFI/"
  cp "$out/sentc_uniffiFFI.modulemap" "$swift/SentcFFI/module.modulemap"
fi
diff -u "$swift/Sentc/sentc_uniffi.swift" "$out/sentc_uniffi.swift"
diff -u "$swift/SentcFFI/sentc_uniffiFFI.h" "$out/sentc_uniffiFFI.h"
diff -u "$swift/SentcFFI/module.modulemap" "$out/sentc_uniffiFFI.modulemap"
echo "the committed Swift bindings are current"

# Clang's nullability qualifiers (_Nonnull, _Nullable) are unknown to GCC: defined away.
echo '#include "sentc_uniffiFFI.h"' \
  | cc -fsyntax-only -Wall -Werror -D_Nonnull= -D_Nullable= -I "$swift/SentcFFI" -x c -
echo "the C header compiles"

"$(scripts/tree-sitter-venv.sh)" scripts/check-syntax.py swift "$swift/Sentc/sentc_uniffi.swift" \
  bindings-uniffi/examples/Quickstart.swift
