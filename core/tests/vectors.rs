//! Replays the known-answer vectors under `tests/vectors/` through the public API, as every
//! binding can, and checks the standard vectors of the primitives we build on.

mod common;
mod replay;

use std::path::PathBuf;

use serde_json::Value;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn symmetric() {
    replay::symmetric(&load("symmetric.json"));
}

#[test]
fn public_key() {
    replay::public_key(&load("public-key.json"));
}

#[test]
fn signature() {
    replay::signature(&load("signature.json"));
}

#[test]
fn signed_items() {
    replay::signed_items(&load("signed-items.json"));
}

#[test]
fn password() {
    replay::password(&load("password.json"));
}

#[test]
fn searchable() {
    replay::searchable(&load("searchable.json"));
}

/// The normalised forms in `searchable.json` are what the Rust crate gives (the browser SDK's
/// `String.prototype.normalize` is checked against the same file in bindings-wasm/e2e).
#[test]
fn searchable_normalization() {
    let vectors = load("searchable.json");
    for case in vectors["normalization"].as_array().unwrap() {
        let form = case["form"].as_str().unwrap().parse().unwrap();
        let input = case["input"].as_str().unwrap();
        assert_eq!(
            sentc_core::crypto::normalize_unicode(input, form),
            case["normalized"].as_str().unwrap()
        );
    }
}

#[test]
fn sortable() {
    replay::sortable(&load("sortable.json"));
}

#[test]
fn key_exports() {
    replay::key_exports(&load("keys.json"));
}

#[test]
fn safety_numbers() {
    replay::safety_number(&load("safety-number.json"));
}

#[test]
fn hkdf_rfc5869() {
    use hkdf::Hkdf;
    use sha2::Sha256;
    let vectors = load("hkdf-sha256-rfc5869.json");
    for case in vectors["cases"].as_array().unwrap() {
        let salt = replay::unhex(&case["salt"]);
        let salt = (!salt.is_empty()).then_some(salt.as_slice());
        let (prk, hkdf) = Hkdf::<Sha256>::extract(salt, &replay::unhex(&case["ikm"]));
        assert_eq!(prk.as_slice(), replay::unhex(&case["prk"]));
        let mut okm = vec![0u8; replay::unhex(&case["okm"]).len()];
        hkdf.expand(&replay::unhex(&case["info"]), &mut okm)
            .unwrap();
        assert_eq!(okm, replay::unhex(&case["okm"]));
    }
}

#[test]
fn argon2id_rfc9106() {
    use argon2::{Algorithm, Argon2, AssociatedData, ParamsBuilder, Version};
    let vector = load("argon2id-rfc9106.json");
    let number = |name: &str| u32::try_from(vector[name].as_u64().unwrap()).unwrap();
    let ad = replay::unhex(&vector["associated_data"]);
    let params = ParamsBuilder::new()
        .m_cost(number("m_cost"))
        .t_cost(number("t_cost"))
        .p_cost(number("p_cost"))
        .data(AssociatedData::new(&ad).unwrap())
        .build()
        .unwrap();
    let secret = replay::unhex(&vector["secret"]);
    let argon =
        Argon2::new_with_secret(&secret, Algorithm::Argon2id, Version::V0x13, params).unwrap();
    let mut tag = [0u8; 32];
    argon
        .hash_password_into(
            &replay::unhex(&vector["password"]),
            &replay::unhex(&vector["salt"]),
            &mut tag,
        )
        .unwrap();
    assert_eq!(tag.to_vec(), replay::unhex(&vector["tag"]));
}
