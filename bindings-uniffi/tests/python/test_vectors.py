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
