//! Text from outside that becomes keys: local exports (the client's own storage), public and
//! verify key JSON, base64 wrapped keys and items.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use sentc_core::crypto::{
    PrivateKey, PublicKey, SecretKey, SignKey, SymmetricKey, VerifyKey, WrappedKey,
};
use sentc_fuzz::{Keys, keys};

static KEYS: LazyLock<Keys> = LazyLock::new(keys);

fuzz_target!(|text: &str| {
    let _ = SymmetricKey::import_local(text);
    let _ = PrivateKey::import_local(text);
    if let Ok(key) = SignKey::import_local(text) {
        // A stored sign key is expanded (and its id checked) when it first signs.
        let _ = key.sign(b"message", b"ctx");
    }
    let _ = PublicKey::from_json(text);
    let _ = VerifyKey::from_json(text);
    let _ = WrappedKey::from_base64(text);
    let _ = KEYS.symmetric.decrypt_string(text);
});
