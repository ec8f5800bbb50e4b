//! The core's crypto and the binding's error mapping in a real browser (headless Chromium via
//! `wasm-pack test --headless --chrome`): round trips of every scheme, and the known-answer
//! vectors of `tests/vectors/` decrypt to the same values as on native.
#![cfg(target_arch = "wasm32")]

#[path = "../../core/tests/replay/mod.rs"]
mod replay;

use sentc_core::crypto::{
    PasswordParams, PrivateKey, SignKey, SymmetricKey, derive_password_keys, sign_message,
    verify_message,
};
use sentc_core::group::{GroupKeys, prepare_create_group};
use sentc_wasm::Sentc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The vector files, compiled in (a browser has no file system).
const VECTORS: &[(&str, &str)] = &[
    (
        "symmetric.json",
        include_str!("../../tests/vectors/symmetric.json"),
    ),
    (
        "public-key.json",
        include_str!("../../tests/vectors/public-key.json"),
    ),
    (
        "signature.json",
        include_str!("../../tests/vectors/signature.json"),
    ),
    (
        "signed-items.json",
        include_str!("../../tests/vectors/signed-items.json"),
    ),
    (
        "password.json",
        include_str!("../../tests/vectors/password.json"),
    ),
    (
        "searchable.json",
        include_str!("../../tests/vectors/searchable.json"),
    ),
    (
        "sortable.json",
        include_str!("../../tests/vectors/sortable.json"),
    ),
    ("keys.json", include_str!("../../tests/vectors/keys.json")),
    (
        "safety-number.json",
        include_str!("../../tests/vectors/safety-number.json"),
    ),
];

#[wasm_bindgen_test]
fn known_answer_vectors_replay_as_on_native() {
    assert_eq!(VECTORS.len(), replay::FILES.len());
    for (name, replay_file) in replay::FILES {
        let (_, text) = VECTORS
            .iter()
            .find(|(file, _)| file == name)
            .unwrap_or_else(|| panic!("{name} is not compiled in"));
        replay_file(&serde_json::from_str(text).unwrap());
    }
}

#[wasm_bindgen_test]
fn symmetric_public_key_and_signature_round_trips() {
    let key = SymmetricKey::generate().unwrap();
    let sign = SignKey::generate().unwrap();
    let item = key.encrypt_signed(b"in the browser", &sign).unwrap();
    assert_eq!(
        key.decrypt_verified(&item, sign.verify_key()).unwrap(),
        b"in the browser"
    );
    let private = PrivateKey::generate().unwrap();
    let sealed = private.public_key().encrypt(b"to a public key").unwrap();
    assert_eq!(private.decrypt(&sealed).unwrap(), b"to a public key");
    let signed = sign_message(&sign, b"signed").unwrap();
    assert_eq!(
        verify_message(sign.verify_key(), &signed).unwrap(),
        b"signed"
    );
    // A flipped bit anywhere is refused.
    let mut tampered = sealed.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(private.decrypt(&tampered).is_err());
}

#[wasm_bindgen_test]
fn password_derivation_and_group_keys() {
    let params = PasswordParams::generate().unwrap();
    let first = derive_password_keys("pass", &params).unwrap();
    let again = derive_password_keys("pass", &params).unwrap();
    assert_eq!(
        first.auth_key.to_base64().as_str(),
        again.auth_key.to_base64().as_str()
    );
    let member = PrivateKey::generate().unwrap();
    let keys = GroupKeys::new(vec![
        prepare_create_group(member.public_key(), None).unwrap().key,
    ]);
    let item = keys.encrypt_string("group data", None).unwrap();
    assert_eq!(keys.decrypt_string(&item, None).unwrap(), "group data");
}

fn field(error: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(error, &name.into()).unwrap()
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_stable_codes() {
    let error = Sentc::done_register("not a server answer").unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(field(&error, "name"), "SentcError");
    assert_eq!(field(&error, "code"), 10002);
    assert_eq!(field(&error, "codeName"), "InvalidServerResponse");
    assert_eq!(field(&error, "area"), "client");

    let answer = r#"{"status":false,"err_code":5002,"err_msg":"the identifier is already taken"}"#;
    let error = Sentc::done_register(answer).unwrap_err();
    assert_eq!(field(&error, "code"), 5002);
    assert_eq!(field(&error, "area"), "user");
}

#[wasm_bindgen_test]
async fn network_calls_before_init_are_refused() {
    // The sans-IO functions need no client.
    assert!(Sentc::prepare_register("alice", "a password").is_ok());
    let error = Sentc::register("alice".into(), "a password".into())
        .await
        .unwrap_err();
    assert_eq!(field(&error, "codeName"), "NotInitialized");
    assert_eq!(field(&error, "code"), 10006);
}

#[wasm_bindgen_test]
fn file_chunks_round_trip_and_refuse_a_reordered_or_truncated_file() {
    let key = sentc_wasm::SymKey::from(SymmetricKey::generate().unwrap());
    let file_id = "00112233445566778899aabbccddeeff";
    let mut writer = key.file_encryptor(file_id, None).unwrap();
    let chunks: Vec<Vec<u8>> = [&b"first "[..], b"second ", b"third"]
        .iter()
        .enumerate()
        .map(|(index, piece)| writer.seal_chunk(piece, index == 2).unwrap())
        .collect();
    // Nothing follows the last chunk.
    let error = writer.seal_chunk(b"more", true).unwrap_err();
    assert_eq!(field(&error, "codeName"), "FileChunkAfterEnd");

    let mut reader = key.file_decryptor(file_id, None).unwrap();
    let mut plain = Vec::new();
    for chunk in &chunks {
        plain.extend(reader.open_chunk(chunk.clone()).unwrap());
    }
    reader.finish().unwrap();
    assert_eq!(plain, b"first second third");

    let mut reordered = key.file_decryptor(file_id, None).unwrap();
    let error = reordered.open_chunk(chunks[1].clone()).unwrap_err();
    assert_eq!(field(&error, "codeName"), "FileChunkOutOfOrder");
    let mut truncated = key.file_decryptor(file_id, None).unwrap();
    truncated.open_chunk(chunks[0].clone()).unwrap();
    let error = truncated.finish().unwrap_err();
    assert_eq!(field(&error, "code"), 7003);
    // Resumed at the second chunk, a reader takes it.
    let mut resumed = key.file_decryptor(file_id, Some(1)).unwrap();
    assert_eq!(resumed.open_chunk(chunks[1].clone()).unwrap(), b"second ");
}
