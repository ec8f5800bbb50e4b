//! Property tests over random inputs: round trips hold, any single-byte change is rejected,
//! and arbitrary bytes never panic a parser.

use proptest::prelude::*;
use sentc_core::crypto::{
    PrivateKey, PublicKey, SecretKey, SignKey, Signature, SymmetricKey, VerifyKey, WrappedKey,
};
use std::sync::LazyLock;

static SYMMETRIC: LazyLock<SymmetricKey> = LazyLock::new(|| SymmetricKey::generate().unwrap());
static PRIVATE: LazyLock<PrivateKey> = LazyLock::new(|| PrivateKey::generate().unwrap());
static SIGNER: LazyLock<SignKey> = LazyLock::new(|| SignKey::generate().unwrap());

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn symmetric_round_trip(plaintext in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let item = SYMMETRIC.encrypt(&plaintext).unwrap();
        prop_assert_eq!(SYMMETRIC.decrypt(&item).unwrap(), plaintext);
    }

    #[test]
    fn symmetric_rejects_any_flip(
        plaintext in proptest::collection::vec(any::<u8>(), 0..256),
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let mut item = SYMMETRIC.encrypt(&plaintext).unwrap();
        let position = position.index(item.len());
        item[position] ^= flip;
        prop_assert!(SYMMETRIC.decrypt(&item).is_err());
    }

    #[test]
    fn public_key_round_trip(plaintext in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let item = PRIVATE.public_key().encrypt(&plaintext).unwrap();
        prop_assert_eq!(PRIVATE.decrypt(&item).unwrap(), plaintext);
    }

    #[test]
    fn sign_verify(
        message in proptest::collection::vec(any::<u8>(), 0..2048),
        context in proptest::collection::vec(any::<u8>(), 0..=255),
    ) {
        let signature = SIGNER.sign(&message, &context).unwrap();
        let parsed = Signature::from_bytes(&signature.to_bytes()).unwrap();
        prop_assert!(SIGNER.verify_key().verify(&message, &context, &parsed).is_ok());
    }

    #[test]
    fn signed_encryption_round_trip(plaintext in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let item = SYMMETRIC.encrypt_signed(&plaintext, &SIGNER).unwrap();
        prop_assert_eq!(SYMMETRIC.decrypt_verified(&item, SIGNER.verify_key()).unwrap(), plaintext);
    }

    #[test]
    fn signature_rejects_other_messages(
        message in proptest::collection::vec(any::<u8>(), 1..512),
        position in any::<prop::sample::Index>(),
    ) {
        let signature = SIGNER.sign(&message, b"ctx").unwrap();
        let mut other = message.clone();
        let position = position.index(other.len());
        other[position] ^= 1;
        prop_assert!(SIGNER.verify_key().verify(&other, b"ctx", &signature).is_err());
    }

    #[test]
    fn parsers_never_panic(garbage in proptest::collection::vec(any::<u8>(), 0..4096), text in ".{0,300}") {
        let _ = SYMMETRIC.decrypt(&garbage);
        let _ = PRIVATE.decrypt(&garbage);
        let _ = Signature::from_bytes(&garbage);
        let _ = WrappedKey::from_bytes(garbage.clone());
        let _ = PublicKey::from_bytes(&garbage);
        let _ = VerifyKey::from_bytes(&garbage);
        let _ = SYMMETRIC.decrypt_string(&text);
        let _ = SymmetricKey::import_local(&text);
        let _ = PublicKey::from_json(&text);
        let _ = WrappedKey::from_base64(&text);
    }
}
