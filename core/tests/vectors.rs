//! Replays the known-answer vectors under `tests/vectors/` through the public API, as every
//! binding can, and checks the standard vectors of the primitives we build on.

mod common;

use std::path::PathBuf;

use sentc_core::crypto::{
    HmacKey, PasswordParams, PrivateKey, PublicKey, SecretKey, SignKey, Signature, SymmetricKey,
    VerifyKey, WrappedKey, base64_decode, derive_password_keys,
};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap()
}

fn bytes(value: &Value) -> Vec<u8> {
    base64_decode(text(value), 1 << 20).unwrap()
}

fn unhex(value: &Value) -> Vec<u8> {
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

#[test]
fn symmetric() {
    let vectors = load("symmetric.json");
    let key = SymmetricKey::import_local(text(&vectors["key"])).unwrap();
    for case in vectors["data"].as_array().unwrap() {
        let plaintext = key.decrypt(&bytes(&case["item"])).unwrap();
        assert_eq!(plaintext, text(&case["plaintext"]).as_bytes());
    }
    let wrapped = vectors["wrapped"].as_array().unwrap();
    assert_eq!(wrapped.len(), 4);
    check_unwrap::<SymmetricKey>(&wrapped[0], |w| key.unwrap_key(w));
    check_unwrap::<PrivateKey>(&wrapped[1], |w| key.unwrap_key(w));
    check_unwrap::<SignKey>(&wrapped[2], |w| key.unwrap_key(w));
    check_unwrap::<HmacKey>(&wrapped[3], |w| key.unwrap_key(w));
}

#[test]
fn public_key() {
    let vectors = load("public-key.json");
    let private = PrivateKey::import_local(text(&vectors["private_key"])).unwrap();
    let public = PublicKey::from_json(text(&vectors["public_key"])).unwrap();
    assert_eq!(private.public_key(), &public);
    let plaintext = private.decrypt(&bytes(&vectors["data"]["item"])).unwrap();
    assert_eq!(plaintext, text(&vectors["data"]["plaintext"]).as_bytes());
    check_unwrap::<SymmetricKey>(&vectors["wrapped"], |w| private.unwrap_key(w));
}

#[test]
fn signature() {
    let vectors = load("signature.json");
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

#[test]
fn signed_items() {
    let vectors = load("signed-items.json");
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

#[test]
fn password() {
    let vectors = load("password.json");
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

#[test]
fn searchable() {
    let vectors = load("searchable.json");
    let key = HmacKey::import_local(text(&vectors["key"])).unwrap();
    let value = text(&vectors["value"]);
    assert_eq!(key.hash_value(value).unwrap(), text(&vectors["full"]));
    let expected: Vec<String> = serde_json::from_value(vectors["prefixes"].clone()).unwrap();
    assert_eq!(key.hash_prefixes(value).unwrap(), expected);
}

#[test]
fn key_exports() {
    let vectors = load("keys.json");
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
    for (name, export) in [
        (
            "symmetric_key",
            SymmetricKey::import_local(text(&vectors["symmetric_key"]))
                .unwrap()
                .export_local()
                .unwrap(),
        ),
        (
            "hmac_key",
            HmacKey::import_local(text(&vectors["hmac_key"]))
                .unwrap()
                .export_local()
                .unwrap(),
        ),
    ] {
        assert_eq!(export.as_str(), text(&vectors[name]));
    }
}

#[test]
fn hkdf_rfc5869() {
    use hkdf::Hkdf;
    use sha2::Sha256;
    let vectors = load("hkdf-sha256-rfc5869.json");
    for case in vectors["cases"].as_array().unwrap() {
        let salt = unhex(&case["salt"]);
        let salt = (!salt.is_empty()).then_some(salt.as_slice());
        let (prk, hkdf) = Hkdf::<Sha256>::extract(salt, &unhex(&case["ikm"]));
        assert_eq!(prk.as_slice(), unhex(&case["prk"]));
        let mut okm = vec![0u8; unhex(&case["okm"]).len()];
        hkdf.expand(&unhex(&case["info"]), &mut okm).unwrap();
        assert_eq!(okm, unhex(&case["okm"]));
    }
}

#[test]
fn argon2id_rfc9106() {
    use argon2::{Algorithm, Argon2, AssociatedData, ParamsBuilder, Version};
    let vector = load("argon2id-rfc9106.json");
    let number = |name: &str| u32::try_from(vector[name].as_u64().unwrap()).unwrap();
    let ad = unhex(&vector["associated_data"]);
    let params = ParamsBuilder::new()
        .m_cost(number("m_cost"))
        .t_cost(number("t_cost"))
        .p_cost(number("p_cost"))
        .data(AssociatedData::new(&ad).unwrap())
        .build()
        .unwrap();
    let secret = unhex(&vector["secret"]);
    let argon =
        Argon2::new_with_secret(&secret, Algorithm::Argon2id, Version::V0x13, params).unwrap();
    let mut tag = [0u8; 32];
    argon
        .hash_password_into(
            &unhex(&vector["password"]),
            &unhex(&vector["salt"]),
            &mut tag,
        )
        .unwrap();
    assert_eq!(tag.to_vec(), unhex(&vector["tag"]));
}
