//! `Backend`: the app backend's calls with its secret token (the core's `client::Backend`), for
//! servers in Dart.

use flutter_rust_bridge::frb;

use crate::api::error::SentcError;
use crate::api::host::SentcTransport;
use crate::guard::guard_async;
use crate::host::AnyTransport;

/// The app's backend: registration, identifier checks and the forced endpoints, with the
/// secret token. The bodies come from the user's client (`prepare_register`,
/// `prepare_group_create`, `prepare_create_child_group`, `prepare_reset_user`): the backend
/// relays keys it cannot open. Never ship the secret token to a client.
#[frb(opaque)]
pub struct Backend {
    inner: sentc_core::client::Backend<AnyTransport>,
}

impl Backend {
    /// The backend of the app at `base_url` with its `secret_token`; without `transport` the
    /// native HTTP client.
    #[frb(sync)]
    pub fn new(base_url: String, secret_token: String, transport: SentcTransport) -> Backend {
        Self {
            inner: sentc_core::client::Backend::new(base_url, secret_token, transport.inner),
        }
    }

    /// Registers the user whose client prepared `server_input` (`Sentc.prepare_register`);
    /// the new user's id.
    pub async fn register(&self, server_input: String) -> Result<String, SentcError> {
        guard_async(self.inner.register(&server_input)).await
    }

    /// sentc's `checkUserIdentifierAvailable` from the backend: whether it is free.
    pub async fn check_user_identifier_available(
        &self,
        identifier: String,
    ) -> Result<bool, SentcError> {
        guard_async(async { Ok(!self.inner.user_exists(&identifier).await?) }).await
    }

    /// Turns off the second factor of the user with this login identifier.
    pub async fn disable_otp(&self, identifier: String) -> Result<(), SentcError> {
        guard_async(self.inner.disable_otp(&identifier)).await
    }

    /// Ends every session of every device of the user.
    pub async fn revoke_sessions(&self, identifier: String) -> Result<(), SentcError> {
        guard_async(self.inner.revoke_sessions(&identifier)).await
    }

    /// Deletes the user.
    pub async fn delete_user(&self, identifier: String) -> Result<(), SentcError> {
        guard_async(self.inner.delete_user(&identifier)).await
    }

    /// Replaces the user's devices and keys by those of `Sentc.prepare_reset_user`.
    pub async fn reset_user(&self, server_input: String) -> Result<(), SentcError> {
        guard_async(self.inner.reset_user(&server_input)).await
    }

    /// Creates a group for `user_id` from their `User.prepare_group_create`; its id.
    pub async fn create_group(
        &self,
        user_id: String,
        server_input: String,
    ) -> Result<String, SentcError> {
        guard_async(self.inner.create_group(&user_id, &server_input)).await
    }

    /// Creates a child of `parent_id` for `user_id` (the parent's
    /// `Group.prepare_create_child_group`).
    pub async fn create_child_group(
        &self,
        user_id: String,
        parent_id: String,
        server_input: String,
    ) -> Result<String, SentcError> {
        guard_async(
            self.inner
                .create_child_group(&user_id, &parent_id, &server_input),
        )
        .await
    }

    /// Creates a connected group whose member is `group_id`, for `user_id` (that group's
    /// `Group.prepare_create_child_group`: the same body).
    pub async fn create_connected_group(
        &self,
        user_id: String,
        group_id: String,
        server_input: String,
    ) -> Result<String, SentcError> {
        guard_async(
            self.inner
                .create_connected_group(&user_id, &group_id, &server_input),
        )
        .await
    }

    /// Deletes a group.
    pub async fn delete_group(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.delete_group(&group_id)).await
    }
}
