#!/usr/bin/env bash
# Generates the Dart side of the Flutter SDK (bindings-dart/lib/src/rust/) and the bridge's Rust
# glue (bindings-dart/rust/src/frb_generated.rs) with the pinned flutter_rust_bridge codegen,
# installing it (and a pinned cargo-expand) when missing.
#
#   scripts/dart-codegen.sh          regenerate in place
#   scripts/dart-codegen.sh --check  regenerate into a copy; fail if it differs from the committed
#
# No Dart or Flutter SDK can be installed here: the codegen only asks `dart --version` and
# `flutter --version`, so stand-ins answer them, and the steps that need Dart (formatting, build_runner) are off. The output is therefore
# unformatted, but the same on every machine with the same codegen, cargo-expand and Rust.
set -euo pipefail
cd "$(dirname "$0")/.."

FRB_VERSION=2.13.0
EXPAND_VERSION=1.0.127
# The codegen reads the crate as this compiler expands it and rustfmt formats the glue: the
# committed output is this toolchain's.
RUST_VERSION=1.95.0

if ! rustc --version | grep -q "^rustc $RUST_VERSION "; then
  echo "the Dart bindings are generated with rustc $RUST_VERSION; this is $(rustc --version)" >&2
  exit 1
fi

installed_version() { "$1" --version 2>/dev/null | awk '{print $2}'; }
if [ "$(installed_version flutter_rust_bridge_codegen)" != "$FRB_VERSION" ]; then
  cargo install flutter_rust_bridge_codegen --version "$FRB_VERSION" --locked
fi
if [ "$(installed_version cargo-expand)" != "$EXPAND_VERSION" ]; then
  cargo install cargo-expand --version "$EXPAND_VERSION" --locked
fi

stand_in=$(mktemp -d)
trap 'rm -rf "$stand_in"' EXIT
printf '#!/bin/sh\necho "Dart SDK version: 3.5.0 (stable) on linux_x64"\n' > "$stand_in/dart"
printf '#!/bin/sh\necho "Flutter 3.24.0 • channel stable"\necho "Tools • Dart 3.5.0"\n' > "$stand_in/flutter"
chmod +x "$stand_in/dart" "$stand_in/flutter"

generate() {
  (cd "$1" && PATH="$stand_in:$PATH" flutter_rust_bridge_codegen generate \
    --no-dart-format --no-dart-fix --no-build-runner --no-deps-check --no-auto-upgrade-dependency)
  # As `cargo fmt` leaves it, so the format check and this one agree.
  rustfmt --edition 2024 "$1/rust/src/frb_generated.rs"
}

if [ "${1:-}" != "--check" ]; then
  # The codegen expands the crate: the previous output must not be in the way (it may no
  # longer compile against the changed API).
  : > bindings-dart/rust/src/frb_generated.rs
  generate bindings-dart
  exit 0
fi

# Regenerate in a copy of the package (the crate keeps its path, so it is copied beside a link to
# the core) and compare.
copy="$stand_in/repo"
mkdir -p "$copy"
# The crate's dev-dependencies (the examples' embedded server) come along for cargo to resolve.
cp -r Cargo.toml Cargo.lock core server examples bindings-dart "$copy/"
sed -i 's|^members = .*|members = ["core", "core/aead", "server", "examples", "bindings-dart/rust"]|' "$copy/Cargo.toml"
rm -rf "$copy/bindings-dart/lib/src/rust" "$copy/bindings-dart/rust/src/frb_generated.rs"
: > "$copy/bindings-dart/rust/src/frb_generated.rs"
CARGO_TARGET_DIR="$PWD/target/dart-codegen" generate "$copy/bindings-dart"
status=0
diff -r bindings-dart/lib/src/rust "$copy/bindings-dart/lib/src/rust" || status=1
diff bindings-dart/rust/src/frb_generated.rs "$copy/bindings-dart/rust/src/frb_generated.rs" || status=1
if [ "$status" -ne 0 ]; then
  echo "the committed Dart bindings are stale: run scripts/dart-codegen.sh and commit" >&2
fi
exit "$status"
