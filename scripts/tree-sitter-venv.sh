#!/usr/bin/env bash
# A venv with tree-sitter and its Swift and Dart grammars (PyPI), created when missing; prints
# its python. scripts/check-syntax.py runs in it.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/tree-sitter
if [ ! -x "$venv/bin/python" ] \
  || ! "$venv/bin/python" -c "import tree_sitter_swift, tree_sitter_dart" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet "tree-sitter==0.26.1" "tree-sitter-swift==0.7.4" \
    "tree-sitter-dart==0.1.0" >&2
fi
echo "$PWD/$venv/bin/python"
