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
}
