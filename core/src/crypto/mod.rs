//! The crypto suite of sentc (docs/design.md §2 and docs/crypto.md).
//!
//! | purpose | type | algorithm |
//! |---|---|---|
//! | symmetric encryption, key wrapping | [`SymmetricKey`] | XChaCha20-Poly1305 |
//! | public-key encryption | [`PublicKey`] / [`PrivateKey`] | X-Wing (X25519 + ML-KEM-768) → HKDF-SHA-256 → XChaCha20-Poly1305 |
//! | signatures | [`SignKey`] / [`VerifyKey`] | Ed25519 + ML-DSA-65, both must verify |
//! | signed messages | [`sign_message`] / [`verify_message`] | the signature above, attached |
//! | password derivation | [`derive_password_keys`] | Argon2id → HKDF-SHA-256 |
//! | searchable hashes | [`SearchKey`] | HMAC-SHA-256 under an HKDF-derived key |
//! | sortable numbers | [`SortableKey`] | order-preserving encryption (BCLO09), 48 → 53 bits |
//! | file chunks | [`FileEncryptor`] / [`FileDecryptor`] | XChaCha20-Poly1305, each chunk bound to file, index and end |
//!
//! Every encrypted item starts with an authenticated [`Header`]; every key has a [`KeyId`] and
//! an [`Algorithm`].

mod aead;
mod algorithm;
mod encoding;
mod envelope;
mod file_chunk;
mod header;
mod hypergeometric;
mod key_id;
mod password;
mod public_key;
mod public_key_export;
pub(crate) mod random;
mod searchable;
mod secret_key;
mod signature;
mod signed_message;
mod sortable;
mod symmetric;
#[cfg(feature = "unicode")]
mod unicode;
mod wrapped_key;
mod xwing;

#[cfg(test)]
mod vectors;

pub use algorithm::{Algorithm, KeyKind};
pub use encoding::{base64_decode, base64_encode, hex_decode_array, hex_encode};
pub(crate) use encoding::{json_from_str, json_to_string};
pub use envelope::{MAX_ITEM_CONTEXT_LEN, MAX_PLAINTEXT_LEN};
pub use file_chunk::{
    CHUNK_OVERHEAD, DEFAULT_CHUNK_SIZE, FILE_CHUNK_VERSION, FileDecryptor, FileEncryptor,
    MAX_CHUNK_SIZE,
};
pub use header::{Content, FORMAT_VERSION, Header, Signer};
pub use key_id::KeyId;
pub use password::{
    AuthKey, DEFAULT_M_COST, DEFAULT_P_COST, DEFAULT_T_COST, HashedAuthKey, MAX_PASSWORD_LEN,
    PasswordAlgorithm, PasswordKeys, PasswordParams, SALT_LEN, derive_password_keys,
};
pub use public_key::{PrivateKey, PublicKey};
pub use searchable::{MAX_SEARCH_PREFIXES, MAX_SEARCH_VALUE_LEN, SEARCH_ALGORITHM, SearchKey};
pub use secret_key::SecretKey;
pub use signature::{
    MAX_CONTEXT_LEN, SIGNATURE_LEN, SignKey, Signature, VERIFY_KEY_LEN, VerifyKey,
};
pub use signed_message::{
    SIGNED_MESSAGE_CONTEXT, sign_message, signed_message_signer, verify_message,
};
pub use sortable::{
    MAX_SORTABLE_NUMBER, MAX_SORTABLE_STRING_LEN, SORTABLE_ALGORITHM, SORTABLE_DOMAIN_BITS,
    SORTABLE_RANGE_BITS, SORTABLE_STRING_BYTES, SortableKey,
};
pub use symmetric::SymmetricKey;
#[cfg(feature = "unicode")]
pub use unicode::{UnicodeForm, normalize_unicode};
pub use wrapped_key::WrappedKey;
