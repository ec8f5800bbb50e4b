#!/usr/bin/env bash
# The Dart side of the Flutter SDK, checked without a Dart SDK (none installs here):
# the committed bindings are what the pinned codegen generates, every Dart file (generated,
# hand-written, the example) parses with the tree-sitter Dart grammar, and the hand-written
# classes call the generated ones with the right names and arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/dart-codegen.sh --check
echo "the committed Dart bindings are current"
mapfile -t dart_files < <(find bindings-dart/lib bindings-dart/example bindings-dart/test -name '*.dart' | sort)
"$(scripts/tree-sitter-venv.sh)" scripts/check-syntax.py dart "${dart_files[@]}"
python3 bindings-dart/tool/check_wrappers.py
