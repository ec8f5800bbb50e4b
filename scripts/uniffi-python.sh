#!/usr/bin/env bash
# The Python SDK over uniffi, tested as a user installs it: a wheel built with maturin
# (`bindings = "uniffi"`, the native HTTP transport, plus the test-only panic export), installed
# with pip into a fresh virtualenv, tested with pytest against sentc-server --dev. maturin and
# pytest come from PyPI (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=target/uniffi/python-tools
if [ ! -x "$tools/bin/maturin" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet "maturin==1.16.0"
fi
cargo build --locked -p sentc-server
wheels=target/uniffi/wheels
rm -rf "$wheels"
# The workspace's target folder: the core is already built there.
"$tools/bin/maturin" build --quiet --locked -m bindings-uniffi/Cargo.toml --profile dev \
  --features native-http,test-exports --target-dir target -o "$wheels"

venv=target/uniffi/python-test
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "$wheels"/sentc-*.whl pytest "mypy==1.19.1"
# Run from outside the source tree, so `import sentc` can only be the installed wheel.
SENTC_SERVER="$PWD/target/debug/sentc-server" \
  "$venv/bin/pytest" -q -p no:cacheprovider --rootdir="$PWD/bindings-uniffi/tests/python" \
  "$PWD/bindings-uniffi/tests/python"

# The type hints reach a type checker (the wheel has the PEP 561 marker): typed use passes
# `mypy --strict`, a wrong argument and a wrong result type are reported.
types=bindings-uniffi/tests/python/types
(cd "$types" && "$PWD/../../../../$venv/bin/mypy" --strict --no-incremental typed_ok.py)
if wrong=$(cd "$types" && "$PWD/../../../../$venv/bin/mypy" --strict --no-incremental typed_wrong.py); then
  echo "mypy accepted typed_wrong.py" >&2
  exit 1
fi
grep -q 'Argument 2 to "register" of "Sentc" has incompatible type "int"; expected "str"' <<<"$wrong"
grep -q 'Incompatible return value type (got "str", expected "int")' <<<"$wrong"
echo "the type hints reach mypy"

# The quickstart of bindings-uniffi/README.md against a dev server.
# shellcheck source=dev-server.sh
source scripts/dev-server.sh
"$venv/bin/python" bindings-uniffi/examples/quickstart.py "$url" "$token"
