"""The cross-language scenario: a Rust, a Kotlin, a Python, a JavaScript (the npm package's wasm
core, in Node.js) and a Dart user (the Flutter SDK's bridge crate, its Rust side) in one group on
one server. Each encrypts (signed) and every other decrypts and checks the signer; a key
rotation started in Rust is finished by Kotlin, JavaScript, Dart and Python, and the Kotlin,
JavaScript and Dart items are made with the rotated key.

Run by scripts/uniffi-cross-language.sh: `python cross_language.py <rust command> -- <kotlin
command> -- <javascript command> -- <dart command>`, each command taking `<url> <token> <state
file> <step>` after its own arguments. The Python user is this process (the wheel scripts/uniffi-python.sh
installed).
"""
import asyncio
import os
import subprocess
import sys
import tempfile
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "python"))
from conftest import start_server  # noqa: E402

import sentc  # noqa: E402

PASSWORD = "a long password"


def read(path):
    with open(path) as file:
        return dict(line.rstrip("\n").split("=", 1) for line in file if "=" in line)


def append(path, **values):
    with open(path, "a") as file:
        file.writelines(f"{key.replace('_', '.', 1)}={value}\n" for key, value in values.items())


async def scenario(server, rust, kotlin, javascript, dart):
    path = tempfile.mktemp(prefix="sentc-cross-", suffix=".state")
    append(path, run=uuid.uuid4().hex[:8])

    def run(command, step):
        subprocess.run(command + [server["url"], server["token"], path, step], check=True)

    run(rust, "register")
    run(kotlin, "register")
    run(javascript, "register")
    run(dart, "register")
    sdk = sentc.Sentc(sentc.SentcOptions(base_url=server["url"], app_token=server["token"]))
    identifier = f"python-{read(path)['run']}"
    await sdk.register(identifier, PASSWORD)
    me = (await sdk.login(identifier, PASSWORD)).user
    group = await me.get_group(await me.create_group(True))
    state = read(path)
    for member in (state["rust.user_id"], state["kotlin.user_id"], state["js.user_id"], state["dart.user_id"]):
        await group.invite_auto(member)
    append(path, python_user_id=me.user_id(), group=group.group_id(),
           python_item=group.encrypt_string("from python", True))
    print("python: the group with the rust, kotlin, javascript and dart users; an item")

    run(rust, "round1")  # decrypts python's, encrypts its own, starts a rotation
    run(kotlin, "round1")  # finishes the rotation, decrypts both, encrypts with the new key
    run(javascript, "round1")  # finishes the rotation, decrypts all three, encrypts
    run(dart, "round1")  # finishes the rotation, decrypts python's and rust's, encrypts
    state = read(path)
    rotated = state["rotation.key"]
    for _ in range(100):
        if rotated in group.key_ids():
            break
        await group.finish_key_rotation()
        await asyncio.sleep(0.05)
    assert group.newest_key_id() == rotated, "python finished rust's rotation"
    assert await group.decrypt_string_verified(state["rust.item"], state["rust.user_id"]) == "from rust"
    assert await group.decrypt_string_verified(state["kotlin.item"], state["kotlin.user_id"]) == "from kotlin"
    assert await group.decrypt_string_verified(state["js.item"], state["js.user_id"]) == "from javascript"
    assert await group.decrypt_string_verified(state["dart.item"], state["dart.user_id"]) == "from dart"
    with_new_key = group.encrypt_string("after the rotation")
    assert group.decrypt_string(with_new_key) == "after the rotation"
    print("python: finished the rotation; decrypted the rust, kotlin, javascript and dart items")
    run(rust, "round2")  # decrypts the kotlin and javascript items, made with the rotated key
    os.remove(path)


def main():
    commands, current = [], []
    for arg in sys.argv[1:]:
        if arg == "--":
            commands.append(current)
            current = []
        else:
            current.append(arg)
    rust, kotlin, javascript, dart = commands + [current]
    child, server = start_server()
    try:
        asyncio.run(scenario(server, rust, kotlin, javascript, dart))
    finally:
        child.terminate()
        child.wait(timeout=10)
    print("cross-language: every user decrypted every other's item; a rotation started in Rust "
          "was finished in Kotlin, JavaScript, Dart and Python")


main()
