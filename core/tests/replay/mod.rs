//! The replay of the sentc-format known-answer vectors (`tests/vectors/`) through the public
//! API: shared by the native tests (`core/tests/vectors.rs`) and the browser tests
//! (`bindings-wasm/tests/browser.rs`), so both check the same values.
#![allow(dead_code)]

use sentc_core::crypto::{
    PasswordParams, PrivateKey, PublicKey, SearchKey, SecretKey, SignKey, Signature, SortableKey,
    SymmetricKey, VerifyKey, WrappedKey, base64_decode, derive_password_keys,
};
use serde_json::Value;

/// Checks one vector file's contents.
pub type Replay = fn(&Value);

/// The vector files this module replays, with the function that replays each.
pub const FILES: &[(&str, Replay)] = &[
    ("symmetric.json", symmetric),
    ("public-key.json", public_key),
    ("signature.json", signature),
    ("signed-items.json", signed_items),
    ("password.json", password),
    ("searchable.json", searchable),
    ("sortable.json", sortable),
    ("keys.json", key_exports),
    ("safety-number.json", safety_number),
];

pub fn text(value: &Value) -> &str {
    value.as_str().unwrap()
}

pub fn bytes(value: &Value) -> Vec<u8> {
    base64_decode(text(value), 1 << 20).unwrap()
}

pub fn unhex(value: &Value) -> Vec<u8> {
    hex::decode(text(value)).unwrap()
}

/// Unwraps `case["wrapped_key"]` as a `K` and checks it equals `case["inner_key"]`.
fn check_unwrap<K: SecretKey>(case: &Value, unwrap: impl Fn(&WrappedKey) -> sentc_core::Result<K>) {
    let wrapped = WrappedKey::from_base64(text(&case["wrapped_key"])).unwrap();
    let inner = unwrap(&wrapped).unwrap();
    assert_eq!(
        inner.export_local().unwrap().as_str(),
        text(&case["inner_key"])
    );
}

/// Replays `symmetric.json`.
pub fn symmetric(vectors: &Value) {
    let key = SymmetricKey::import_local(text(&vectors["key"])).unwrap();
    for case in vectors["data"].as_array().unwrap() {
        let plaintext = key.decrypt(&bytes(&case["item"])).unwrap();
        assert_eq!(plaintext, text(&case["plaintext"]).as_bytes());
    }
    let bound = &vectors["context_data"];
    let context = text(&bound["context"]).as_bytes();
    let plaintext = key
        .decrypt_with_context(&bytes(&bound["item"]), context, None)
        .unwrap();
    assert_eq!(plaintext, text(&bound["plaintext"]).as_bytes());
    let wrapped = vectors["wrapped"].as_array().unwrap();
    assert_eq!(wrapped.len(), 3);
    check_unwrap::<SymmetricKey>(&wrapped[0], |w| key.unwrap_key(w));
    check_unwrap::<PrivateKey>(&wrapped[1], |w| key.unwrap_key(w));
    check_unwrap::<SignKey>(&wrapped[2], |w| key.unwrap_key(w));
}

/// Replays `public-key.json`.
pub fn public_key(vectors: &Value) {
    let private = PrivateKey::import_local(text(&vectors["private_key"])).unwrap();
    let public = PublicKey::from_json(text(&vectors["public_key"])).unwrap();
    assert_eq!(private.public_key(), &public);
    let plaintext = private.decrypt(&bytes(&vectors["data"]["item"])).unwrap();
    assert_eq!(plaintext, text(&vectors["data"]["plaintext"]).as_bytes());
    check_unwrap::<SymmetricKey>(&vectors["wrapped"], |w| private.unwrap_key(w));
}

/// Replays `signature.json`.
pub fn signature(vectors: &Value) {
    let verify = VerifyKey::from_json(text(&vectors["verify_key"])).unwrap();
    let sign = SignKey::import_local(text(&vectors["sign_key"])).unwrap();
    assert_eq!(sign.verify_key(), &verify);
    let signature = Signature::from_bytes(&bytes(&vectors["signature"])).unwrap();
    verify
        .verify(
            text(&vectors["message"]).as_bytes(),
            text(&vectors["context"]).as_bytes(),
            &signature,
        )
        .unwrap();
}

/// Replays `signed-items.json`.
pub fn signed_items(vectors: &Value) {
    let key = SymmetricKey::import_local(text(&vectors["key"])).unwrap();
    let private = PrivateKey::import_local(text(&vectors["private_key"])).unwrap();
    let verify = VerifyKey::from_json(text(&vectors["verify_key"])).unwrap();
    let plaintext = text(&vectors["plaintext"]).as_bytes();
    let item = bytes(&vectors["symmetric_item"]);
    assert_eq!(key.decrypt_verified(&item, &verify).unwrap(), plaintext);
    let item = bytes(&vectors["public_key_item"]);
    assert_eq!(private.decrypt_verified(&item, &verify).unwrap(), plaintext);
    check_unwrap::<SymmetricKey>(&vectors["wrapped"], |w| {
        private.unwrap_key_verified(w, &verify)
    });
}

/// Replays `password.json`.
pub fn password(vectors: &Value) {
    for case in vectors["cases"].as_array().unwrap() {
        let params: PasswordParams = serde_json::from_value(case["params"].clone()).unwrap();
        let keys = derive_password_keys(text(&case["password"]), &params).unwrap();
        assert_eq!(
            keys.master_key_encryption_key
                .export_local()
                .unwrap()
                .as_str(),
            text(&case["master_key_encryption_key"])
        );
        assert_eq!(keys.auth_key.to_base64().as_str(), text(&case["auth_key"]));
        assert_eq!(
            keys.auth_key.hash().to_base64(),
            text(&case["hashed_auth_key"])
        );
    }
}

/// Replays `searchable.json`.
pub fn searchable(vectors: &Value) {
    let generation = SymmetricKey::import_local(text(&vectors["generation_key"])).unwrap();
    let key = SearchKey::derive(&generation);
    let value = text(&vectors["value"]);
    assert_eq!(key.hash(value).unwrap(), text(&vectors["full"]));
    let strings = |value: &Value| -> Vec<String> { serde_json::from_value(value.clone()).unwrap() };
    assert_eq!(
        key.hash_prefixes(value, None).unwrap(),
        strings(&vectors["prefixes"])
    );
    let limited = &vectors["limited"];
    let limit = usize::try_from(limited["limit"].as_u64().unwrap()).unwrap();
    let prefixes = key.hash_prefixes(value, Some(limit)).unwrap();
    assert_eq!(prefixes.len(), limit);
    assert_eq!(prefixes, strings(&limited["prefixes"]));
    for case in vectors["normalization"].as_array().unwrap() {
        let normalized = text(&case["normalized"]);
        assert_eq!(key.hash(normalized).unwrap(), text(&case["hash"]));
    }
}

/// Replays `sortable.json`.
pub fn sortable(vectors: &Value) {
    let generation = SymmetricKey::import_local(text(&vectors["generation_key"])).unwrap();
    let key = SortableKey::derive(&generation);
    for case in vectors["numbers"].as_array().unwrap() {
        let number = key.encrypt_number(case["value"].as_u64().unwrap()).unwrap();
        assert_eq!(number, case["number"].as_u64().unwrap());
    }
    for case in vectors["strings"].as_array().unwrap() {
        let number = key.encrypt_string(text(&case["value"])).unwrap();
        assert_eq!(number, case["number"].as_u64().unwrap());
    }
}

/// Replays `keys.json`.
pub fn key_exports(vectors: &Value) {
    let private = PrivateKey::import_local(text(&vectors["private_key"])).unwrap();
    assert_eq!(
        private.public_key().to_json().unwrap(),
        text(&vectors["public_key"])
    );
    let sign = SignKey::import_local(text(&vectors["sign_key"])).unwrap();
    assert_eq!(
        sign.verify_key().to_json().unwrap(),
        text(&vectors["verify_key"])
    );
    let symmetric = SymmetricKey::import_local(text(&vectors["symmetric_key"])).unwrap();
    assert_eq!(
        symmetric.export_local().unwrap().as_str(),
        text(&vectors["symmetric_key"])
    );
}

/// Replays `safety-number.json`: both users compute the same number.
pub fn safety_number(vectors: &Value) {
    let side = |value: &Value| {
        (
            text(&value["user_id"]).to_string(),
            VerifyKey::from_json(text(&value["verify_key"])).unwrap(),
        )
    };
    let (a, b) = (side(&vectors["a"]), side(&vectors["b"]));
    let expected = text(&vectors["safety_number"]);
    assert_eq!(
        sentc_core::keys::safety_number((&a.0, &a.1), (&b.0, &b.1)),
        expected
    );
    assert_eq!(
        sentc_core::keys::safety_number((&b.0, &b.1), (&a.0, &a.1)),
        expected
    );
}
