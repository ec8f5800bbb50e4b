"""Checks the hand-written Dart (lib/sentc.dart and its parts) against the generated bridge, as
far as can be done without a Dart SDK: every call to the bridge (`_inner.name(...)`,
`_api.name(...)`) names a method the generated class has, with exactly its named arguments, and
every method of the generated `User` and `Group` has its wrapper. A renamed or added Rust method
fails here instead of in an app's build.

    python tool/check_wrappers.py   (from bindings-dart/)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
GENERATED = ROOT / "lib" / "src" / "rust" / "api"

# The wrapper file, the field that holds the bridge object, and the generated class behind it.
WRAPPERS = [
    ("lib/src/user.dart", "_inner", "user.dart", "User", True),
    ("lib/src/group.dart", "_inner", "group.dart", "Group", True),
    ("lib/src/sentc.dart", "_api", "client.dart", "SentcClient", False),
]


def generated_methods(file, cls):
    """The generated class's methods and getters: name -> the set of its parameter names."""
    source = (GENERATED / file).read_text()
    body = source[source.index(f"abstract class {cls} implements"):]
    body = body[: body.index("\n                }")]
    methods = {}
    for line in body.splitlines():
        line = line.strip()
        getter = re.match(r"^.*\s+get (\w+);$", line)
        if getter:
            methods[getter.group(1)] = None
            continue
        method = re.match(r"^.+?\s+(\w+)\((.*)\);$", line)
        if method:
            params = method.group(2).strip("{} ")
            names = {part.split()[-1] for part in params.split(",") if part.strip()}
            methods[method.group(1)] = names
    return methods


def calls(source, field):
    """The bridge calls in a wrapper: (method, named arguments or None for a getter)."""
    found = []
    for match in re.finditer(rf"\b{field}\.(\w+)(\((.*?)\))?", source, re.S):
        if match.group(2) is None:
            found.append((match.group(1), None))
        else:
            found.append((match.group(1), set(re.findall(r"(\w+):", match.group(3)))))
    return found


def main():
    problems = []
    for wrapper, field, file, cls, complete in WRAPPERS:
        methods = generated_methods(file, cls)
        source = (ROOT / wrapper).read_text()
        used = set()
        for name, args in calls(source, field):
            used.add(name)
            if name not in methods:
                problems.append(f"{wrapper}: {cls} has no method {name}")
            elif args is not None and methods[name] is not None and args != methods[name]:
                problems.append(f"{wrapper}: {cls}.{name} takes {sorted(methods[name])}, "
                                f"the wrapper passes {sorted(args)}")
        if complete:
            for name in sorted(set(methods) - used):
                problems.append(f"{wrapper}: no wrapper for {cls}.{name}")
        print(f"{wrapper}: {len(used)} bridge calls checked against {cls}")
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
