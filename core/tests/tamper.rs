//! Flipping any single byte of an item — header, nonce, KEM ciphertext, ciphertext, tag, or
//! either signature part — gives a typed error with the code expected for that region.

mod common;

use common::code;
use sentc_core::ErrorCode;
use sentc_core::crypto::{
    Header, PrivateKey, SignKey, Signature, SymmetricKey, VerifyKey, WrappedKey,
};

/// Codes a flipped header byte may give: the header fails to parse, names another key or
/// algorithm, or no longer authenticates.
const HEADER_CODES: &[ErrorCode] = &[
    ErrorCode::UnsupportedVersion,
    ErrorCode::UnknownAlgorithm,
    ErrorCode::MalformedInput,
    ErrorCode::KeyTypeMismatch,
    ErrorCode::WrongKey,
    ErrorCode::InputTruncated,
    ErrorCode::UnexpectedContent,
    ErrorCode::SignatureMissing,
    ErrorCode::DecryptionFailed,
    ErrorCode::SignatureInvalid,
];

const ED25519_LEN: usize = 64;
const ML_DSA_LEN: usize = 3309;

/// Flips every byte of `item` and checks the error of `open` against the region's codes:
/// the header, then `regions` in order (name, length, allowed codes), up to the end.
fn flip_each_byte(
    item: &[u8],
    regions: &[(&str, usize, &[ErrorCode])],
    open: impl Fn(&[u8]) -> sentc_core::Result<Vec<u8>>,
) {
    let header_len = Header::parse(item).unwrap().to_bytes().len();
    let mut bounds = vec![("header", header_len, HEADER_CODES)];
    let mut end = header_len;
    for (name, len, codes) in regions {
        end += len;
        bounds.push((name, end, codes));
    }
    assert_eq!(end, item.len(), "regions must cover the item");
    let mut tampered = item.to_vec();
    for position in 0..item.len() {
        let (name, _, allowed) = bounds.iter().find(|(_, end, _)| position < *end).unwrap();
        for flip in [0x01u8, 0x80] {
            tampered[position] ^= flip;
            let got = code(open(&tampered));
            assert!(
                allowed.contains(&got),
                "byte {position} ({name}) gave {got:?}, expected one of {allowed:?}"
            );
            tampered[position] ^= flip;
        }
    }
    open(item).unwrap();
}

const AEAD_FAIL: &[ErrorCode] = &[ErrorCode::DecryptionFailed];
const SIG_FAIL: &[ErrorCode] = &[ErrorCode::SignatureInvalid];

#[test]
fn symmetric_item() {
    let key = SymmetricKey::generate().unwrap();
    let item = key.encrypt(b"attack at dawn").unwrap();
    let regions: &[(&str, usize, &[ErrorCode])] = &[
        ("nonce", 24, AEAD_FAIL),
        ("ciphertext", 14, AEAD_FAIL),
        ("tag", 16, AEAD_FAIL),
    ];
    flip_each_byte(&item, regions, |item| key.decrypt(item));
}

#[test]
fn symmetric_signed_item() {
    let key = SymmetricKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();
    let item = key.encrypt_signed(b"attack at dawn", &signer).unwrap();
    // The signature is checked first, so body flips are signature failures.
    let regions: &[(&str, usize, &[ErrorCode])] = &[
        ("nonce", 24, SIG_FAIL),
        ("ciphertext", 14, SIG_FAIL),
        ("tag", 16, SIG_FAIL),
        ("ed25519 signature", ED25519_LEN, SIG_FAIL),
        ("ml-dsa signature", ML_DSA_LEN, SIG_FAIL),
    ];
    flip_each_byte(&item, regions, |item| {
        key.decrypt_verified(item, signer.verify_key())
    });
}

#[test]
fn public_key_item() {
    let private = PrivateKey::generate().unwrap();
    let item = private.public_key().encrypt(b"attack at dawn").unwrap();
    // ML-KEM rejects implicitly (a random shared secret), so KEM flips fail in the AEAD; a flip
    // in the X25519 share may also produce a non-contributory point.
    let kem: &[ErrorCode] = &[ErrorCode::DecryptionFailed, ErrorCode::DecapsulationFailed];
    let regions: &[(&str, usize, &[ErrorCode])] = &[
        ("kem ciphertext", 1120, kem),
        ("ciphertext", 14, AEAD_FAIL),
        ("tag", 16, AEAD_FAIL),
    ];
    flip_each_byte(&item, regions, |item| private.decrypt(item));
}

#[test]
fn public_key_signed_item() {
    let private = PrivateKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();
    let item = private
        .public_key()
        .encrypt_signed(b"attack", &signer)
        .unwrap();
    let regions: &[(&str, usize, &[ErrorCode])] = &[
        ("kem ciphertext", 1120, SIG_FAIL),
        ("ciphertext", 6, SIG_FAIL),
        ("tag", 16, SIG_FAIL),
        ("ed25519 signature", ED25519_LEN, SIG_FAIL),
        ("ml-dsa signature", ML_DSA_LEN, SIG_FAIL),
    ];
    flip_each_byte(&item, regions, |item| {
        private.decrypt_verified(item, signer.verify_key())
    });
}

#[test]
fn wrapped_key() {
    let outer = SymmetricKey::generate().unwrap();
    let inner = SymmetricKey::generate().unwrap();
    let wrapped = outer.wrap_key(&inner).unwrap();
    let regions: &[(&str, usize, &[ErrorCode])] = &[
        ("nonce", 24, AEAD_FAIL),
        ("ciphertext", 32, AEAD_FAIL),
        ("tag", 16, AEAD_FAIL),
    ];
    flip_each_byte(wrapped.as_bytes(), regions, |bytes| {
        let wrapped = WrappedKey::from_bytes(bytes.to_vec())?;
        outer
            .unwrap_key::<SymmetricKey>(&wrapped)
            .map(|key| key.id().as_bytes().to_vec())
    });
}

#[test]
fn detached_signature() {
    let key = SignKey::generate().unwrap();
    let signature = key.sign(b"message", b"ctx").unwrap().to_bytes();
    let verify = |bytes: &[u8]| {
        let signature = Signature::from_bytes(bytes)?;
        key.verify_key().verify(b"message", b"ctx", &signature)
    };
    verify(&signature).unwrap();
    let mut tampered = signature.clone();
    for position in 0..signature.len() {
        tampered[position] ^= 0x01;
        let expected: &[ErrorCode] = match position {
            0 => &[ErrorCode::UnsupportedVersion],
            1 => &[ErrorCode::UnknownAlgorithm, ErrorCode::KeyTypeMismatch],
            2..18 => &[ErrorCode::WrongKey],
            _ => &[ErrorCode::SignatureInvalid],
        };
        let got = code(verify(&tampered));
        assert!(expected.contains(&got), "byte {position}: {got:?}");
        tampered[position] ^= 0x01;
    }
}

#[test]
fn both_signature_parts_must_verify() {
    let key = SignKey::generate().unwrap();
    let good = key.sign(b"message", b"ctx").unwrap().to_bytes();
    let other = key.sign(b"another message", b"ctx").unwrap().to_bytes();
    let prefix = 18;
    // Valid Ed25519 part with an ML-DSA part over another message, and the reverse.
    let mut mixed = good.clone();
    mixed[prefix + ED25519_LEN..].copy_from_slice(&other[prefix + ED25519_LEN..]);
    let mixed_sig = Signature::from_bytes(&mixed).unwrap();
    assert_eq!(
        code(key.verify_key().verify(b"message", b"ctx", &mixed_sig)),
        ErrorCode::SignatureInvalid
    );
    let mut mixed = good.clone();
    mixed[prefix..prefix + ED25519_LEN].copy_from_slice(&other[prefix..prefix + ED25519_LEN]);
    let mixed_sig = Signature::from_bytes(&mixed).unwrap();
    assert_eq!(
        code(key.verify_key().verify(b"message", b"ctx", &mixed_sig)),
        ErrorCode::SignatureInvalid
    );
}

#[test]
fn signature_is_bound_to_context_and_message() {
    let key = SignKey::generate().unwrap();
    let verify: &VerifyKey = key.verify_key();
    let signature = key.sign(b"message", b"ctx").unwrap();
    assert_eq!(
        code(verify.verify(b"message", b"ctx2", &signature)),
        ErrorCode::SignatureInvalid
    );
    assert_eq!(
        code(verify.verify(b"messagf", b"ctx", &signature)),
        ErrorCode::SignatureInvalid
    );
    assert_eq!(
        code(verify.verify(b"message", b"", &signature)),
        ErrorCode::SignatureInvalid
    );
}

/// `item` with its header changed by `change` (the rest as it was).
fn relabel(item: &[u8], change: impl FnOnce(&mut Header)) -> Vec<u8> {
    let mut header = Header::parse(item).unwrap();
    let len = header.to_bytes().len();
    change(&mut header);
    let mut out = header.to_bytes();
    out.extend_from_slice(&item[len..]);
    out
}

/// The header is the AEAD's associated data, not just parsed: an item relabelled to another
/// valid key id, opened with a key of the same bytes under that id, and a wrapped key relabelled
/// to another inner key id, both fail authentication (`DecryptionFailed`). Without the header
/// in the associated data both would decrypt.
#[test]
fn relabelled_headers_fail_authentication() {
    use sentc_core::crypto::{Content, KeyId};
    let bytes = [7u8; 32];
    let a = SymmetricKey::from_external_bytes(KeyId::from_bytes([1; 16]), &bytes).unwrap();
    let b = SymmetricKey::from_external_bytes(KeyId::from_bytes([2; 16]), &bytes).unwrap();
    let item = a.encrypt(b"data").unwrap();
    let relabelled = relabel(&item, |header| header.key_id = b.id());
    assert_eq!(code(b.decrypt(&relabelled)), ErrorCode::DecryptionFailed);
    assert_eq!(a.decrypt(&item).unwrap(), b"data");

    let inner = SymmetricKey::generate().unwrap();
    let wrapped = a.wrap_key(&inner).unwrap();
    let relabelled = relabel(wrapped.as_bytes(), |header| {
        if let Content::Key { key_id, .. } = &mut header.content {
            *key_id = KeyId::from_bytes([3; 16]);
        }
    });
    let relabelled = WrappedKey::from_bytes(relabelled).unwrap();
    assert_eq!(
        code(a.unwrap_key::<SymmetricKey>(&relabelled)),
        ErrorCode::DecryptionFailed
    );
    assert_eq!(
        a.unwrap_key::<SymmetricKey>(&wrapped).unwrap().id(),
        inner.id()
    );
}

/// An item bound to a caller's context opens only with that context: another context fails
/// authentication (3001) or the signature (3002), a missing or unexpected one is 3007.
#[test]
fn contexts_bind_items_to_their_place() {
    use sentc_core::crypto::MAX_ITEM_CONTEXT_LEN;
    let key = SymmetricKey::generate().unwrap();
    let private = PrivateKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();
    let verify = signer.verify_key();
    let context = b"invoice 17 / amount";
    let other = b"invoice 18 / amount";

    let item = key.encrypt_with_context(b"42", context, None).unwrap();
    assert_eq!(
        key.decrypt_with_context(&item, context, None).unwrap(),
        b"42"
    );
    assert_eq!(
        code(key.decrypt_with_context(&item, other, None)),
        ErrorCode::DecryptionFailed
    );
    assert_eq!(code(key.decrypt(&item)), ErrorCode::ContextMismatch);
    let plain = key.encrypt(b"42").unwrap();
    assert_eq!(
        code(key.decrypt_with_context(&plain, context, None)),
        ErrorCode::ContextMismatch
    );
    // An empty context is a context too.
    let empty = key.encrypt_with_context(b"42", b"", None).unwrap();
    assert_eq!(code(key.decrypt(&empty)), ErrorCode::ContextMismatch);
    assert_eq!(key.decrypt_with_context(&empty, b"", None).unwrap(), b"42");

    // Signed: the signature covers the context, checked before decrypting.
    let signed = key
        .encrypt_with_context(b"42", context, Some(&signer))
        .unwrap();
    assert_eq!(
        key.decrypt_with_context(&signed, context, Some(verify))
            .unwrap(),
        b"42"
    );
    assert_eq!(
        code(key.decrypt_with_context(&signed, other, Some(verify))),
        ErrorCode::SignatureInvalid
    );

    // Public-key items alike.
    let sealed = private
        .public_key()
        .encrypt_with_context(b"42", context, Some(&signer))
        .unwrap();
    assert_eq!(
        private
            .decrypt_with_context(&sealed, context, Some(verify))
            .unwrap(),
        b"42"
    );
    assert_eq!(
        code(private.decrypt_with_context(&sealed, other, None)),
        ErrorCode::DecryptionFailed
    );
    assert_eq!(code(private.decrypt(&sealed)), ErrorCode::ContextMismatch);

    // Contexts are bounded.
    let huge = vec![0u8; MAX_ITEM_CONTEXT_LEN + 1];
    assert_eq!(
        code(key.encrypt_with_context(b"42", &huge, None)),
        ErrorCode::InputTooLarge
    );
}
