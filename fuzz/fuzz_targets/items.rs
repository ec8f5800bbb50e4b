//! Bytes from outside: encrypted items (symmetric and public-key, signed or not), wrapped keys,
//! signatures, signed messages, public and verify key bytes, headers, file chunks.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use sentc_core::crypto::{
    FileDecryptor, Header, KeyId, PublicKey, Signature, SymmetricKey, VerifyKey, WrappedKey,
    verify_message,
};
use sentc_fuzz::{Keys, keys};

static KEYS: LazyLock<Keys> = LazyLock::new(keys);

fuzz_target!(|data: &[u8]| {
    let keys = &*KEYS;
    let _ = Header::parse(data);
    let _ = keys.symmetric.decrypt(data);
    let _ = keys.symmetric.decrypt_verified(data, &keys.verify);
    let _ = keys.private.decrypt(data);
    let _ = keys.private.decrypt_verified(data, &keys.verify);
    if let Ok(wrapped) = WrappedKey::from_bytes(data.to_vec()) {
        let _: Result<SymmetricKey, _> = keys.symmetric.unwrap_key(&wrapped);
        let _: Result<SymmetricKey, _> = keys.private.unwrap_key(&wrapped);
    }
    if let Ok(signature) = Signature::from_bytes(data) {
        let _ = keys.verify.verify(b"message", b"ctx", &signature);
    }
    let _ = verify_message(&keys.verify, data);
    let _ = PublicKey::from_bytes(data);
    let _ = VerifyKey::from_bytes(data);
    let mut chunks = FileDecryptor::new(keys.symmetric.clone(), KeyId::from_bytes([0; 16]));
    let _ = chunks.open_chunk(data.to_vec());
    let _ = chunks.finish();
});
