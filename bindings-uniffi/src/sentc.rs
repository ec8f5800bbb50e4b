//! `Sentc`: the entry point, with sentc's names (`register`, `login`, `mfa_login`, ...).

use std::sync::Arc;

use sentc_core::client::LoginOutcome;

use crate::error::{SentcError, guard_async};
use crate::host::{AnyStore, AnyTransport, HostStore, HostTransport};
use crate::user::User;

/// The core client with the host's (or the native) transport and store.
pub(crate) type CoreSentc = sentc_core::client::Sentc<AnyTransport, AnyStore>;

/// Options of [`Sentc::new`].
#[derive(Debug, Clone, uniffi::Record)]
pub struct SentcOptions {
    /// The sentc server, e.g. "https://api.example.com".
    pub base_url: String,
    /// The app's public token.
    pub app_token: String,
    /// A prefix for the store's keys, to keep several apps apart (default "sentc").
    #[uniffi(default = None)]
    pub store_prefix: Option<String>,
}

/// The SDK for one app.
#[derive(uniffi::Object)]
pub struct Sentc {
    inner: CoreSentc,
}

/// A login: the user, or the second factor it still needs.
#[derive(uniffi::Enum)]
pub enum LoginResult {
    /// Logged in.
    User {
        /// The user.
        user: Arc<User>,
    },
    /// The password was right; finish with [`Sentc::mfa_login`].
    Mfa {
        /// The pending login.
        step: Arc<MfaStep>,
    },
}

/// A login waiting for its one-time password (holds the password-derived keys).
#[derive(uniffi::Object)]
pub struct MfaStep {
    inner: sentc_core::client::MfaLogin,
}

#[cfg_attr(feature = "native-http", uniffi::export(async_runtime = "tokio"))]
#[cfg_attr(not(feature = "native-http"), uniffi::export)]
impl Sentc {
    /// sentc's `Sentc.init`: the SDK for the app at `options.base_url`. Without `transport` the
    /// native HTTP client is used (builds with `native-http`), without `store` memory.
    #[uniffi::constructor(default(transport = None, store = None))]
    pub fn new(
        options: SentcOptions,
        transport: Option<Arc<dyn HostTransport>>,
        store: Option<Arc<dyn HostStore>>,
    ) -> Result<Arc<Self>, SentcError> {
        let mut core_options =
            sentc_core::client::SentcOptions::new(options.base_url, options.app_token);
        if let Some(prefix) = options.store_prefix {
            core_options.store_prefix = prefix;
        }
        let transport = AnyTransport::new(transport)?;
        Ok(Arc::new(Self {
            inner: CoreSentc::new(core_options, transport, AnyStore::new(store)),
        }))
    }

    /// sentc's `register(identifier, password)`: the new user's id.
    pub async fn register(
        &self,
        identifier: String,
        password: String,
    ) -> Result<String, SentcError> {
        guard_async(self.inner.register(&identifier, &password)).await
    }

    /// sentc's `checkUserIdentifierAvailable(identifier)`.
    pub async fn check_user_identifier_available(
        &self,
        identifier: String,
    ) -> Result<bool, SentcError> {
        guard_async(async { Ok(!self.inner.user_exists(&identifier).await?) }).await
    }

    /// sentc's `login(identifier, password)`: the user, or the MFA step.
    pub async fn login(
        &self,
        identifier: String,
        password: String,
    ) -> Result<LoginResult, SentcError> {
        let outcome = guard_async(self.inner.login(&identifier, &password)).await?;
        Ok(match outcome {
            LoginOutcome::User(user) => LoginResult::User {
                user: User::new(user),
            },
            LoginOutcome::Mfa(inner) => LoginResult::Mfa {
                step: Arc::new(MfaStep { inner }),
            },
        })
    }

    /// sentc's `mfaLogin`: finishes a login with a one-time password (or a recovery code).
    pub async fn mfa_login(
        &self,
        step: Arc<MfaStep>,
        token: String,
        recovery: bool,
    ) -> Result<Arc<User>, SentcError> {
        let user = guard_async(self.inner.mfa_login(&step.inner, &token, recovery)).await?;
        Ok(User::new(user))
    }

    /// sentc's `getActualUser`: the user this store holds, if any.
    pub async fn get_actual_user(&self) -> Result<Option<Arc<User>>, SentcError> {
        let user = guard_async(self.inner.get_actual_user()).await?;
        Ok(user.map(User::new))
    }
}

/// Panics inside the SDK, caught at the boundary: shows a panic becomes `9002 Internal` and
/// the process lives. Only in builds with the `panic-test` feature.
#[cfg(feature = "panic-test")]
#[uniffi::export]
#[allow(clippy::panic)]
pub fn test_panic() -> Result<(), SentcError> {
    crate::error::guard(|| panic!("a test panic"))
}
