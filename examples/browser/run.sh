#!/usr/bin/env bash
# Try sentc in the browser: builds the npm package and the server, then serves
# examples/browser beside `sentc-server --dev`. Open the printed address; Ctrl-C stops.
# Extra arguments go to serve.mjs (--port N).
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/build-wasm.sh
cargo build --locked -p sentc-server
exec node examples/browser/serve.mjs "$@"
