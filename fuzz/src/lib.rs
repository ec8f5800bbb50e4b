//! Fixed keys for the fuzz targets, read from the known-answer vectors, so that a crashing
//! input reproduces (random keys would make every run a different program).

use sentc_core::crypto::{PrivateKey, SecretKey, SymmetricKey, VerifyKey};

const KEYS: &str = include_str!("../../tests/vectors/keys.json");

/// The vectors' keys.
pub struct Keys {
    /// The symmetric key of the vectors.
    pub symmetric: SymmetricKey,
    /// The X-Wing private key of the vectors.
    pub private: PrivateKey,
    /// The verify key of the vectors' sign key.
    pub verify: VerifyKey,
}

/// Loads the keys; panics if the vectors file is broken (the fuzz targets cannot run then).
pub fn keys() -> Keys {
    let json: serde_json::Value = serde_json::from_str(KEYS).expect("keys.json");
    let text = |name: &str| json[name].as_str().expect(name).to_owned();
    Keys {
        symmetric: SymmetricKey::import_local(&text("symmetric_key")).expect("symmetric key"),
        private: PrivateKey::import_local(&text("private_key")).expect("private key"),
        verify: VerifyKey::from_json(&text("verify_key")).expect("verify key"),
    }
}
