"""Parses files with a tree-sitter grammar and fails on any syntax error: the check that the
generated Swift (uniffi) and Dart (flutter_rust_bridge) files and the hand-written Dart are
well-formed, since no Swift or Dart toolchain installs on Linux here.

    python check-syntax.py swift|dart FILE...

tree-sitter-swift 0.7.4 lacks two constructs uniffi emits, both valid Swift: the attribute
`@_documentation(visibility: private)` and the unit closure `{ () }`. They are rewritten to
forms the grammar knows (dropped, and `{ Void() }`) before parsing; nothing else is changed.
"""
import re
import sys

import tree_sitter

GRAMMAR_GAPS = {
    "swift": [
        (rb"@_documentation\(visibility: private\)", b""),
        (rb"\{ \(\) \}", b"{ Void() }"),
    ],
    "dart": [],
}

BROKEN = {"swift": b"func broken( {", "dart": b"class Broken { void f( { }"}


def language(name):
    if name == "swift":
        import tree_sitter_swift as grammar
    else:
        import tree_sitter_dart as grammar
    return tree_sitter.Language(grammar.language())


def errors(name, source: bytes):
    for pattern, replacement in GRAMMAR_GAPS[name]:
        source = re.sub(pattern, replacement, source)
    parser = tree_sitter.Parser(language(name))
    found = []

    def walk(node):
        if node.type == "ERROR" or node.is_missing:
            found.append(node.start_point[0] + 1)
        for child in node.children:
            walk(child)

    walk(parser.parse(source).root_node)
    return found


def main(name, paths):
    # The check must be able to fail: a broken file has errors.
    if not errors(name, BROKEN[name]):
        sys.exit(f"the grammar accepted broken {name}")
    if not paths:
        sys.exit("no files to check")
    failed = False
    for path in paths:
        lines = errors(name, open(path, "rb").read())
        print(f"{path}: {len(lines)} syntax errors{': lines ' + str(lines[:10]) if lines else ''}")
        failed |= bool(lines)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
