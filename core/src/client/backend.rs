//! The app backend's calls with its secret token: registration and identifier checks of bodies
//! its users' clients prepared, and the forced endpoints (disable a user's second factor, end
//! their sessions, delete or reset them; create groups for them, delete groups). What a body
//! holds was made on the user's device (`prepare_*`): the backend relays keys it cannot open.
//! For backends in Python, Kotlin, Swift or Rust; never ship the secret token to a client.

use serde::de::DeserializeOwned;

use super::options::SentcOptions;
use super::sentc::Sentc;
use super::store::MemoryStore;
use super::transport::{Method, Transport};
use crate::crypto::json_to_string;
use crate::error::Result;
use crate::protocol::group::GroupIdResponse;
use crate::protocol::paths;
use crate::protocol::user::{Empty, IdentifierRequest, RegisterResponse};

/// The app backend: the sentc server at `base_url` with the app's secret token.
#[derive(Clone)]
pub struct Backend<T> {
    client: Sentc<T, MemoryStore>,
}

impl<T> std::fmt::Debug for Backend<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend").finish_non_exhaustive()
    }
}

impl<T: Transport> Backend<T> {
    /// The backend of the app whose secret token is `secret_token`.
    pub fn new(base_url: impl Into<String>, secret_token: impl Into<String>, transport: T) -> Self {
        let options = SentcOptions::new(base_url, secret_token);
        Self {
            client: Sentc::new(options, transport, MemoryStore::default()),
        }
    }

    /// A request with the secret token (the client's, without a JWT).
    async fn call<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<R> {
        self.client.request(method, path, body, None).await
    }

    /// Registers a user from the body their client made (`prepare_register`); the new user's
    /// id.
    pub async fn register(&self, prepared: &str) -> Result<String> {
        let response: RegisterResponse = self
            .call(Method::Post, paths::REGISTER, Some(prepared.to_string()))
            .await?;
        Ok(response.user_id)
    }

    /// Whether a login identifier is taken.
    pub async fn user_exists(&self, identifier: &str) -> Result<bool> {
        self.client.user_exists(identifier).await
    }

    async fn forced_user(&self, method: Method, path: &str, identifier: &str) -> Result<()> {
        let body = json_to_string(&IdentifierRequest {
            user_identifier: identifier.to_string(),
        })?;
        self.call::<Empty>(method, path, Some(body)).await.map(drop)
    }

    /// Turns off the second factor of the user with this login identifier.
    pub async fn disable_otp(&self, identifier: &str) -> Result<()> {
        self.forced_user(Method::Delete, paths::FORCED_DISABLE_OTP, identifier)
            .await
    }

    /// Ends every session of every device of the user.
    pub async fn revoke_sessions(&self, identifier: &str) -> Result<()> {
        self.forced_user(Method::Delete, paths::FORCED_SESSIONS, identifier)
            .await
    }

    /// Deletes the user.
    pub async fn delete_user(&self, identifier: &str) -> Result<()> {
        self.forced_user(Method::Delete, paths::FORCED_DELETE, identifier)
            .await
    }

    /// Replaces the user's devices and keys by the ones their new device prepared
    /// (`prepare_forced_reset`); data for the old keys is lost.
    pub async fn reset_user(&self, prepared: &str) -> Result<()> {
        self.call::<Empty>(Method::Put, paths::FORCED_RESET, Some(prepared.to_string()))
            .await
            .map(drop)
    }

    /// Creates a group for user `user_id` from the body their client made
    /// (`prepare_create_group`); its id.
    pub async fn create_group(&self, user_id: &str, prepared: &str) -> Result<String> {
        let path = paths::fill(paths::GROUP_FORCED, &[user_id]);
        self.create(&path, prepared).await
    }

    /// Creates a child of `parent_id` for user `user_id` (body from the parent group's
    /// `prepare_create_under`).
    pub async fn create_child_group(
        &self,
        user_id: &str,
        parent_id: &str,
        prepared: &str,
    ) -> Result<String> {
        let path = paths::fill(paths::GROUP_FORCED_CHILD, &[user_id, parent_id]);
        self.create(&path, prepared).await
    }

    /// Creates a connected group with `group_id` as its member, for user `user_id` (body from
    /// that group's `prepare_create_under`).
    pub async fn create_connected_group(
        &self,
        user_id: &str,
        group_id: &str,
        prepared: &str,
    ) -> Result<String> {
        let path = paths::fill(paths::GROUP_FORCED_CONNECTED, &[user_id, group_id]);
        self.create(&path, prepared).await
    }

    async fn create(&self, path: &str, prepared: &str) -> Result<String> {
        let response: GroupIdResponse = self
            .call(Method::Post, path, Some(prepared.to_string()))
            .await?;
        Ok(response.group_id)
    }

    /// Deletes a group.
    pub async fn delete_group(&self, group_id: &str) -> Result<()> {
        let path = paths::fill(paths::GROUP_FORCED, &[group_id]);
        self.call::<Empty>(Method::Delete, &path, None)
            .await
            .map(drop)
    }
}
