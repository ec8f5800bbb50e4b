"""The rest of the SDK's surface from Python against a real sentc server: lists and paging,
invites and join requests, child and connected groups, devices, password, TOTP, symmetric keys,
files from a path and from a stream with progress, key lookups and trust, the backend's
prepare/done registration with the secret token, and bad input from the host."""
import asyncio
import base64
import hashlib
import hmac
import json
import os
import struct
import time
import urllib.request
import uuid

import pytest

import sentc


def client(server, store=None):
    return sentc.Sentc(sentc.SentcOptions(base_url=server["url"], app_token=server["token"]), None, store)


async def user(server, name, password="a long password"):
    identifier = f"{name}-{uuid.uuid4().hex[:8]}"
    sdk = client(server)
    await sdk.register(identifier, password)
    return sdk, (await sdk.login(identifier, password)).user, identifier


async def shared_group(server):
    """Alice, Bob, Alice's group with Bob in it, and Bob's view of that group."""
    _, alice, _ = await user(server, "alice")
    _, bob, _ = await user(server, "bob")
    group = await alice.get_group(await alice.create_group())
    await group.invite_auto(bob.user_id())
    return alice, bob, group, await bob.get_group(group.group_id())


def totp(secret, offset=0):
    """RFC 6238 with SHA-1, 30 s, 6 digits: what an authenticator app computes."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">q", int(time.time()) // 30 + offset), hashlib.sha1).digest()
    start = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[start:start + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def failed(code_name):
    """Expects a SentcError with this code name."""
    class Expect:
        def __enter__(self):
            self.raised = pytest.raises(sentc.SentcError.Failed)
            self.info = self.raised.__enter__()
            return self.info

        def __exit__(self, *exc):
            result = self.raised.__exit__(*exc)
            assert self.info.value.code_name == code_name, self.info.value
            return result

    return Expect()


def test_lists_invites_join_requests_and_ranks(server):
    async def run():
        _, alice, _ = await user(server, "alice")
        _, bob, _ = await user(server, "bob")
        group = await alice.get_group(await alice.create_group())
        await group.invite(bob.user_id(), 2)
        invites = await bob.get_group_invites()
        assert [(i.group_id, i.rank, i.user_type) for i in invites] == [(group.group_id(), 2, sentc.MemberType.USER)]
        await bob.accept_group_invite(group.group_id())
        assert [g.group_id for g in await bob.get_groups()] == [group.group_id()]

        _, carol, _ = await user(server, "carol")
        await carol.group_join_request(group.group_id())
        assert [r.group_id for r in await carol.sent_join_req()] == [group.group_id()]
        requests = await group.get_join_requests()
        assert [r.user_id for r in requests] == [carol.user_id()]
        await group.accept_join_request(carol.user_id(), rank=3)
        members = await group.get_member()
        assert sorted((m.user_id, m.rank) for m in members) == sorted(
            [(alice.user_id(), 0), (bob.user_id(), 2), (carol.user_id(), 3)])
        # Paging: the last item of a page goes back in as it came out.
        rest = await group.get_member(members[-1])
        assert all(m.user_id not in {x.user_id for x in members} for m in rest)

        await group.update_rank(carol.user_id(), 1)
        assert (await carol.get_group(group.group_id())).rank() == 1
        with failed("GroupRankTooLow"):
            await (await bob.get_group(group.group_id())).kick_user(carol.user_id())
        await group.stop_invites()
        _, dave, _ = await user(server, "dave")
        with failed("GroupInvitesDisabled"):
            await dave.group_join_request(group.group_id())
        await group.set_invites_allowed(True)
        await dave.group_join_request(group.group_id())
        await dave.delete_join_req(group.group_id())
        assert await dave.sent_join_req() == []
        bobs = await bob.get_group(group.group_id())
        await bobs.leave()
        assert await bob.get_groups() == []
        await group.delete_group()
        with failed("GroupNotFound"):
            await alice.get_group(group.group_id())

    asyncio.run(run())


def test_child_and_connected_groups(server):
    async def run():
        _, alice, _ = await user(server, "alice")
        _, bob, _ = await user(server, "bob")
        parent = await alice.get_group(await alice.create_group())
        child = await parent.get_child_group(await parent.create_child_group())
        assert child.parent_group_id() == parent.group_id()
        assert [c.group_id for c in await parent.get_children()] == [child.group_id()]
        await parent.invite_auto(bob.user_id())
        # Bob reaches the child through the parent.
        bobs_child = await (await bob.get_group(parent.group_id())).get_child_group(child.group_id())
        assert bobs_child.decrypt_string(child.encrypt_string("child data")) == "child data"

        connected_id = await parent.create_connected_group()
        connected = await parent.get_connected_group(connected_id)
        assert connected.is_connected_group()
        assert [g.group_id for g in await parent.get_groups()] == [connected_id]
        other = await alice.get_group(await alice.create_group())
        await other.group_join_request(connected_id)
        assert [r.group_id for r in await other.sent_join_req()] == [connected_id]
        await other.delete_join_req(connected_id)
        await connected.invite_group(other.group_id())
        assert [i.group_id for i in await other.get_group_invites()] == [connected_id]
        await other.accept_group_invite(connected_id)
        via_other = await other.get_connected_group(connected_id)
        assert via_other.decrypt_string(connected.encrypt_string("shared")) == "shared"

    asyncio.run(run())


def test_devices_password_and_otp(server):
    async def run():
        sdk, alice, identifier = await user(server, "alice")
        new_device = f"phone-{uuid.uuid4().hex[:8]}"
        transfer = await client(server).register_device_start(new_device, "device password")
        await alice.register_device(transfer)
        phone = (await client(server).login(new_device, "device password")).user
        assert phone.user_id() == alice.user_id()
        devices = await alice.get_devices()
        assert sorted(d.device_identifier for d in devices) == sorted([identifier, new_device])
        await alice.delete_device("a long password", phone.device_id())
        assert len(await alice.get_devices()) == 1

        await alice.change_password("a long password", "a new password")
        with failed("LoginFailed"):
            await sdk.login(identifier, "a long password")
        alice = (await sdk.login(identifier, "a new password")).user

        register = await alice.register_otp("sentc test", identifier, "a new password")
        assert register.url.startswith("otpauth://totp/sentc%20test:") and len(register.recover) == 6
        assert alice.enabled_mfa()
        secret = register.url.split("secret=")[1].split("&")[0]
        step = await sdk.login(identifier, "a new password")
        assert isinstance(step, sentc.LoginResult.MFA)
        with failed("OtpInvalid"):
            await sdk.mfa_login("000000" if totp(secret) != "000000" else "111111", step.step)
        alice = await sdk.mfa_login(totp(secret), step.step)
        # A TOTP code counts once: the fresh logins below use recovery codes.
        codes = await alice.get_otp_recover_keys("a new password", register.recover[0], True)
        assert codes == register.recover[1:]
        again = (await sdk.login(identifier, "a new password")).step
        alice = await sdk.mfa_recovery_login(codes[0], again)
        await alice.disable_otp("a new password", codes[1], True)
        assert not alice.enabled_mfa()
        assert isinstance(await sdk.login(identifier, "a new password"), sentc.LoginResult.USER)

    asyncio.run(run())


def test_sym_keys_registered_and_not(server):
    async def run():
        alice, bob, group, bobs = await shared_group(server)

        key = await group.register_key()
        fetched = await bobs.fetch_key(key.key_id(), key.master_key_id())
        assert fetched.decrypt_string(key.encrypt_string("with a registered key")) == "with a registered key"
        free = group.generate_non_registered_key()
        opened = bobs.get_non_registered_key(free.key.master_key_id(), free.encrypted_key)
        assert opened.decrypt(free.key.encrypt(b"beside the data")) == b"beside the data"
        await group.delete_key(key.key_id())
        with failed("SymKeyNotFound"):
            await bobs.fetch_key(key.key_id(), key.master_key_id())

        for_bob = await alice.generate_non_registered_key(bob.user_id())
        assert bob.get_non_registered_key(for_bob.key.master_key_id(), for_bob.encrypted_key).key_id() \
            == for_bob.key.key_id()
        mine = await alice.register_key()
        assert (await alice.fetch_key(mine.key_id(), mine.master_key_id())).key_id() == mine.key_id()
        item = await alice.encrypt_string("for bob", bob.user_id())
        assert bob.decrypt_string(item) == "for bob"

    asyncio.run(run())


class Progress(sentc.FileProgress):
    def __init__(self, stop_after=None):
        self.seen = []
        self.stop_after = stop_after

    def on_progress(self, done):
        self.seen.append(done)
        return self.stop_after is None or len(self.seen) < self.stop_after


class Source(sentc.ByteSource):
    def __init__(self, data):
        self.data = data

    def read(self, max):
        chunk, self.data = self.data[:max], self.data[max:]
        return chunk


class Sink(sentc.ByteSink):
    def __init__(self):
        self.data = bytearray()

    def write(self, data):
        self.data += data


def test_files_from_a_path_and_a_stream_with_progress(server, tmp_path):
    async def run():
        alice, bob, group, bobs = await shared_group(server)

        content = os.urandom(4 * 1024 * 1024 + 17)  # two parts of the default 4 MiB chunk
        path = tmp_path / "report.bin"
        path.write_bytes(content)
        progress = Progress()
        created = await group.create_file(str(path), True, progress)
        assert progress.seen == [4 * 1024 * 1024, len(content)]
        target = tmp_path / "down.bin"
        down = Progress()
        result = await bobs.download_file(str(target), created.file_id, alice.user_id(), down)
        assert target.read_bytes() == content and result.size == len(content)
        assert result.meta.file_name == "report.bin" and result.meta.owner == alice.user_id()
        assert down.seen[-1] == len(content)

        await group.update_file_name(created.file_id, result.key, "renamed.bin")
        info = await bobs.download_file_meta_info(created.file_id)
        assert info.meta.file_name == "renamed.bin"

        streamed = await alice.create_file_from_stream(Source(b"small"), "note.txt", reply_id=bob.user_id())
        sink = Sink()
        await bob.download_file_to_stream(sink, streamed.file_id)
        assert bytes(sink.data) == b"small"

        with failed("Cancelled"):
            await group.create_file(str(path), progress=Progress(stop_after=1))
        with failed("LocalIoFailed"):
            await group.create_file(str(tmp_path / "missing.bin"))
        await group.delete_file(created.file_id)
        with failed("FileNotFound"):
            await bobs.download_file_meta_info(created.file_id)

    asyncio.run(run())


def test_key_lookups_and_identity_trust(server):
    async def run():
        sdk, alice, _ = await user(server, "alice")
        _, bob, _ = await user(server, "bob")
        assert await sdk.pinned_identity(bob.user_id()) is None
        public = await sdk.get_user_public_key(bob.user_id())
        assert len(public.key) > 1000  # X-Wing: ML-KEM-768 + X25519
        assert await sdk.pinned_identity(bob.user_id()) == bob.newest_key_id()
        with failed("InvalidEncoding"):
            await sdk.get_user_verify_key(bob.user_id(), "not a key id")
        group = await alice.get_group(await alice.create_group())
        assert len((await sdk.get_group_public_key(group.group_id())).key) == len(public.key)
        new_key = await bob.key_rotation()
        assert (await sdk.get_user_public_key(bob.user_id())).key_id != public.key_id
        assert await sdk.pinned_identity(bob.user_id()) == new_key
        await sdk.accept_identity_change(bob.user_id())
        assert await sdk.pinned_identity(bob.user_id()) is None

    asyncio.run(run())


def test_backend_calls_with_the_secret_token(server):
    """The own-backend flow: the client prepares, the app's backend sends with its secret token,
    the client reads the answer; the password and keys never reach the backend in the clear."""
    async def run():
        backend = sentc.Backend(server["url"], server["secret"])
        sdk = client(server)
        identifier = f"backend-{uuid.uuid4().hex[:8]}"
        assert await backend.check_user_identifier_available(identifier)
        body = sdk.prepare_register(identifier, "a long password")
        assert "a long password" not in body
        user_id = await backend.register(body)
        assert not await backend.check_user_identifier_available(identifier)
        with failed("IdentifierTaken"):
            await backend.register(sdk.prepare_register(identifier, "x"))
        # The same checks through the client's prepare/done and a raw request.
        assert not sdk.done_check_user_identifier_available(
            raw_backend_call(server, "/api/v1/exists", sdk.prepare_check_user_identifier_available(identifier)))
        me = (await sdk.login(identifier, "a long password")).user
        assert me.user_id() == user_id

        group_id = await backend.create_group(user_id, me.prepare_group_create())
        group = await me.get_group(group_id)
        child_id = await backend.create_child_group(user_id, group_id, group.prepare_create_child_group())
        assert (await group.get_child_group(child_id)).parent_group_id() == group_id
        connected_id = await backend.create_connected_group(user_id, group_id, group.prepare_create_child_group())
        assert (await group.get_connected_group(connected_id)).is_connected_group()
        await backend.delete_group(child_id)
        assert await group.get_children() == []

        await me.register_otp("sentc test", identifier, "a long password")
        await backend.disable_otp(identifier)
        assert isinstance(await client(server).login(identifier, "a long password"), sentc.LoginResult.USER)
        await backend.revoke_sessions(identifier)
        with pytest.raises(sentc.SentcError.Failed) as revoked:
            await me.get_groups()
        assert (revoked.value.code, revoked.value.code_name) == (5004, "JwtInvalid")

        # The user forgot the password: their new device prepares keys, the backend resets.
        await backend.reset_user(sdk.prepare_reset_user(user_id, identifier, "a new password"))
        with failed("PasswordParamsChanged"):
            await sdk.login(identifier, "a new password")
        await sdk.unpin_identifier(identifier)
        fresh = (await sdk.login(identifier, "a new password")).user
        assert fresh.user_id() == user_id and fresh.newest_key_id() != me.newest_key_id()
        await backend.delete_user(identifier)
        with failed("LoginFailed"):
            await client(server).login(identifier, "a new password")
        with failed("SecretTokenRequired"):
            await sentc.Backend(server["url"], server["token"]).delete_user(identifier)

    asyncio.run(run())


def raw_backend_call(server, path, body):
    request = urllib.request.Request(server["url"] + path, data=body.encode(), method="POST", headers={
        "content-type": "application/json", "x-sentc-app-token": server["secret"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def test_bad_input_from_the_host_is_a_typed_error(server):
    class Garbage(sentc.HostTransport):
        def __init__(self, status, body):
            self.status, self.body = status, body

        async def send(self, request):
            return sentc.HostResponse(status=self.status, body=self.body)

    async def run():
        for status, body, code_name in ((200, b"\xff\x00 not json", "InvalidServerResponse"),
                                        (200, b"{}", "InvalidServerResponse"),
                                        (500, b"<html>", "InvalidServerResponse"),
                                        (200, json.dumps({"status": True, "result": {"user_id": 7}}).encode(),
                                         "InvalidServerResponse")):
            bad = sentc.Sentc(sentc.SentcOptions(base_url=server["url"], app_token=server["token"]),
                              Garbage(status, body))
            with pytest.raises(sentc.SentcError.Failed) as error:
                await bad.register(f"x-{uuid.uuid4().hex[:6]}", "a long password")
            assert (error.value.code, error.value.code_name) == (10002, code_name), (body, error.value)

        _, alice, _ = await user(server, "alice")
        group = await alice.get_group(await alice.create_group())
        item = group.encrypt(b"data")
        with failed("DecryptionFailed"):
            group.decrypt(item[:-1] + bytes([item[-1] ^ 1]))
        with failed("InputTruncated"):
            group.decrypt(item[:10])
        with failed("InvalidEncoding"):
            group.get_non_registered_key("00" * 16, "not base64 !")
        with failed("InvalidEncoding"):
            await group.fetch_key("not a key id", "00")

    asyncio.run(run())


def test_the_encrypted_file_store_keeps_the_session(server, tmp_path):
    class KeySource(sentc.StoreKeySource):
        def __init__(self, key):
            self.key = key

        def store_key(self):
            return self.key

    async def run():
        options = sentc.SentcOptions(base_url=server["url"], app_token=server["token"])
        path = str(tmp_path / "sentc.store")
        key = os.urandom(32)
        sdk = sentc.Sentc.with_file_store(options, path, KeySource(key))
        identifier = f"stored-{uuid.uuid4().hex[:8]}"
        await sdk.register(identifier, "a long password")
        user_id = (await sdk.login(identifier, "a long password")).user.user_id()
        stored = open(path, "rb").read()
        assert identifier.encode() not in stored and user_id.encode() not in stored

        restarted = sentc.Sentc.with_file_store(options, path, KeySource(key))
        restored = await restarted.get_actual_user()
        assert restored is not None and restored.user_id() == user_id
        group = await restored.get_group(await restored.create_group())
        assert group.decrypt_string(group.encrypt_string("after a restart")) == "after a restart"
        with failed("DecryptionFailed"):
            sentc.Sentc.with_file_store(options, path, KeySource(os.urandom(32)))
        with failed("StoreFailed"):
            nowhere = sentc.Sentc.with_file_store(options, str(tmp_path / "no" / "folder"), KeySource(key))
            await nowhere.login(identifier, "a long password")
        await restored.log_out()
        assert await sentc.Sentc.with_file_store(options, path, KeySource(key)).get_actual_user() is None

    asyncio.run(run())


def test_a_store_that_throws_or_returns_garbage_is_a_typed_error(server):
    class Throwing(sentc.HostStore):
        def get(self, key):
            raise OSError("keychain locked")

        def set(self, key, value):
            raise OSError("disk full")

        def delete(self, key):
            raise OSError("disk full")

    class Garbage(sentc.HostStore):
        def get(self, key):
            return "{not a session"

        def set(self, key, value):
            pass

        def delete(self, key):
            pass

    async def run():
        identifier = f"store-{uuid.uuid4().hex[:8]}"
        await client(server).register(identifier, "a long password")
        with failed("StoreFailed"):
            await client(server, Throwing()).login(identifier, "a long password")
        with failed("StoreFailed"):
            await client(server, Throwing()).get_actual_user()
        with failed("InvalidJson"):
            await client(server, Garbage()).get_actual_user()

    asyncio.run(run())
