#!/usr/bin/env bash
# Contract tests of the API: schemathesis (PyPI, installed into target/schemathesis when missing)
# generates requests for every operation of docs/openapi.json against sentc-server --dev on
# SQLite, and fails on any server error (5xx) or any response that breaks the document (status,
# content type, body schema). Passes: the public token with a logged-in user's JWT, the secret
# token with a JWT, and the operations that end the session (logout, revoke, delete the user)
# last with a JWT of their own. A fixed seed and --max-examples, and a wall-clock cap per pass.
# Needs target/debug/sentc-server (cargo build -p sentc-server).
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION="4.32.5"
MAX_EXAMPLES="${SENTC_SCHEMATHESIS_EXAMPLES:-20}"
CAP_SECONDS="${SENTC_SCHEMATHESIS_CAP:-300}"

venv=target/schemathesis
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

# shellcheck source=dev-server.sh
source scripts/dev-server.sh
cargo build --locked --quiet --example try_server
jwt() { target/debug/examples/try_server "$url" "$token" --jwt; }

ending='^(post_api_v1_user_logout|delete_api_v1_user_sessions|delete_api_v1_user)$'
run() {
  local name=$1
  shift
  echo "schemathesis: $name"
  timeout "$CAP_SECONDS" "$venv/bin/st" --no-color run docs/openapi.json --url "$url" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$MAX_EXAMPLES" --seed 1 --workers 2 --request-timeout 30 \
    --suppress-health-check all "$@"
}
run "public token and a JWT" -H "x-sentc-app-token: $token" -H "Authorization: Bearer $(jwt)" \
  --exclude-operation-id-regex "$ending"
run "secret token and a JWT" -H "x-sentc-app-token: $secret" -H "Authorization: Bearer $(jwt)" \
  --exclude-operation-id-regex "$ending"
run "the operations that end the session" -H "x-sentc-app-token: $secret" \
  -H "Authorization: Bearer $(jwt)" --include-operation-id-regex "$ending"
