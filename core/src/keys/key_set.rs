//! One generation of user keys: a symmetric key, an encryption key pair and a sign key pair.
//!
//! The symmetric key is wrapped for each member (each device of a user); the private and sign
//! keys are wrapped under the symmetric key, so one wrap per member unlocks the whole set. The
//! public key is signed by the sign key, so a reader can check that both belong together.

use std::fmt;

use super::derived::DerivedKeys;
use super::public_halves::public_halves_match;
use crate::crypto::{
    KeyId, PrivateKey, PublicKey, SearchKey, SignKey, Signature, SortableKey, SymmetricKey,
    VerifyKey, WrappedKey, base64_decode, base64_encode,
};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::user::KeySetData;

/// The signature context of a public key signed by its key set's sign key.
pub const PUBLIC_KEY_SIGNATURE_CONTEXT: &[u8] = b"sentc-public-key-v1";

/// One generation of keys, decrypted.
#[derive(Clone)]
pub struct KeySet {
    symmetric: SymmetricKey,
    private_key: PrivateKey,
    sign_key: SignKey,
    derived: DerivedKeys,
}

impl KeySet {
    /// A new random generation.
    pub fn generate() -> Result<Self> {
        Ok(Self {
            symmetric: SymmetricKey::generate()?,
            private_key: PrivateKey::generate()?,
            sign_key: SignKey::generate()?,
            derived: DerivedKeys::default(),
        })
    }

    /// Restores a generation from its parts (e.g. from the client's store), checking that the
    /// key pairs are well-formed parts of one set is the caller's job.
    pub fn from_parts(
        symmetric: SymmetricKey,
        private_key: PrivateKey,
        sign_key: SignKey,
    ) -> Result<Self> {
        Ok(Self {
            symmetric,
            private_key,
            sign_key,
            derived: DerivedKeys::default(),
        })
    }

    /// The generation's id (the id of its symmetric key).
    pub fn id(&self) -> KeyId {
        self.symmetric.id()
    }

    /// The symmetric key.
    pub fn symmetric(&self) -> &SymmetricKey {
        &self.symmetric
    }

    /// The generation's search key (derived from the symmetric key on first use).
    pub fn search_key(&self) -> &SearchKey {
        self.derived.search(&self.symmetric)
    }

    /// The generation's sortable key (derived from the symmetric key on first use).
    pub fn sortable_key(&self) -> &SortableKey {
        self.derived.sortable(&self.symmetric)
    }

    /// The private key.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private_key
    }

    /// The sign key.
    pub fn sign_key(&self) -> &SignKey {
        &self.sign_key
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        self.private_key.public_key()
    }

    /// The verify key.
    pub fn verify_key(&self) -> &VerifyKey {
        self.sign_key.verify_key()
    }

    /// The symmetric key wrapped for a member.
    pub fn wrap_for(&self, member: &PublicKey) -> Result<WrappedKey> {
        member.wrap_key(&self.symmetric)
    }

    /// The upload form of user `user_id`'s generation that follows `previous` (`None` for the
    /// first), with the symmetric key wrapped for `member` and the chain link signed by
    /// `previous` (or by this generation itself for the first; see [`super::user_chain`]).
    pub fn data_for(
        &self,
        member: &PublicKey,
        user_id: &str,
        previous: Option<&KeySet>,
    ) -> Result<KeySetData> {
        let signature = self
            .sign_key
            .sign(self.public_key().as_bytes(), PUBLIC_KEY_SIGNATURE_CONTEXT)?;
        Ok(KeySetData {
            key_id: self.id(),
            wrapped_key: self.wrap_for(member)?,
            public_key: self.public_key().clone(),
            verify_key: self.verify_key().clone(),
            private_key: self.symmetric.wrap_key(&self.private_key)?,
            sign_key: self.symmetric.wrap_key(&self.sign_key)?,
            public_key_signature: base64_encode(&signature.to_bytes()),
            previous_key_id: previous.map(KeySet::id),
            link_signature: super::user_chain::sign_user_link(user_id, self, previous)?,
        })
    }

    /// Opens a downloaded generation with the member's private key. The public-key signature
    /// is not checked: decrypting the private keys and comparing their public halves with the
    /// data is the stronger check for one's own keys.
    pub fn open(data: &KeySetData, member: &PrivateKey) -> Result<Self> {
        check_key_set_ids(data, member.id())?;
        let symmetric: SymmetricKey = member.unwrap_key(&data.wrapped_key)?;
        Self::open_with_symmetric(data, symmetric)
    }

    /// Opens a generation whose symmetric key arrived another way (e.g. a key rotation).
    /// The public halves are checked as at login ([`public_halves_match`]).
    pub fn open_with_symmetric(data: &KeySetData, symmetric: SymmetricKey) -> Result<Self> {
        if symmetric.id() != data.key_id {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, data.key_id));
        }
        let private_key: PrivateKey = symmetric.unwrap_key(&data.private_key)?;
        let sign_key: SignKey = symmetric.unwrap_key(&data.sign_key)?;
        if !public_halves_match(&private_key, &sign_key, &data.public_key, &data.verify_key) {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, data.key_id));
        }
        Ok(Self {
            symmetric,
            private_key,
            sign_key,
            derived: DerivedKeys::default(),
        })
    }
}

/// Checks that uploaded key set data fits together without decrypting: every wrapped key names
/// the right key and wrapping key ([`check_key_set_ids`]), and the public key signature
/// verifies. `member` is the id of the public key the symmetric key must be wrapped to.
pub fn check_key_set_data(data: &KeySetData, member: KeyId) -> Result<()> {
    check_key_set_ids(data, member)?;
    let signature = Signature::from_bytes(&base64_decode(&data.public_key_signature, 8192)?)?;
    data.verify_key
        .verify(
            data.public_key.as_bytes(),
            PUBLIC_KEY_SIGNATURE_CONTEXT,
            &signature,
        )
        .map_err(|_| Error::with_detail(ErrorCode::KeysInconsistent, "public key signature"))
}

/// Checks that every wrapped key of key set data names the right key and wrapping key.
pub fn check_key_set_ids(data: &KeySetData, member: KeyId) -> Result<()> {
    let inconsistent =
        |what: &'static str| Err(Error::with_detail(ErrorCode::KeysInconsistent, what));
    if data.wrapped_key.key_id() != data.key_id {
        return inconsistent("wrapped key is another key");
    }
    if data.wrapped_key.wrapping_key_id() != member {
        return inconsistent("wrapped key is for another member");
    }
    let private_ok = data.private_key.key_id() == data.public_key.id()
        && data.private_key.wrapping_key_id() == data.key_id;
    let sign_ok = data.sign_key.key_id() == data.verify_key.id()
        && data.sign_key.wrapping_key_id() == data.key_id;
    if !private_ok || !sign_ok {
        return inconsistent("key pairs are not wrapped under the set's symmetric key");
    }
    Ok(())
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySet")
            .field("id", &self.id())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_round_trip_and_checks() {
        let member = PrivateKey::generate().unwrap();
        let set = KeySet::generate().unwrap();
        let data = set.data_for(member.public_key(), "u", None).unwrap();
        check_key_set_data(&data, member.id()).unwrap();
        let opened = KeySet::open(&data, &member).unwrap();
        assert_eq!(opened.id(), set.id());
        assert_eq!(opened.public_key(), set.public_key());

        let stranger = PrivateKey::generate().unwrap();
        assert_eq!(
            check_key_set_data(&data, stranger.id()).unwrap_err().code(),
            ErrorCode::KeysInconsistent
        );
        // A public key swapped for another one is caught by the signature.
        let mut swapped = data.clone();
        swapped.public_key = stranger.public_key().clone();
        assert_eq!(
            check_key_set_data(&swapped, member.id())
                .unwrap_err()
                .code(),
            ErrorCode::KeysInconsistent
        );
    }
}
