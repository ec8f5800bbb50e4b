"""Typed use of the wheel: `mypy --strict` must accept it (scripts/uniffi-python.sh)."""
import sentc


async def encrypt_for_group(sdk: sentc.Sentc, group_id: str, text: str) -> str:
    login = await sdk.login("alice", "a long password")
    if not isinstance(login, sentc.LoginResult.USER):
        raise RuntimeError("a second factor is needed")
    group = await login.user.get_group(group_id)
    item: sentc.SearchableItem = group.create_search(text, limit=4)
    assert item.hashes
    return group.encrypt_string(text, sign=True)
