#!/usr/bin/env bash
# Compiles the mobile SDKs' Rust side — sentc-uniffi (Swift, Kotlin) and sentc-flutter (Dart),
# each with the host's transport, no native HTTP — for every mobile target: Android arm64, armv7
# and x86_64, iOS devices and the iOS simulator. Nothing links here (no NDK, no Xcode); this
# shows the Rust side builds for each and needs no C toolchain for TLS.
# scripts/test.sh checks aarch64-linux-android and aarch64-apple-ios; this script all five.
set -euo pipefail
cd "$(dirname "$0")/.."

# flutter_rust_bridge's dart-sys compiles Dart's one-file API shim (dart_api_dl.c) with the
# target's C compiler, which a Flutter build has (the NDK, Xcode) and these machines do not. A
# check links nothing, so a stand-in compiler and archiver (an empty object, an empty archive)
# let the build scripts finish; no C is compiled for the target here.
stand_in=$(mktemp -d)
trap 'rm -rf "$stand_in"' EXIT
cat > "$stand_in/cc" <<'CC'
#!/bin/sh
while [ $# -gt 0 ]; do
  if [ "$1" = "-o" ]; then : > "$2"; exit 0; fi
  shift
done
CC
# An empty archive for `ar cq LIB OBJ...` (and nothing to do for `ar s LIB`).
cat > "$stand_in/ar" <<'AR'
#!/bin/sh
case "$1" in *c*) printf '!<arch>\n' > "$2" ;; esac
AR
printf '#!/bin/sh\necho /\n' > "$stand_in/xcrun"
chmod +x "$stand_in/cc" "$stand_in/ar" "$stand_in/xcrun"

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
  env_target=${target//-/_}
  for crate in sentc-uniffi sentc-flutter; do
    env "CC_$env_target=$stand_in/cc" "AR_$env_target=$stand_in/ar" PATH="$PATH:$stand_in" \
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
