"""The known-answer vectors of tests/vectors replayed from Python: the same bytes, hashes and
numbers as the core natively and in the browser, through the wheel's conversions (UTF-8 text
with combining marks and emoji, 53-bit numbers, bytes)."""
import base64
import json
import pathlib

import sentc

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"


def load(name):
    return json.loads((VECTORS / name).read_text())


def b64(text):
    return base64.b64decode(text)


def test_symmetric():
    vectors = load("symmetric.json")
    key = sentc.VectorKey.symmetric(vectors["key"])
    for case in vectors["data"]:
        assert key.decrypt(b64(case["item"])).decode() == case["plaintext"]
    bound = vectors["context_data"]
    assert key.decrypt(b64(bound["item"]), bound["context"]).decode() == bound["plaintext"]


def test_public_key():
    vectors = load("public-key.json")
    key = sentc.VectorKey.private(vectors["private_key"])
    assert key.decrypt(b64(vectors["data"]["item"])).decode() == vectors["data"]["plaintext"]


def test_searchable():
    vectors = load("searchable.json")
    key = sentc.VectorKey.symmetric(vectors["generation_key"])
    assert key.search(vectors["value"], True) == [vectors["full"]]
    assert key.search(vectors["value"], False) == vectors["prefixes"]
    limited = vectors["limited"]
    assert key.search(vectors["value"], False, limited["limit"]) == limited["prefixes"]
    for case in vectors["normalization"]:
        assert key.search(case["normalized"], True) == [case["hash"]]


def test_sortable():
    vectors = load("sortable.json")
    key = sentc.VectorKey.symmetric(vectors["generation_key"])
    for case in vectors["numbers"]:
        assert key.sortable_number(case["value"]) == case["number"]
    for case in vectors["strings"]:
        assert key.sortable_string(case["value"]) == case["number"]


def test_signature():
    vectors = load("signature.json")
    sentc.vector_verify(vectors["verify_key"], vectors["message"].encode(), vectors["context"].encode(),
                        b64(vectors["signature"]))
    changed = vectors["message"].encode() + b"!"
    try:
        sentc.vector_verify(vectors["verify_key"], changed, vectors["context"].encode(), b64(vectors["signature"]))
    except sentc.SentcError.Failed as error:
        assert error.code_name == "SignatureInvalid"
    else:
        raise AssertionError("a changed message verified")


def test_signed_items():
    vectors = load("signed-items.json")
    plaintext = vectors["plaintext"].encode()
    symmetric = sentc.VectorKey.symmetric(vectors["key"])
    assert symmetric.decrypt_verified(b64(vectors["symmetric_item"]), vectors["verify_key"]) == plaintext
    private = sentc.VectorKey.private(vectors["private_key"])
    assert private.decrypt_verified(b64(vectors["public_key_item"]), vectors["verify_key"]) == plaintext


def test_safety_number():
    vectors = load("safety-number.json")
    a, b = vectors["a"], vectors["b"]
    for first, second in ((a, b), (b, a)):
        number = sentc.vector_safety_number(first["user_id"], first["verify_key"],
                                            second["user_id"], second["verify_key"])
        assert number == vectors["safety_number"]
