//! One generation of group keys: a symmetric key and an encryption key pair.
//!
//! The symmetric key is wrapped for each member: a user's public key, or for child and connected
//! groups the public key of the parent or member group. Where the generation sits in the
//! group's key chain, and who made it, is its link ([`super::group_chain`]).

use std::fmt;

use super::group_chain::GroupLink;
use crate::crypto::{KeyId, PrivateKey, PublicKey, Signature, SymmetricKey, base64_decode};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::group::GroupKeyData;

/// One generation of group keys, decrypted.
#[derive(Clone)]
pub struct GroupKey {
    symmetric: SymmetricKey,
    private_key: PrivateKey,
}

impl GroupKey {
    /// A new random generation.
    pub fn generate() -> Result<Self> {
        Ok(Self {
            symmetric: SymmetricKey::generate()?,
            private_key: PrivateKey::generate()?,
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

    /// The private key.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private_key
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        self.private_key.public_key()
    }

    /// The upload form with the symmetric key wrapped for `member` and the generation's `link`
    /// ([`super::sign_group_link`]).
    pub fn data_for(&self, member: &PublicKey, link: &GroupLink) -> Result<GroupKeyData> {
        Ok(GroupKeyData {
            key_id: self.id(),
            wrapped_key: member.wrap_key(&self.symmetric)?,
            public_key: self.public_key().clone(),
            private_key: self.symmetric.wrap_key(&self.private_key)?,
            previous_key_id: link.previous_key_id,
            commitment: link.commitment.clone(),
            signed_by: link.signed_by.clone(),
            previous_key_proof: link.previous_key_proof.clone(),
        })
    }

    /// Opens a generation whose symmetric key the caller unwrapped (with a member private key,
    /// or an ephemeral key during a rotation), checking the key pair belongs to the data.
    pub fn open(data: &GroupKeyData, symmetric: SymmetricKey) -> Result<Self> {
        if symmetric.id() != data.key_id {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, data.key_id));
        }
        let private_key: PrivateKey = symmetric.unwrap_key(&data.private_key)?;
        if private_key.public_key() != &data.public_key {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, data.key_id));
        }
        Ok(Self {
            symmetric,
            private_key,
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

        // Another symmetric key under the same id: the private key does not open.
        let other = SymmetricKey::from_external_bytes(key.id(), &[9u8; 32]).unwrap();
        assert!(GroupKey::open(&data, other).is_err());
        let mut bad = data.clone();
        bad.commitment = "AAAA".into();
        assert_eq!(
            check_group_key_ids(&bad, member.id()).unwrap_err().code(),
            ErrorCode::KeysInconsistent
        );
    }
}
