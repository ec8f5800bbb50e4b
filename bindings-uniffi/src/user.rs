//! `User`: a logged-in user, every method of the core's `User` in the language's style.

use std::sync::Arc;

use sentc_core::group::VerifyLevel;

use crate::error::{SentcError, guard, guard_async};
use crate::group::Group;
use crate::host::{AnyStore, AnyTransport};

pub(crate) type CoreUser = sentc_core::client::User<AnyTransport, AnyStore>;

/// A logged-in user.
#[derive(uniffi::Object)]
pub struct User {
    inner: CoreUser,
}

impl User {
    pub(crate) fn new(inner: CoreUser) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[cfg_attr(feature = "native-http", uniffi::export(async_runtime = "tokio"))]
#[cfg_attr(not(feature = "native-http"), uniffi::export)]
impl User {
    /// The user's id.
    pub fn user_id(&self) -> Result<String, SentcError> {
        guard(|| self.inner.user_id())
    }

    /// This device's id.
    pub fn device_id(&self) -> Result<String, SentcError> {
        guard(|| self.inner.device_id())
    }

    /// sentc's `createGroup(sign)`: the new group's id.
    pub async fn create_group(&self, sign: bool) -> Result<String, SentcError> {
        guard_async(self.inner.create_group(sign)).await
    }

    /// sentc's `getGroup(groupId)`: the group with its keys, its key chain verified;
    /// `backend_created` also accepts a first key made by the app's backend.
    #[uniffi::method(default(backend_created = false))]
    pub async fn get_group(
        &self,
        group_id: String,
        backend_created: bool,
    ) -> Result<Arc<Group>, SentcError> {
        let level = if backend_created {
            VerifyLevel::BackendCreated
        } else {
            VerifyLevel::Chain
        };
        let group = guard_async(self.inner.get_group(&group_id, level)).await?;
        Ok(Group::new(group))
    }

    /// sentc's `acceptGroupInvite(groupId)`.
    pub async fn accept_group_invite(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.accept_group_invite(&group_id)).await
    }

    /// sentc's `keyRotation()`: a new generation of user keys; its id.
    pub async fn key_rotation(&self) -> Result<String, SentcError> {
        guard_async(async { Ok(self.inner.key_rotation().await?.to_string()) }).await
    }

    /// sentc's `logOut()`.
    pub async fn logout(&self) -> Result<(), SentcError> {
        guard_async(self.inner.logout()).await
    }

    /// The identifier this device logged in with.
    pub fn identifier(&self) -> Result<String, SentcError> {
        guard(|| self.inner.identifier())
    }

    /// sentc's `rejectGroupInvite(groupId)`.
    pub async fn reject_group_invite(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.reject_group_invite(&group_id)).await
    }

    /// sentc's `groupJoinRequest(groupId)`.
    pub async fn group_join_request(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.group_join_request(&group_id)).await
    }

    /// Finishes the user key rotations another device started; how many.
    pub async fn finish_key_rotations(&self) -> Result<u32, SentcError> {
        guard_async(async {
            let finished = self.inner.finish_key_rotations().await?;
            Ok(u32::try_from(finished).unwrap_or(u32::MAX))
        })
        .await
    }

    /// sentc's `changePassword(oldPassword, newPassword)`.
    pub async fn change_password(
        &self,
        old_password: String,
        new_password: String,
    ) -> Result<(), SentcError> {
        guard_async(self.inner.change_password(&old_password, &new_password)).await
    }

    /// sentc's `deleteUser()`: deletes the user (needs a fresh login).
    pub async fn delete(&self) -> Result<(), SentcError> {
        guard_async(self.inner.delete()).await
    }

    /// Signs `data` with the user's newest sign key (the signed message).
    pub fn sign(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.inner.sign(&data))
    }

    /// Verifies a message signed by user `user_id`; its content.
    pub async fn verify(
        &self,
        user_id: String,
        signed_message: Vec<u8>,
    ) -> Result<Vec<u8>, SentcError> {
        // Not `signed`: a C keyword, and the name reaches the generated C header.
        guard_async(self.inner.verify(&user_id, &signed_message)).await
    }

    /// The safety number of this user and `other_user_id`, to compare out of band.
    pub async fn safety_number(&self, other_user_id: String) -> Result<String, SentcError> {
        guard_async(self.inner.safety_number(&other_user_id)).await
    }

    /// sentc's `encrypt(data, replyId, sign)`: data for user `user_id`'s public key.
    #[uniffi::method(default(sign = false))]
    pub async fn encrypt_for_user(
        &self,
        user_id: String,
        data: Vec<u8>,
        sign: bool,
    ) -> Result<Vec<u8>, SentcError> {
        guard_async(self.inner.encrypt_for_user(&user_id, &data, sign)).await
    }

    /// sentc's `decrypt(data)` for data encrypted for this user; with `sender_id`, the
    /// sender's signature must verify.
    #[uniffi::method(default(sender_id = None))]
    pub async fn decrypt_from_user(
        &self,
        data: Vec<u8>,
        sender_id: Option<String>,
    ) -> Result<Vec<u8>, SentcError> {
        guard_async(async {
            match sender_id {
                Some(sender) => self.inner.decrypt_from_user_verified(&data, &sender).await,
                None => self.inner.decrypt_from_user(&data, None),
            }
        })
        .await
    }
}
