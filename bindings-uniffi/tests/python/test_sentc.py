"""The Python SDK (uniffi) against a real sentc server: users, a group, data, rotation,
searchable and sortable, errors, a panic, and a transport written in Python (urllib)."""
import asyncio
import urllib.error
import urllib.request
import uuid

import pytest

import sentc


class UrllibTransport(sentc.HostTransport):
    """A host transport on the standard library: what an app supplies instead of the native one."""

    def __init__(self):
        self.requests = 0

    async def send(self, request):
        self.requests += 1
        return await asyncio.to_thread(self._send, request)

    @staticmethod
    def _send(request):
        headers = {header.name: header.value for header in request.headers}
        call = urllib.request.Request(request.url, data=request.body, headers=headers,
                                      method=request.method.name)
        try:
            with urllib.request.urlopen(call, timeout=30) as response:
                return sentc.HostResponse(status=response.status, body=response.read())
        except urllib.error.HTTPError as error:
            return sentc.HostResponse(status=error.code, body=error.read())


class DictStore(sentc.HostStore):
    def __init__(self):
        self.values = {}

    def get(self, key):
        return self.values.get(key)

    def set(self, key, value):
        self.values[key] = value

    def delete(self, key):
        self.values.pop(key, None)


def client(server, transport=None, store=None):
    options = sentc.SentcOptions(base_url=server["url"], app_token=server["token"])
    return sentc.Sentc(options, transport, store)


async def user(server, name, transport=None, store=None):
    identifier = f"{name}-{uuid.uuid4().hex[:8]}"
    sdk = client(server, transport, store)
    await sdk.register(identifier, "a long password")
    result = await sdk.login(identifier, "a long password")
    assert isinstance(result, sentc.LoginResult.USER)
    return sdk, result.user


def test_users_share_a_group_through_two_transports(server):
    async def run():
        transport = UrllibTransport()
        store = DictStore()
        _, alice = await user(server, "alice", transport, store)
        _, bob = await user(server, "bob")  # the native transport
        assert transport.requests > 0 and store.values, "the host's transport and store were used"
        group_id = await alice.create_group(True)
        group = await alice.get_group(group_id)
        await group.invite_auto(bob.user_id())
        bobs = await bob.get_group(group_id)

        item = group.encrypt_string("hello from python", True)
        assert bobs.decrypt_string(item) == "hello from python"
        assert bobs.decrypt(group.encrypt(b"\x00\xffbytes")) == b"\x00\xffbytes"

        hashes = group.create_search_raw("invoice 2026")
        assert len(hashes) == 12 and bobs.search("invoice") in hashes
        assert len(group.create_search_raw("invoice 2026", limit=3)) == 3
        numbers = [group.encrypt_sortable_raw_number(n) for n in (1, 1_700_000_000, 2**48 - 1)]
        assert numbers == sorted(numbers) and numbers[-1] < 2**53
        assert bobs.encrypt_sortable_number(1).number == numbers[0]

        new_key = await group.key_rotation(True)
        for _ in range(100):
            if new_key in bobs.key_ids():
                break
            await bobs.finish_key_rotation()
            await asyncio.sleep(0.05)
        assert new_key in bobs.key_ids()
        assert bobs.decrypt_string(item) == "hello from python"
        assert group.decrypt_string(bobs.encrypt_string("after")) == "after"
        found = bobs.search_all("invoice")
        assert len(found) == 2 and any(hash in hashes for hash in found)

    asyncio.run(run())


def test_errors_carry_code_name_area_and_key(server):
    async def run():
        sdk, alice = await user(server, "carol")
        with pytest.raises(sentc.SentcError.Failed) as wrong:
            await sdk.login(f"nobody-{uuid.uuid4().hex[:8]}", "wrong password")
        assert (wrong.value.code, wrong.value.code_name, wrong.value.area) == (5001, "LoginFailed", "user")

        group = await alice.get_group(await alice.create_group(False))
        other = await alice.get_group(await alice.create_group(False))
        with pytest.raises(sentc.SentcError.Failed) as missing:
            group.decrypt_string(other.encrypt_string("x"))
        assert missing.value.code_name == "KeyRequired"
        assert missing.value.key_id == other.key_ids()[0]
        with pytest.raises(sentc.SentcError.Failed) as empty:
            group.create_search_raw("")
        assert empty.value.code == 1008
        with pytest.raises(sentc.SentcError.Failed) as domain:
            group.encrypt_sortable_raw_number(2**48)
        assert domain.value.code_name == "OutOfDomain"

    asyncio.run(run())


def test_a_transport_that_throws_is_a_transport_error(server):
    class Broken(sentc.HostTransport):
        async def send(self, request):
            raise ConnectionError("no network")

    async def run():
        with pytest.raises(sentc.SentcError.Failed) as failed:
            await client(server, Broken()).register("dora", "a long password")
        assert failed.value.code_name == "TransportFailed"

    asyncio.run(run())


def test_a_panic_is_an_error_and_the_process_lives():
    with pytest.raises(sentc.SentcError.Failed) as panicked:
        sentc.test_panic()
    assert panicked.value.code == 9002
    with pytest.raises(sentc.SentcError.Failed):
        sentc.test_panic()


def test_user_to_user_data_signatures_context_and_members(server):
    async def run():
        _, alice = await user(server, "erin")
        _, bob = await user(server, "frank")
        item = await alice.encrypt(b"for bob", bob.user_id(), True)
        assert await bob.decrypt_verified(item, alice.user_id()) == b"for bob"
        assert bob.decrypt(item) == b"for bob"
        with pytest.raises(sentc.SentcError.Failed) as wrong_signer:
            await bob.decrypt_verified(item, bob.user_id())
        assert wrong_signer.value.code_name == "UserKeyNotFound"

        signed = alice.sign(b"a statement")
        assert await bob.verify(alice.user_id(), signed) == b"a statement"
        assert await alice.create_safety_number(bob.user_id()) == await bob.create_safety_number(alice.user_id())

        group = await alice.get_group(await alice.create_group(True))
        await group.invite_auto(bob.user_id(), 3)
        bobs = await bob.get_group(group.group_id())
        assert bobs.rank() == 3
        bound = group.encrypt_with_context(b"42.00", b"invoice 17", True)
        assert await bobs.decrypt_with_context(bound, b"invoice 17", alice.user_id()) == b"42.00"
        with pytest.raises(sentc.SentcError.Failed) as moved:
            await bobs.decrypt_with_context(bound, b"invoice 18")
        assert moved.value.code_name == "DecryptionFailed"
        await group.kick_user(bob.user_id())
        with pytest.raises(sentc.SentcError.Failed) as kicked:
            await bob.get_group(group.group_id())
        assert (kicked.value.code, kicked.value.code_name) == (6002, "GroupAccessDenied")

    asyncio.run(run())
