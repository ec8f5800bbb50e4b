//! One generation of group keys: a symmetric key and an encryption key pair.
//!
//! The symmetric key is wrapped for each member: a user's public key, or for child and connected
//! groups the public key of the parent or member group. Where the generation sits in the
//! group's key chain, and who made it, is its link ([`super::group_chain`]).

use std::fmt;
use std::sync::OnceLock;

use super::derived::DerivedKeys;
use super::group_chain::GroupLink;
use crate::crypto::{
    KeyId, PrivateKey, PublicKey, SearchKey, Signature, SortableKey, SymmetricKey, WrappedKey,
    base64_decode,
};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::group::GroupKeyData;

/// One generation of group keys, decrypted.
///
/// The private key of an opened generation is unwrapped on first use: expanding it costs a key
/// generation, and most generations are only ever used for their symmetric key (a member opens
/// every generation at each fetch and rotation).
#[derive(Clone)]
pub struct GroupKey {
    symmetric: SymmetricKey,
    public_key: PublicKey,
    private_key: OnceLock<PrivateKey>,
    /// The private key wrapped under `symmetric`, for an opened generation.
    wrapped_private_key: Option<WrappedKey>,
    derived: DerivedKeys,
}

impl GroupKey {
    /// A new random generation.
    pub fn generate() -> Result<Self> {
        let private_key = PrivateKey::generate()?;
        Ok(Self {
            symmetric: SymmetricKey::generate()?,
            public_key: private_key.public_key().clone(),
            private_key: OnceLock::from(private_key),
            wrapped_private_key: None,
            derived: DerivedKeys::default(),
        })
    }

    /// The generation's id (its symmetric key's id).
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

    /// The private key, unwrapped on first use; `5016 KeysInconsistent` if it does not belong to
    /// the generation's public key.
    pub fn private_key(&self) -> Result<&PrivateKey> {
        if let Some(key) = self.private_key.get() {
            return Ok(key);
        }
        let inconsistent = || Error::for_key(ErrorCode::KeysInconsistent, self.id());
        let wrapped = self.wrapped_private_key.as_ref().ok_or_else(inconsistent)?;
        let key: PrivateKey = self.symmetric.unwrap_key(wrapped)?;
        if key.public_key() != &self.public_key {
            return Err(inconsistent());
        }
        // Another clone may have set it meanwhile: the same key.
        Ok(self.private_key.get_or_init(|| key))
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The upload form with the symmetric key wrapped for `member` and the generation's `link`
    /// ([`super::sign_group_link`]).
    pub fn data_for(&self, member: &PublicKey, link: &GroupLink) -> Result<GroupKeyData> {
        Ok(GroupKeyData {
            key_id: self.id(),
            wrapped_key: member.wrap_key(&self.symmetric)?,
            public_key: self.public_key().clone(),
            private_key: self.symmetric.wrap_key(self.private_key()?)?,
            previous_key_id: link.previous_key_id,
            commitment: link.commitment.clone(),
            signed_by: link.signed_by.clone(),
            previous_key_proof: link.previous_key_proof.clone(),
        })
    }

    /// Opens a generation whose symmetric key the caller unwrapped (with a member private key,
    /// or an ephemeral key during a rotation). The private key is checked against the public key
    /// when first used ([`Self::private_key`]).
    pub fn open(data: &GroupKeyData, symmetric: SymmetricKey) -> Result<Self> {
        if symmetric.id() != data.key_id || data.private_key.wrapping_key_id() != data.key_id {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, data.key_id));
        }
        Ok(Self {
            symmetric,
            public_key: data.public_key.clone(),
            private_key: OnceLock::new(),
            wrapped_private_key: Some(data.private_key.clone()),
            derived: DerivedKeys::default(),
        })
    }
}

/// Checks uploaded group key data without decrypting: the wrapped keys name the generation and
/// the member's public key, the private key is wrapped under the generation's symmetric key,
/// and the link's parts are well-formed.
pub fn check_group_key_ids(data: &GroupKeyData, member: KeyId) -> Result<()> {
    let inconsistent =
        |what: &'static str| Err(Error::with_detail(ErrorCode::KeysInconsistent, what));
    if data.wrapped_key.key_id() != data.key_id {
        return inconsistent("wrapped key is another key");
    }
    if data.wrapped_key.wrapping_key_id() != member {
        return inconsistent("wrapped key is for another member");
    }
    if data.private_key.key_id() != data.public_key.id()
        || data.private_key.wrapping_key_id() != data.key_id
    {
        return inconsistent("the private key is not wrapped under the generation's key");
    }
    if base64_decode(&data.commitment, 32)?.len() != 32 {
        return inconsistent("commitment");
    }
    if let Some(proof) = &data.previous_key_proof
        && base64_decode(proof, 32)?.len() != 32
    {
        return inconsistent("previous key proof");
    }
    if let Some(signer) = &data.signed_by {
        Signature::from_bytes(&base64_decode(&signer.signature, 8192)?)?;
        if signer.user_id.is_empty() || signer.user_id.len() > 64 {
            return inconsistent("signer");
        }
    }
    Ok(())
}

impl fmt::Debug for GroupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GroupKey")
            .field("id", &self.id())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SignKey;
    use crate::keys::sign_group_link;

    #[test]
    fn a_generation_opens_only_with_its_own_keys() {
        let member = PrivateKey::generate().unwrap();
        let signer = SignKey::generate().unwrap();
        let key = GroupKey::generate().unwrap();
        let link = sign_group_link("g", &key, None, Some(("alice", &signer))).unwrap();
        let data = key.data_for(member.public_key(), &link).unwrap();
        check_group_key_ids(&data, member.id()).unwrap();
        let symmetric: SymmetricKey = member.unwrap_key(&data.wrapped_key).unwrap();
        assert_eq!(GroupKey::open(&data, symmetric).unwrap().id(), key.id());

        // Another symmetric key under the same id: the commitment does not match (members check
        // it, `check_member_link`), and the private key does not open.
        let other = SymmetricKey::from_external_bytes(key.id(), &[9u8; 32]).unwrap();
        let opened = GroupKey::open(&data, other).unwrap();
        assert_eq!(
            crate::keys::check_member_link("g", &data, &opened, None)
                .unwrap_err()
                .code(),
            ErrorCode::KeyChainInvalid
        );
        assert!(opened.private_key().is_err());

        // A private key of another pair, wrapped under the right key: refused on first use.
        let mut swapped = data.clone();
        swapped.private_key = key
            .symmetric()
            .wrap_key(&PrivateKey::generate().unwrap())
            .unwrap();
        let symmetric: SymmetricKey = member.unwrap_key(&data.wrapped_key).unwrap();
        let opened = GroupKey::open(&swapped, symmetric).unwrap();
        assert_eq!(
            opened.private_key().unwrap_err().code(),
            ErrorCode::KeysInconsistent
        );
        let mut bad = data.clone();
        bad.commitment = "AAAA".into();
        assert_eq!(
            check_group_key_ids(&bad, member.id()).unwrap_err().code(),
            ErrorCode::KeysInconsistent
        );
    }
}
