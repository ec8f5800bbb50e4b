//! Checking that the public keys a server sent belong to the private keys a client decrypted.

use crate::crypto::{PrivateKey, PublicKey, SignKey, VerifyKey};

/// Whether `public_key` and `verify_key`, as a server sent them, are the public halves of
/// `private_key` and `sign_key`. The verify key is compared by id: a sign key's id is
/// authenticated with its seed by the key that wrapped it, and a verify key's id is a hash of its
/// bytes, so a swapped verify key cannot match, and the sign key's seed need not be expanded
/// (ML-DSA key generation) until the key signs.
pub(crate) fn public_halves_match(
    private_key: &PrivateKey,
    sign_key: &SignKey,
    public_key: &PublicKey,
    verify_key: &VerifyKey,
) -> bool {
    private_key.public_key() == public_key && sign_key.id() == verify_key.id()
}
