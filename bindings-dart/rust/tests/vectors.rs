//! The known-answer vectors of tests/vectors replayed through the bridge crate's API: `SymKey`
//! (what Dart holds) and the test-only functions over the vectors' keys (feature `test-exports`,
//! which the codegen never sees): the same bytes, hashes and numbers as the core natively, in
//! the browser, Kotlin and Python.
#![cfg(feature = "test-exports")]

use sentc_core::crypto::{SecretKey, SymmetricKey};
use sentc_flutter::api::sym_key::SymKey;
use sentc_flutter::api::test_exports::{VectorKey, vector_safety_number, vector_verify};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/../../tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap().to_owned()
}

fn bytes(value: &Value) -> Vec<u8> {
    sentc_core::crypto::base64_decode(value.as_str().unwrap(), 1 << 20).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(text).collect()
}

#[test]
fn symmetric() {
    let vectors = load("symmetric.json");
    let core = SymmetricKey::import_local(vectors["key"].as_str().unwrap()).unwrap();
    let key = SymKey::from_core(core.clone(), core.id());
    let vector_key = VectorKey::symmetric(text(&vectors["key"])).unwrap();
    for case in vectors["data"].as_array().unwrap() {
        let plaintext = text(&case["plaintext"]).into_bytes();
        assert_eq!(key.decrypt(bytes(&case["item"])).unwrap(), plaintext);
        let item = text(&case["item"]);
        assert_eq!(key.decrypt_string(item).unwrap().into_bytes(), plaintext);
        assert_eq!(
            vector_key.decrypt(bytes(&case["item"]), None).unwrap(),
            plaintext
        );
    }
    let bound = &vectors["context_data"];
    let opened = vector_key.decrypt(bytes(&bound["item"]), Some(text(&bound["context"])));
    assert_eq!(opened.unwrap(), text(&bound["plaintext"]).into_bytes());
    // The wrong context is refused.
    let refused = vector_key.decrypt(bytes(&bound["item"]), Some("another".into()));
    assert_eq!(refused.err().map(|e| e.code), Some(3001));
}

#[test]
fn public_key() {
    let vectors = load("public-key.json");
    let key = VectorKey::private(text(&vectors["private_key"])).unwrap();
    let data = &vectors["data"];
    let opened = key.decrypt(bytes(&data["item"]), None).unwrap();
    assert_eq!(opened, text(&data["plaintext"]).into_bytes());
}

#[test]
fn searchable() {
    let vectors = load("searchable.json");
    let key = VectorKey::symmetric(text(&vectors["generation_key"])).unwrap();
    let value = text(&vectors["value"]);
    let full = key.search(value.clone(), true, None).unwrap();
    assert_eq!(full, vec![text(&vectors["full"])]);
    let prefixes = key.search(value.clone(), false, None).unwrap();
    assert_eq!(prefixes, strings(&vectors["prefixes"]));
    let limited = &vectors["limited"];
    let limit = limited["limit"].as_u64().unwrap() as u32;
    let some = key.search(value, false, Some(limit)).unwrap();
    assert_eq!(some, strings(&limited["prefixes"]));
    for case in vectors["normalization"].as_array().unwrap() {
        let hash = key.search(text(&case["normalized"]), true, None).unwrap();
        assert_eq!(hash, vec![text(&case["hash"])]);
    }
}

#[test]
fn sortable() {
    let vectors = load("sortable.json");
    let key = VectorKey::symmetric(text(&vectors["generation_key"])).unwrap();
    for case in vectors["numbers"].as_array().unwrap() {
        let number = key
            .sortable_number(case["value"].as_u64().unwrap())
            .unwrap();
        assert_eq!(number, case["number"].as_u64().unwrap());
    }
    for case in vectors["strings"].as_array().unwrap() {
        let number = key.sortable_string(text(&case["value"])).unwrap();
        assert_eq!(number, case["number"].as_u64().unwrap());
    }
}

#[test]
fn signature() {
    let vectors = load("signature.json");
    let (verify_key, signature) = (text(&vectors["verify_key"]), bytes(&vectors["signature"]));
    let message = text(&vectors["message"]).into_bytes();
    let context = text(&vectors["context"]).into_bytes();
    vector_verify(
        verify_key.clone(),
        message.clone(),
        context.clone(),
        signature.clone(),
    )
    .unwrap();
    let mut changed = message;
    changed.push(b'!');
    let refused = vector_verify(verify_key, changed, context, signature).unwrap_err();
    assert_eq!(refused.code_name, "SignatureInvalid");
}

#[test]
fn signed_items() {
    let vectors = load("signed-items.json");
    let plaintext = text(&vectors["plaintext"]).into_bytes();
    let verify_key = text(&vectors["verify_key"]);
    let symmetric = VectorKey::symmetric(text(&vectors["key"])).unwrap();
    let opened = symmetric.decrypt_verified(bytes(&vectors["symmetric_item"]), verify_key.clone());
    assert_eq!(opened.unwrap(), plaintext);
    let private = VectorKey::private(text(&vectors["private_key"])).unwrap();
    let opened = private.decrypt_verified(bytes(&vectors["public_key_item"]), verify_key);
    assert_eq!(opened.unwrap(), plaintext);
}

#[test]
fn safety_number() {
    let vectors = load("safety-number.json");
    let (a, b) = (&vectors["a"], &vectors["b"]);
    for (first, second) in [(a, b), (b, a)] {
        let number = vector_safety_number(
            text(&first["user_id"]),
            text(&first["verify_key"]),
            text(&second["user_id"]),
            text(&second["verify_key"]),
        );
        assert_eq!(number.unwrap(), text(&vectors["safety_number"]));
    }
}
