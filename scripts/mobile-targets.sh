#!/usr/bin/env bash
# Compiles the mobile SDKs' Rust side — sentc-uniffi (Swift, Kotlin) and sentc-flutter (Dart),
# each with the host's transport, no native HTTP — for every mobile target: Android arm64, armv7
# and x86_64, iOS devices and the iOS simulator. Nothing links here (no NDK, no Xcode); this
# shows the Rust side builds for each and needs no C toolchain for TLS.
# scripts/test.sh checks aarch64-linux-android and aarch64-apple-ios; this script all five.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android aarch64-apple-ios aarch64-apple-ios-sim)
fi
unchecked=()
for target in "${targets[@]}"; do
  if ! rustup target list --installed | grep -qx "$target" && ! rustup target add "$target"; then
    # The iOS simulator's rust-std answers 404 from the rustup mirror of the machines here.
    echo "$target: NOT CHECKED: rustup could not install its standard library" >&2
    unchecked+=("$target")
    continue
  fi
  for crate in sentc-uniffi sentc-flutter; do
    cargo check --locked -p "$crate" --target "$target"
    if cargo tree --locked -p "$crate" --target "$target" -e normal | grep -qE " (ring|aws-lc-sys|openssl-sys) "; then
      echo "$target: $crate: a TLS library with C code is in the graph" >&2
      exit 1
    fi
    echo "$target: $crate compiles, no TLS C code"
  done
done
if [ ${#unchecked[@]} -gt 0 ]; then
  echo "not checked: ${unchecked[*]}" >&2
  exit 1
fi
