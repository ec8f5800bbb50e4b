//! One generation of group keys: a symmetric key and an encryption key pair.
//!
//! The symmetric key is wrapped for each member: a user's public key, or for child and connected
//! groups the public key of the parent or member group. A generation may be signed by a user:
//! the signature covers the generation's id, its public key and a commitment to the symmetric
//! key ([`SymmetricKey::commitment`]), so a member who decrypts the key can check it is the one
//! the signer made, not one the server substituted.

use std::fmt;

use crate::crypto::{
    KeyId, PrivateKey, PublicKey, SignKey, Signature, SymmetricKey, VerifyKey, base64_decode,
    base64_encode,
};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::group::{GroupKeyData, KeySigner};

/// The signature context of group key generations.
pub const GROUP_KEY_SIGNATURE_CONTEXT: &[u8] = b"sentc-group-key-v1";

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

    /// The upload form with the symmetric key wrapped for `member`, signed by `signer` (a user id
    /// and that user's sign key) if given.
    pub fn data_for(
        &self,
        member: &PublicKey,
        signer: Option<(&str, &SignKey)>,
    ) -> Result<GroupKeyData> {
        let signed_by = signer
            .map(|(user_id, sign_key)| {
                let signature =
                    sign_key.sign(&self.signed_message(), GROUP_KEY_SIGNATURE_CONTEXT)?;
                Ok::<_, Error>(KeySigner {
                    user_id: user_id.to_string(),
                    verify_key_id: sign_key.id(),
                    signature: base64_encode(&signature.to_bytes()),
                })
            })
            .transpose()?;
        Ok(GroupKeyData {
            key_id: self.id(),
            wrapped_key: member.wrap_key(&self.symmetric)?,
            public_key: self.public_key().clone(),
            private_key: self.symmetric.wrap_key(&self.private_key)?,
            signed_by,
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

    /// Checks the generation's signature with the signer's verify key.
    pub fn verify(&self, signer: &KeySigner, verify_key: &VerifyKey) -> Result<()> {
        if verify_key.id() != signer.verify_key_id {
            return Err(Error::for_key(ErrorCode::WrongKey, signer.verify_key_id));
        }
        let signature = Signature::from_bytes(&base64_decode(&signer.signature, 8192)?)?;
        verify_key.verify(
            &self.signed_message(),
            GROUP_KEY_SIGNATURE_CONTEXT,
            &signature,
        )
    }

    /// `key id || public key || commitment to the symmetric key`.
    fn signed_message(&self) -> Vec<u8> {
        let public = self.public_key().as_bytes();
        let mut message = Vec::with_capacity(public.len().saturating_add(KeyId::LEN + 32));
        message.extend_from_slice(self.id().as_bytes());
        message.extend_from_slice(public);
        message.extend_from_slice(&self.symmetric.commitment());
        message
    }
}

/// Checks uploaded group key data without decrypting: the wrapped keys name the generation and
/// the member's public key, the private key is wrapped under the generation's symmetric key,
/// and the signature (if any) is well-formed and names a verify key.
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

    #[test]
    fn signed_generation_round_trip_and_substitution() {
        let member = PrivateKey::generate().unwrap();
        let signer = SignKey::generate().unwrap();
        let key = GroupKey::generate().unwrap();
        let data = key
            .data_for(member.public_key(), Some(("alice", &signer)))
            .unwrap();
        check_group_key_ids(&data, member.id()).unwrap();
        let symmetric: SymmetricKey = member.unwrap_key(&data.wrapped_key).unwrap();
        let opened = GroupKey::open(&data, symmetric).unwrap();
        let signed_by = data.signed_by.clone().unwrap();
        opened.verify(&signed_by, signer.verify_key()).unwrap();

        // A server that wraps another symmetric key under the same id and key pair cannot make
        // the signature fit: the commitment differs.
        let other = SymmetricKey::from_external_bytes(key.id(), &[9u8; 32]).unwrap();
        let forged = GroupKey {
            symmetric: other,
            private_key: key.private_key.clone(),
        };
        assert_eq!(
            forged
                .verify(&signed_by, signer.verify_key())
                .unwrap_err()
                .code(),
            ErrorCode::SignatureInvalid
        );
    }
}
