"""The Python quickstart: two users share an encrypted message and a file through a group.

    python quickstart.py <server url> <public token>

(scripts/uniffi-python.sh runs it against `sentc-server --dev`.)"""
import asyncio
import sys
import tempfile
import uuid

import sentc


async def main(url: str, token: str) -> None:
    sdk = sentc.Sentc(sentc.SentcOptions(base_url=url, app_token=token))
    run = uuid.uuid4().hex[:8]

    async def user(name: str) -> sentc.User:
        await sdk.register(f"{name}-{run}", "a long password")
        login = await sdk.login(f"{name}-{run}", "a long password")
        assert isinstance(login, sentc.LoginResult.USER)
        return login.user

    alice, bob = await user("alice"), await user("bob")
    group = await alice.get_group(await alice.create_group(True))
    await group.invite_auto(bob.user_id())
    bobs_group = await bob.get_group(group.group_id())

    secret = group.encrypt_string("meet at noon", True)
    print("bob reads:", await bobs_group.decrypt_string_verified(secret, alice.user_id()))

    with tempfile.NamedTemporaryFile(suffix=".txt") as source, tempfile.TemporaryDirectory() as folder:
        source.write(b"the minutes of the meeting")
        source.flush()
        created = await group.create_file(source.name, True)
        target = f"{folder}/download.txt"
        await bobs_group.download_file(target, created.file_id, alice.user_id())
        print("bob's download:", open(target).read())

    try:
        bobs_group.decrypt_string(secret[:-8])
    except sentc.SentcError.Failed as error:
        print("a changed item:", error.code, error.code_name)


asyncio.run(main(sys.argv[1], sys.argv[2]))
