//! Wrong keys, wrong recipients, truncated, empty, oversized and mistyped inputs: each gives
//! a typed error with a stable code.

mod common;

use common::code;
use sentc_core::ErrorCode;
use sentc_core::crypto::{
    MAX_PLAINTEXT_LEN, PasswordParams, PrivateKey, PublicKey, SearchKey, SecretKey, SignKey,
    Signature, SortableKey, SymmetricKey, VerifyKey, WrappedKey, base64_encode,
    derive_password_keys,
};

#[test]
fn wrong_symmetric_key_names_the_needed_key() {
    let key = SymmetricKey::generate().unwrap();
    let other = SymmetricKey::generate().unwrap();
    let item = key.encrypt(b"secret").unwrap();
    let err = other.decrypt(&item).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongKey);
    assert_eq!(err.key_id(), Some(key.id()));
}

#[test]
fn wrong_key_bytes_under_the_right_id() {
    let key = SymmetricKey::generate().unwrap();
    let item = key.encrypt(b"secret").unwrap();
    // A key that claims the same id but has other bytes (e.g. a corrupted store).
    let export = key.export_local().unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&export).unwrap();
    json["secret"] = base64_encode(&[0u8; 32]).into();
    let impostor = SymmetricKey::import_local(&json.to_string()).unwrap();
    assert_eq!(impostor.id(), key.id());
    assert_eq!(code(impostor.decrypt(&item)), ErrorCode::DecryptionFailed);
}

#[test]
fn wrong_recipient() {
    let alice = PrivateKey::generate().unwrap();
    let bob = PrivateKey::generate().unwrap();
    let item = alice.public_key().encrypt(b"for alice").unwrap();
    let err = bob.decrypt(&item).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongKey);
    assert_eq!(err.key_id(), Some(alice.id()));
    let wrapped = alice
        .public_key()
        .wrap_key(&SymmetricKey::generate().unwrap())
        .unwrap();
    assert_eq!(
        code(bob.unwrap_key::<SymmetricKey>(&wrapped)),
        ErrorCode::WrongKey
    );
}

#[test]
fn symmetric_item_given_to_a_private_key_and_back() {
    let symmetric = SymmetricKey::generate().unwrap();
    let private = PrivateKey::generate().unwrap();
    let item = symmetric.encrypt(b"x").unwrap();
    assert_eq!(code(private.decrypt(&item)), ErrorCode::KeyTypeMismatch);
    let item = private.public_key().encrypt(b"x").unwrap();
    assert_eq!(code(symmetric.decrypt(&item)), ErrorCode::KeyTypeMismatch);
}

#[test]
fn wrong_verify_key_and_missing_signature() {
    let key = SymmetricKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();
    let stranger = SignKey::generate().unwrap();
    let signed = key.encrypt_signed(b"x", &signer).unwrap();
    let err = key
        .decrypt_verified(&signed, stranger.verify_key())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongKey);
    assert_eq!(err.key_id(), Some(signer.id()));
    let unsigned = key.encrypt(b"x").unwrap();
    assert_eq!(
        code(key.decrypt_verified(&unsigned, signer.verify_key())),
        ErrorCode::SignatureMissing
    );
    let signature = signer.sign(b"m", b"c").unwrap();
    assert_eq!(
        code(stranger.verify_key().verify(b"m", b"c", &signature)),
        ErrorCode::WrongKey
    );
}

#[test]
fn every_truncation_is_a_typed_error() {
    let key = SymmetricKey::generate().unwrap();
    let private = PrivateKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();
    let allowed = [
        ErrorCode::EmptyInput,
        ErrorCode::InputTruncated,
        ErrorCode::DecryptionFailed,
        ErrorCode::MalformedInput,
    ];
    let symmetric = key.encrypt(b"some data").unwrap();
    for cut in 0..symmetric.len() {
        let got = code(key.decrypt(&symmetric[..cut]));
        assert!(allowed.contains(&got), "cut {cut}: {got:?}");
    }
    let public = private
        .public_key()
        .encrypt_signed(b"some data", &signer)
        .unwrap();
    for cut in (0..public.len()).step_by(7) {
        let got = code(private.decrypt_verified(&public[..cut], signer.verify_key()));
        let allowed = [
            ErrorCode::EmptyInput,
            ErrorCode::InputTruncated,
            ErrorCode::SignatureInvalid,
        ];
        assert!(allowed.contains(&got), "cut {cut}: {got:?}");
    }
    let signature = signer.sign(b"m", b"c").unwrap().to_bytes();
    for cut in 0..signature.len() {
        let got = code(Signature::from_bytes(&signature[..cut]));
        assert!(
            [ErrorCode::EmptyInput, ErrorCode::InputTruncated].contains(&got),
            "cut {cut}: {got:?}"
        );
    }
    let public_bytes = private.public_key().as_bytes();
    assert_eq!(
        code(PublicKey::from_bytes(&public_bytes[..1000])),
        ErrorCode::InputTruncated
    );
    let mut longer = public_bytes.to_vec();
    longer.push(0);
    assert_eq!(
        code(PublicKey::from_bytes(&longer)),
        ErrorCode::MalformedInput
    );
}

#[test]
fn empty_inputs() {
    let key = SymmetricKey::generate().unwrap();
    let private = PrivateKey::generate().unwrap();
    assert_eq!(code(key.decrypt(&[])), ErrorCode::EmptyInput);
    assert_eq!(code(private.decrypt(&[])), ErrorCode::EmptyInput);
    assert_eq!(code(key.decrypt_string("")), ErrorCode::EmptyInput);
    assert_eq!(code(Signature::from_bytes(&[])), ErrorCode::EmptyInput);
    assert_eq!(code(WrappedKey::from_bytes(vec![])), ErrorCode::EmptyInput);
    assert_eq!(code(PublicKey::from_bytes(&[])), ErrorCode::InputTruncated);
    assert_eq!(code(VerifyKey::from_bytes(&[])), ErrorCode::InputTruncated);
    assert_eq!(code(SymmetricKey::import_local("")), ErrorCode::InvalidJson);
    assert_eq!(code(PublicKey::from_json("")), ErrorCode::InvalidJson);
    let params = PasswordParams::generate().unwrap();
    assert_eq!(
        code(derive_password_keys("", &params)),
        ErrorCode::PasswordEmpty
    );
    let search = SearchKey::derive(&key);
    assert_eq!(code(search.hash("")), ErrorCode::EmptyInput);
    assert_eq!(code(search.hash_prefixes("", None)), ErrorCode::EmptyInput);
    assert_eq!(
        code(SortableKey::derive(&key).encrypt_string("")),
        ErrorCode::EmptyInput
    );
}

#[test]
fn oversized_inputs() {
    let key = SymmetricKey::generate().unwrap();
    let huge = vec![0u8; MAX_PLAINTEXT_LEN + 1];
    assert_eq!(code(key.encrypt(&huge)), ErrorCode::InputTooLarge);
    let private = PrivateKey::generate().unwrap();
    assert_eq!(
        code(private.public_key().encrypt(&huge)),
        ErrorCode::InputTooLarge
    );
    let mut huge_item = key.encrypt(b"x").unwrap();
    huge_item.resize(MAX_PLAINTEXT_LEN + 100_000, 0);
    assert_eq!(code(key.decrypt(&huge_item)), ErrorCode::InputTooLarge);

    let signer = SignKey::generate().unwrap();
    assert_eq!(
        code(signer.sign(b"m", &[0u8; 256])),
        ErrorCode::InputTooLarge
    );

    let params = PasswordParams::generate().unwrap();
    let long = "p".repeat(4097);
    assert_eq!(
        code(derive_password_keys(&long, &params)),
        ErrorCode::PasswordTooLong
    );

    let search = SearchKey::derive(&key);
    assert_eq!(
        code(search.hash_prefixes(&"a".repeat(201), None)),
        ErrorCode::InputTooLarge
    );
    assert!(search.hash_prefixes(&"a".repeat(200), None).is_ok());
    assert_eq!(
        code(search.hash(&"a".repeat(70_000))),
        ErrorCode::InputTooLarge
    );
    assert_eq!(
        code(SortableKey::derive(&key).encrypt_number(1 << 48)),
        ErrorCode::OutOfDomain
    );

    let big_json = format!("{{\"v\":1,\"pad\":\"{}\"}}", "x".repeat(100_000));
    assert_eq!(
        code(SymmetricKey::import_local(&big_json)),
        ErrorCode::InputTooLarge
    );
    assert_eq!(
        code(PublicKey::from_json(&big_json)),
        ErrorCode::InputTooLarge
    );
    assert_eq!(
        code(WrappedKey::from_base64(&"A".repeat(100_000))),
        ErrorCode::InputTooLarge
    );
}

#[test]
fn mistyped_content_and_keys() {
    let outer = SymmetricKey::generate().unwrap();
    let wrapped = outer.wrap_key(&SymmetricKey::generate().unwrap()).unwrap();
    // A wrapped key is not data, and data is not a wrapped key.
    assert_eq!(
        code(outer.decrypt(wrapped.as_bytes())),
        ErrorCode::UnexpectedContent
    );
    let data = outer.encrypt(b"data").unwrap();
    assert_eq!(
        code(WrappedKey::from_bytes(data)),
        ErrorCode::UnexpectedContent
    );
    // A wrapped symmetric key does not unwrap as another key type.
    assert_eq!(
        code(outer.unwrap_key::<PrivateKey>(&wrapped)),
        ErrorCode::KeyTypeMismatch
    );
    assert_eq!(
        code(outer.unwrap_key::<SignKey>(&wrapped)),
        ErrorCode::KeyTypeMismatch
    );

    let symmetric_export = outer.export_local().unwrap();
    assert_eq!(
        code(PrivateKey::import_local(&symmetric_export)),
        ErrorCode::KeyTypeMismatch
    );
    let signer = SignKey::generate().unwrap();
    let verify_json = signer.verify_key().to_json().unwrap();
    assert_eq!(
        code(PublicKey::from_json(&verify_json)),
        ErrorCode::KeyTypeMismatch
    );
}

fn edit_json(text: &str, field: &str, value: serde_json::Value) -> String {
    let mut json: serde_json::Value = serde_json::from_str(text).unwrap();
    json[field] = value;
    json.to_string()
}

#[test]
fn ids_versions_and_algorithms_are_checked_on_import() {
    let private = PrivateKey::generate().unwrap();
    let other_id = PrivateKey::generate().unwrap().id().to_hex();
    let export = private.export_local().unwrap();
    let public = private.public_key().to_json().unwrap();

    assert_eq!(
        code(PrivateKey::import_local(&edit_json(
            &export,
            "id",
            other_id.clone().into()
        ))),
        ErrorCode::KeyIdMismatch
    );
    assert_eq!(
        code(PublicKey::from_json(&edit_json(
            &public,
            "id",
            other_id.into()
        ))),
        ErrorCode::KeyIdMismatch
    );
    assert_eq!(
        code(PrivateKey::import_local(&edit_json(&export, "v", 2.into()))),
        ErrorCode::UnsupportedVersion
    );
    assert_eq!(
        code(PublicKey::from_json(&edit_json(&public, "v", 2.into()))),
        ErrorCode::UnsupportedVersion
    );
    assert_eq!(
        code(PrivateKey::import_local(&edit_json(
            &export,
            "alg",
            "rsa".into()
        ))),
        ErrorCode::UnknownAlgorithm
    );
    assert_eq!(
        code(PrivateKey::import_local(&edit_json(
            &export,
            "secret",
            "!!".into()
        ))),
        ErrorCode::InvalidEncoding
    );
    assert_eq!(
        code(PrivateKey::import_local(&edit_json(
            &export,
            "secret",
            base64_encode(&[1; 31]).into()
        ))),
        ErrorCode::InvalidKey
    );
    assert_eq!(
        code(PrivateKey::import_local(&edit_json(
            &export,
            "extra",
            1.into()
        ))),
        ErrorCode::InvalidJson
    );
    assert_eq!(
        code(PrivateKey::import_local(&edit_json(
            &export,
            "id",
            "zz".into()
        ))),
        ErrorCode::InvalidEncoding
    );
}

#[test]
fn invalid_public_key_material() {
    let private = PrivateKey::generate().unwrap();
    let mut bytes = private.public_key().as_bytes().to_vec();
    // An ML-KEM coefficient of 4095 is not reduced modulo q = 3329: FIPS 203's key check.
    bytes[0] = 0xff;
    bytes[1] |= 0x0f;
    assert_eq!(code(PublicKey::from_bytes(&bytes)), ErrorCode::InvalidKey);

    let signer = SignKey::generate().unwrap();
    let mut bytes = signer.verify_key().as_bytes().to_vec();
    // The identity point is a weak (small-order) Ed25519 key.
    bytes[..32].copy_from_slice(&{
        let mut identity = [0u8; 32];
        identity[0] = 1;
        identity
    });
    assert_eq!(code(VerifyKey::from_bytes(&bytes)), ErrorCode::InvalidKey);
}

#[test]
fn password_params_out_of_range() {
    let good = PasswordParams::generate().unwrap();
    let cases = [
        PasswordParams {
            m_cost: 1024,
            ..good.clone()
        },
        PasswordParams {
            m_cost: 1024 * 1024,
            ..good.clone()
        },
        PasswordParams {
            t_cost: 1,
            ..good.clone()
        },
        PasswordParams {
            t_cost: 100,
            ..good.clone()
        },
        PasswordParams {
            p_cost: 0,
            ..good.clone()
        },
        PasswordParams {
            p_cost: 64,
            ..good.clone()
        },
    ];
    for params in cases {
        assert_eq!(
            code(derive_password_keys("pw", &params)),
            ErrorCode::PasswordParamsOutOfRange,
            "{params:?}"
        );
    }
    let bad_salt = PasswordParams {
        salt: base64_encode(&[1; 8]),
        ..good.clone()
    };
    assert_eq!(
        code(derive_password_keys("pw", &bad_salt)),
        ErrorCode::MalformedInput
    );
    let bad_version = PasswordParams { v: 9, ..good };
    assert_eq!(
        code(derive_password_keys("pw", &bad_version)),
        ErrorCode::UnsupportedVersion
    );
}

#[test]
fn garbage_never_panics() {
    let key = SymmetricKey::generate().unwrap();
    let private = PrivateKey::generate().unwrap();
    let mut state = 0x1234_5678_u32;
    for len in 0..300 {
        let garbage: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect();
        let mut item = garbage.clone();
        if let Some(first) = item.first_mut() {
            *first = 1;
        }
        assert!(key.decrypt(&item).is_err());
        assert!(private.decrypt(&item).is_err());
        assert!(Signature::from_bytes(&garbage).is_err());
        assert!(WrappedKey::from_bytes(garbage.clone()).is_err());
        assert!(PublicKey::from_bytes(&garbage).is_err());
        assert!(VerifyKey::from_bytes(&garbage).is_err());
    }
}
