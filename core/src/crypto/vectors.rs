//! Known-answer vectors that pin every wire format, stored under `tests/vectors/`.
//!
//! This module regenerates every deterministic vector from fixed inputs and compares it with
//! the stored file, so any change to a format fails here. `core/tests/vectors.rs` replays the
//! same files through the public API, as every binding can.
//!
//! `SENTC_UPDATE_VECTORS=1 cargo test -p sentc-core vectors` rewrites the files and then fails,
//! so a rewrite never passes as a check; run the tests again without it. Only rewrite for a
//! deliberate new format version: data in the old format must keep decrypting. Any other value
//! of the variable (even `0`) is refused.
//!
//! Signed items use hedged (randomized) ML-DSA, so `signed-items.json` is written only in
//! update mode and checked by replay only.

use std::path::PathBuf;

use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::header::Content;
use super::password::{PasswordParams, derive_password_keys};
use super::secret_key::{SecretKey, SecretKeyBytes};
use super::{
    KeyId, PrivateKey, SearchKey, SignKey, SortableKey, SymmetricKey, WrappedKey, base64_encode,
};

const PLAINTEXT: &str = "hello sentc £ Я 👍";

fn pattern<const N: usize>(start: u8) -> [u8; N] {
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = start.wrapping_add(u8::try_from(i % 256).unwrap());
    }
    out
}

fn symmetric_key() -> SymmetricKey {
    SymmetricKey::from_parts(
        KeyId::from_bytes(pattern(0xa0)),
        Zeroizing::new(pattern(0x00)),
    )
}

fn inner_symmetric_key() -> SymmetricKey {
    SymmetricKey::from_parts(
        KeyId::from_bytes(pattern(0xb0)),
        Zeroizing::new(pattern(0x20)),
    )
}

fn private_key() -> PrivateKey {
    PrivateKey::from_seed(Zeroizing::new(pattern(0x40)))
}

fn sign_key() -> SignKey {
    SignKey::from_seed(Zeroizing::new(pattern(0x60)))
}

fn local<K: SecretKey>(key: &K) -> String {
    key.export_local().unwrap().to_string()
}

fn wrap_case<K: SecretKey>(name: &str, inner: &K, nonce_start: u8) -> Value {
    let content = Content::Key {
        algorithm: K::ALGORITHM,
        key_id: inner.key_id(),
    };
    let item = symmetric_key()
        .seal_with_nonce(content, &inner.secret_bytes(), pattern(nonce_start))
        .unwrap();
    json!({"name": name, "inner_key": local(inner), "wrapped_key": base64_encode(&item)})
}

fn symmetric_vectors() -> Value {
    let key = symmetric_key();
    let data = |plaintext: &str, nonce: u8| {
        let item = key
            .seal_with_nonce(Content::Data, plaintext.as_bytes(), pattern(nonce))
            .unwrap();
        json!({"plaintext": plaintext, "item": base64_encode(&item)})
    };
    let context = "invoice 17 / amount";
    let bound = key
        .seal_with_context_and_nonce(PLAINTEXT.as_bytes(), context.as_bytes(), pattern(0xd0))
        .unwrap();
    json!({
        "description": "XChaCha20-Poly1305 items: header || nonce || ciphertext || tag. Decrypt `item` with `key`; unwrap `wrapped_key` with `key` to get `inner_key`. `context_data` is bound to `context` (header flag 0x04; associated data header || u16 length || context): decrypt it with that context.",
        "key": local(&key),
        "data": [data("", 0x10), data(PLAINTEXT, 0x30)],
        "context_data": {"plaintext": PLAINTEXT, "context": context, "item": base64_encode(&bound)},
        "wrapped": [
            wrap_case("symmetric key", &inner_symmetric_key(), 0x50),
            wrap_case("private key", &private_key(), 0x70),
            wrap_case("sign key", &sign_key(), 0x90),
        ],
    })
}

fn public_key_vectors() -> Value {
    let private = private_key();
    let public = private.public_key();
    let inner = inner_symmetric_key();
    let data = public
        .seal_deterministic(Content::Data, PLAINTEXT.as_bytes(), &pattern(0x11))
        .unwrap();
    let wrapped = public
        .seal_deterministic(
            Content::Key {
                algorithm: SymmetricKey::ALGORITHM,
                key_id: inner.id(),
            },
            &inner.secret_bytes(),
            &pattern(0x51),
        )
        .unwrap();
    json!({
        "description": "X-Wing → HKDF-SHA-256 → XChaCha20-Poly1305 items: header || X-Wing ciphertext || ciphertext || tag. Decrypt with `private_key`.",
        "private_key": local(&private),
        "public_key": public.to_json().unwrap(),
        "data": {"plaintext": PLAINTEXT, "item": base64_encode(&data)},
        "wrapped": {"inner_key": local(&inner), "wrapped_key": base64_encode(&wrapped)},
    })
}

fn signature_vectors() -> Value {
    let key = sign_key();
    let message = b"a message to sign";
    let context = b"sentc-test-context";
    let raw = key.sign_raw_deterministic(message, context).unwrap();
    let mut detached = vec![1u8, super::Algorithm::Ed25519MlDsa65.to_byte()];
    detached.extend_from_slice(key.id().as_bytes());
    detached.extend_from_slice(raw.as_slice());
    json!({
        "description": "Hybrid Ed25519 + ML-DSA-65 detached signatures (ML-DSA deterministic variant). Verify `signature` over `message` with `context` using `verify_key`.",
        "sign_key": local(&key),
        "verify_key": key.verify_key().to_json().unwrap(),
        "message": String::from_utf8_lossy(message),
        "context": String::from_utf8_lossy(context),
        "signature": base64_encode(&detached),
    })
}

fn password_vectors() -> Value {
    let cases: Vec<Value> = [
        ("correct horse battery staple", 0x01u8),
        ("pässwörd 🔑", 0x21),
    ]
    .into_iter()
    .map(|(password, salt)| {
        let params = PasswordParams::with_salt(pattern(salt));
        let keys = derive_password_keys(password, &params).unwrap();
        json!({
            "password": password,
            "params": params,
            "master_key_encryption_key": local(&keys.master_key_encryption_key),
            "auth_key": keys.auth_key.to_base64().to_string(),
            "hashed_auth_key": keys.auth_key.hash().to_base64(),
        })
    })
    .collect();
    json!({
        "description": "Argon2id → HKDF-SHA-256 password derivation. Derive from `password` and `params`.",
        "cases": cases,
    })
}

fn searchable_vectors() -> Value {
    let generation = symmetric_key();
    let key = SearchKey::derive(&generation);
    let normalized = |form: &str, input: &str| {
        let normalized = super::normalize_unicode(input, form.parse().unwrap());
        json!({"form": form, "input": input, "normalized": normalized, "hash": key.hash(&normalized).unwrap()})
    };
    json!({
        "description": "Searchable hashes: HMAC-SHA-256 under the search key HKDF-SHA-256(salt \"sentc-derived-key-v1\", generation key, info \"sentc-search-v1\" || key id), over the exact UTF-8 bytes, base64url without padding. `prefixes`: the hashes of every prefix ending at a character boundary; `limited`: the first `limit` of them. `normalization`: `input` in Unicode form `form` is `normalized` (Rust's unicode-normalization and JavaScript's String.prototype.normalize agree), hashed to `hash`.",
        "generation_key": local(&generation),
        "value": PLAINTEXT,
        "full": key.hash(PLAINTEXT).unwrap(),
        "prefixes": key.hash_prefixes(PLAINTEXT, None).unwrap(),
        "limited": {"limit": 3, "prefixes": key.hash_prefixes(PLAINTEXT, Some(3)).unwrap()},
        "normalization": [
            normalized("NFC", "Cafe\u{301} Ǆ ﬁ"),
            normalized("NFD", "Café Ǆ ﬁ"),
            normalized("NFKC", "Cafe\u{301} Ǆ ﬁ"),
            normalized("NFKD", "Café Ǆ ﬁ"),
        ],
    })
}

fn sortable_vectors() -> Value {
    let generation = symmetric_key();
    let key = SortableKey::derive(&generation);
    let numbers: Vec<Value> = [
        0u64,
        1,
        2,
        1000,
        1_000_001,
        1 << 32,
        super::MAX_SORTABLE_NUMBER - 1,
        super::MAX_SORTABLE_NUMBER,
    ]
    .iter()
    .map(|value| json!({"value": value, "number": key.encrypt_number(*value).unwrap()}))
    .collect();
    let strings: Vec<Value> = ["a", "ab", "abcdef", "abcdefgh", "b", "Zürich", "東京"]
        .iter()
        .map(|value| json!({"value": value, "number": key.encrypt_string(value).unwrap()}))
        .collect();
    json!({
        "description": "Sortable numbers: BCLO09 order-preserving encryption from [0, 2^48) to [0, 2^53) under the sortable key HKDF-SHA-256(salt \"sentc-derived-key-v1\", generation key, info \"sentc-sortable-v1\" || key id); node coins HMAC-SHA-256(key, kind || d_lo || d_hi || r_lo || r_hi || counter), hypergeometric splits by HRUA* (core/src/crypto/hypergeometric.rs). Strings: their first 6 UTF-8 bytes, big-endian, zero-padded.",
        "generation_key": local(&generation),
        "numbers": numbers,
        "strings": strings,
    })
}

fn key_vectors() -> Value {
    let private = private_key();
    let sign = sign_key();
    json!({
        "description": "Key exports: local exports of secret keys and the JSON of their public keys; ids of key pairs are derived from the public key.",
        "private_key": local(&private),
        "public_key": private.public_key().to_json().unwrap(),
        "sign_key": local(&sign),
        "verify_key": sign.verify_key().to_json().unwrap(),
        "symmetric_key": local(&symmetric_key()),
    })
}

fn signed_item_vectors() -> Value {
    let key = symmetric_key();
    let private = private_key();
    let signer = sign_key();
    let inner = inner_symmetric_key();
    let symmetric = key.encrypt_signed(PLAINTEXT.as_bytes(), &signer).unwrap();
    let public = private
        .public_key()
        .encrypt_signed(PLAINTEXT.as_bytes(), &signer)
        .unwrap();
    let wrapped: WrappedKey = private
        .public_key()
        .wrap_key_signed(&inner, &signer)
        .unwrap();
    json!({
        "description": "Signed items (encrypt-then-sign over header || body). Verify with `verify_key`, then decrypt.",
        "key": local(&key),
        "private_key": local(&private),
        "verify_key": signer.verify_key().to_json().unwrap(),
        "plaintext": PLAINTEXT,
        "symmetric_item": base64_encode(&symmetric),
        "public_key_item": base64_encode(&public),
        "wrapped": {"inner_key": local(&inner), "wrapped_key": wrapped.to_base64()},
    })
}

fn safety_number_vectors() -> Value {
    let alice = ("0a1b2c3d4e5f60718293a4b5c6d7e8f9", sign_key());
    let bob = (
        "f9e8d7c6b5a4938271605f4e3d2c1b0a",
        SignKey::from_seed(Zeroizing::new(pattern(0x70))),
    );
    let number =
        crate::keys::safety_number((alice.0, alice.1.verify_key()), (bob.0, bob.1.verify_key()));
    json!({
        "description": "Safety number of two users: compute it from either side with their user ids and verify keys.",
        "a": {"user_id": alice.0, "verify_key": alice.1.verify_key().to_json().unwrap()},
        "b": {"user_id": bob.0, "verify_key": bob.1.verify_key().to_json().unwrap()},
        "safety_number": number,
    })
}

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name)
}

/// Whether this run rewrites the vectors: only with `SENTC_UPDATE_VECTORS=1`.
fn updating() -> bool {
    match update_mode(std::env::var_os("SENTC_UPDATE_VECTORS").as_deref()) {
        Ok(update) => update,
        Err(message) => panic!("{message}"),
    }
}

/// Reads the variable's value: unset is a check, `1` a rewrite, anything else a mistake.
fn update_mode(value: Option<&std::ffi::OsStr>) -> Result<bool, String> {
    match value {
        None => Ok(false),
        Some(value) if value == "1" => Ok(true),
        Some(value) => Err(format!(
            "SENTC_UPDATE_VECTORS={value:?}: set it to 1 to rewrite the vectors, or unset it"
        )),
    }
}

#[test]
fn only_one_rewrites_the_vectors() {
    use std::ffi::OsStr;
    assert_eq!(update_mode(None), Ok(false));
    assert_eq!(update_mode(Some(OsStr::new("1"))), Ok(true));
    for other in ["0", "", "true", "yes"] {
        assert!(update_mode(Some(OsStr::new(other))).is_err(), "{other:?}");
    }
}

/// Writes a rewritten file and fails the run, so a rewrite is never mistaken for a check.
fn rewrite(name: &str, value: &Value) -> ! {
    write(name, value);
    panic!("{name} rewritten (SENTC_UPDATE_VECTORS=1): run the tests again without it");
}

fn write(name: &str, value: &Value) {
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    std::fs::write(path(name), text).unwrap();
}

fn check(name: &str, value: Value) {
    if updating() {
        rewrite(name, &value);
    }
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(path(name)).unwrap()).unwrap();
    let mut changed = Vec::new();
    differences(&stored, &value, String::new(), &mut changed);
    assert!(
        changed.is_empty(),
        "{name}: the wire format changed at {changed:?}"
    );
}

/// The JSON paths at which two values differ.
fn differences(stored: &Value, fresh: &Value, path: String, out: &mut Vec<String>) {
    match (stored, fresh) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|key| !a.contains_key(*key))) {
                let left = a.get(key).unwrap_or(&Value::Null);
                let right = b.get(key).unwrap_or(&Value::Null);
                differences(left, right, format!("{path}/{key}"), out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (left, right)) in a.iter().zip(b).enumerate() {
                differences(left, right, format!("{path}/{i}"), out);
            }
        }
        _ if stored != fresh => out.push(path),
        _ => {}
    }
}

#[test]
fn symmetric_items_match_vectors() {
    check("symmetric.json", symmetric_vectors());
}

#[test]
fn public_key_items_match_vectors() {
    check("public-key.json", public_key_vectors());
}

#[test]
fn signatures_match_vectors() {
    check("signature.json", signature_vectors());
}

#[test]
fn password_derivation_matches_vectors() {
    check("password.json", password_vectors());
}

#[test]
fn searchable_hashes_match_vectors() {
    check("searchable.json", searchable_vectors());
}

#[test]
fn sortable_numbers_match_vectors() {
    check("sortable.json", sortable_vectors());
}

#[test]
fn key_exports_match_vectors() {
    check("keys.json", key_vectors());
}

#[test]
fn safety_numbers_match_vectors() {
    check("safety-number.json", safety_number_vectors());
}

#[test]
fn signed_items_are_written_in_update_mode() {
    if updating() {
        rewrite("signed-items.json", &signed_item_vectors());
    }
    assert!(path("signed-items.json").exists());
}
