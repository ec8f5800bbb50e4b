//! Symmetric keys made for data (files, documents): wrapped under a group generation or for a
//! user's public key, kept beside the data ("non-registered") or stored on the server by id
//! ("registered").

use super::group::Group;
use super::store::Store;
use super::transport::{Method, Transport};
use super::user::User;
use crate::crypto::{KeyId, SymmetricKey, VerifyKey, WrappedKey, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::group::{SymKeyRequest, SymKeyResponse};
use crate::protocol::paths;

impl<T: Transport, S: Store> Group<T, S> {
    /// A new symmetric key wrapped under the newest generation, not registered: store the
    /// wrapped key with the data it protects.
    pub fn generate_key(&self) -> Result<(SymmetricKey, WrappedKey)> {
        let key = SymmetricKey::generate()?;
        let wrapped = self.keys()?.newest()?.symmetric().wrap_key(&key)?;
        Ok((key, wrapped))
    }

    /// [`Self::generate_key`], the wrapping signed with the user's newest sign key: readers can
    /// check who made the key ([`Self::open_key_verified`]).
    pub fn generate_signed_key(&self) -> Result<(SymmetricKey, WrappedKey)> {
        let key = SymmetricKey::generate()?;
        let (_, sign_key) = self.user().signer()?;
        let wrapped = self
            .keys()?
            .newest()?
            .symmetric()
            .wrap_key_signed(&key, &sign_key)?;
        Ok((key, wrapped))
    }

    /// Opens a key made by [`Self::generate_key`] or [`Self::register_key`].
    pub fn open_key(&self, wrapped: &WrappedKey) -> Result<SymmetricKey> {
        self.keys()?
            .get(wrapped.wrapping_key_id())?
            .symmetric()
            .unwrap_key(wrapped)
    }

    /// Opens a key whose wrapping `verify_key` must have signed (`3003 SignatureMissing` if it
    /// is not signed, `3002 SignatureInvalid` if another key signed it).
    pub fn open_key_verified(
        &self,
        wrapped: &WrappedKey,
        verify_key: &VerifyKey,
    ) -> Result<SymmetricKey> {
        self.keys()?
            .get(wrapped.wrapping_key_id())?
            .symmetric()
            .unwrap_key_verified(wrapped, verify_key)
    }

    /// Generates a symmetric key and registers it with the server by its id.
    pub async fn register_key(&self) -> Result<SymmetricKey> {
        let (key, wrapped) = self.generate_key()?;
        self.user().register_wrapped_key(wrapped).await?;
        Ok(key)
    }

    /// Fetches a registered key and opens it.
    pub async fn fetch_key(&self, key_id: KeyId) -> Result<SymmetricKey> {
        self.open_key(&self.user().fetch_wrapped_key(key_id).await?)
    }

    /// Deletes a registered key (its creator only).
    pub async fn delete_key(&self, key_id: KeyId) -> Result<()> {
        self.user().delete_key(key_id).await
    }
}

impl<T: Transport, S: Store> User<T, S> {
    /// A new symmetric key wrapped for user `reply_id`'s public key (which must pass the key
    /// trust checks), not registered: store the wrapped key with the data it protects.
    pub async fn generate_key_for(&self, reply_id: &str) -> Result<(SymmetricKey, WrappedKey)> {
        self.generate_key_with(reply_id, false).await
    }

    /// A new symmetric key for user `reply_id` (as [`Self::generate_key_for`]); with `sign`, the
    /// wrapping is signed with this user's newest sign key.
    pub async fn generate_key_with(
        &self,
        reply_id: &str,
        sign: bool,
    ) -> Result<(SymmetricKey, WrappedKey)> {
        let public_key = self.client().get_user_public_key(reply_id).await?;
        let key = SymmetricKey::generate()?;
        let wrapped = if sign {
            public_key.wrap_key_signed(&key, self.newest_keys()?.sign_key())?
        } else {
            public_key.wrap_key(&key)?
        };
        Ok((key, wrapped))
    }

    /// Opens a key wrapped for one of this user's public keys ([`Self::generate_key_for`] or
    /// [`Self::register_key_for`] by another user).
    pub fn open_key(&self, wrapped: &WrappedKey) -> Result<SymmetricKey> {
        self.private_key_by_public_id(wrapped.wrapping_key_id())?
            .unwrap_key(wrapped)
    }

    /// Opens a key wrapped for this user whose wrapping `verify_key` must have signed.
    pub fn open_key_verified(
        &self,
        wrapped: &WrappedKey,
        verify_key: &VerifyKey,
    ) -> Result<SymmetricKey> {
        self.private_key_by_public_id(wrapped.wrapping_key_id())?
            .unwrap_key_verified(wrapped, verify_key)
    }

    /// Generates a symmetric key for user `reply_id` and registers it with the server by its
    /// id. Returns the key and what was registered (whose wrapping key id names the public key).
    pub async fn register_key_for(&self, reply_id: &str) -> Result<(SymmetricKey, WrappedKey)> {
        let (key, wrapped) = self.generate_key_for(reply_id).await?;
        self.register_wrapped_key(wrapped.clone()).await?;
        Ok((key, wrapped))
    }

    /// Fetches a registered key wrapped for this user and opens it.
    pub async fn fetch_key(&self, key_id: KeyId) -> Result<SymmetricKey> {
        self.open_key(&self.fetch_wrapped_key(key_id).await?)
    }

    /// Registers a wrapped key (of a group's or made for a user) with the server by its id.
    pub async fn register_wrapped_key(&self, wrapped: WrappedKey) -> Result<()> {
        let body = json_to_string(&SymKeyRequest {
            wrapped_key: wrapped,
        })?;
        self.call_with::<SymKeyResponse>(Method::Post, paths::SYM_KEY, Some(body), None)
            .await?;
        Ok(())
    }

    /// The wrapped key the server stores under `key_id`, not yet opened; a key stored under
    /// another id is refused (the server must not swap one registered key for another).
    pub async fn fetch_wrapped_key(&self, key_id: KeyId) -> Result<WrappedKey> {
        let path = paths::fill(paths::SYM_KEY_OF, &[&key_id.to_hex()]);
        let response: SymKeyResponse = self.call_with(Method::Get, &path, None, None).await?;
        if response.wrapped_key.key_id() != key_id {
            return Err(Error::for_key(ErrorCode::KeyIdMismatch, key_id));
        }
        Ok(response.wrapped_key)
    }

    /// Deletes a registered key (its creator only).
    pub async fn delete_key(&self, key_id: KeyId) -> Result<()> {
        let path = paths::fill(paths::SYM_KEY_OF, &[&key_id.to_hex()]);
        self.call_empty(Method::Delete, &path, None).await
    }
}
