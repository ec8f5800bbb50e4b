"""Parses the generated Swift bindings with the tree-sitter Swift grammar and fails on any
syntax error. No Swift toolchain installs on Linux here, so this is the check that the file is
well-formed Swift.

tree-sitter-swift 0.7.4 lacks two constructs uniffi emits, both valid Swift: the attribute
`@_documentation(visibility: private)` and the unit closure `{ () }`. They are rewritten to
forms the grammar knows (dropped, and `{ Void() }`) before parsing; nothing else is changed.
"""
import re
import sys

import tree_sitter
import tree_sitter_swift

GRAMMAR_GAPS = [
    (rb"@_documentation\(visibility: private\)", b""),
    (rb"\{ \(\) \}", b"{ Void() }"),
]


def errors(source: bytes):
    for pattern, replacement in GRAMMAR_GAPS:
        source = re.sub(pattern, replacement, source)
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_swift.language()))
    found = []

    def walk(node):
        if node.type == "ERROR" or node.is_missing:
            found.append(node.start_point[0] + 1)
        for child in node.children:
            walk(child)

    walk(parser.parse(source).root_node)
    return found


def main(paths):
    # The check must be able to fail: a broken file has errors.
    if not errors(b"func broken( {"):
        sys.exit("the grammar accepted broken Swift")
    failed = False
    for path in paths:
        lines = errors(open(path, "rb").read())
        print(f"{path}: {len(lines)} syntax errors{': lines ' + str(lines[:10]) if lines else ''}")
        failed |= bool(lines)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
