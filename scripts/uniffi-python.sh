#!/usr/bin/env bash
# The Python SDK over uniffi, tested against a real server: builds sentc-uniffi (native HTTP and
# the test-only panic export) and sentc-server, generates the Python module, and runs pytest in
# a virtualenv of its own (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked -p sentc-uniffi --features native-http,panic-test
cargo build --locked -p sentc-server
out=target/uniffi/python
rm -rf "$out" && mkdir -p "$out"
cargo run --locked -q -p uniffi-bindgen -- generate --library target/debug/libsentc_uniffi.so \
  --language python --out-dir "$out" --no-format
cp target/debug/libsentc_uniffi.so "$out/"

venv=target/uniffi/venv
if [ ! -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pytest
fi
SENTC_SERVER="$PWD/target/debug/sentc-server" PYTHONPATH="$PWD/$out" \
  "$venv/bin/pytest" -q bindings-uniffi/tests/python
