//! `SentcClient`: the entry point behind sentc's static `Sentc`, with sentc's names (`register`, `login`, `mfa_login`, ...).

use flutter_rust_bridge::frb;
use sentc_core::client::LoginOutcome;

use crate::api::error::SentcError;
use crate::api::host::{SentcStore, SentcTransport};
use crate::api::records::PublicKeyData;
use crate::api::user::User;
use crate::guard::{guard, guard_async};
use crate::host::{AnyStore, AnyTransport};

/// The core client with Dart's (or the native) transport and store.
pub(crate) type CoreSentc = sentc_core::client::Sentc<AnyTransport, AnyStore>;

/// Options of [`SentcClient::new`].
#[derive(Debug, Clone)]
pub struct SentcOptions {
    /// The sentc server, e.g. "https://api.example.com".
    pub base_url: String,
    /// The app's public token.
    pub app_token: String,
    /// A prefix for the store's keys, to keep several apps apart (default "sentc").
    pub store_prefix: Option<String>,
}

/// The SDK for one app: what sentc's static `Sentc` calls (lib/sentc.dart keeps one).
#[frb(opaque)]
pub struct SentcClient {
    inner: CoreSentc,
}

/// A login: the user, or the second factor it still needs (exactly one is set).
pub struct LoginResult {
    /// Logged in.
    pub user: Option<User>,
    /// The password was right; finish with [`SentcClient::mfa_login`].
    pub mfa: Option<MfaStep>,
}

/// A login waiting for its one-time password (sentc's `UserMfaLogin`; holds the
/// password-derived keys).
#[frb(opaque)]
pub struct MfaStep {
    inner: sentc_core::client::MfaLogin,
}

impl SentcClient {
    /// sentc's `Sentc.init`: the SDK for the app at `options.base_url`, sending with `transport`
    /// and keeping the session in `store`.
    #[frb(sync)]
    pub fn new(options: SentcOptions, transport: SentcTransport, store: SentcStore) -> SentcClient {
        Self {
            inner: CoreSentc::new(core_options(options), transport.inner, store.inner),
        }
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
            LoginOutcome::User(user) => LoginResult {
                user: Some(User::new(user)),
                mfa: None,
            },
            LoginOutcome::Mfa(inner) => LoginResult {
                user: None,
                mfa: Some(MfaStep { inner }),
            },
        })
    }

    /// sentc's `mfaLogin(token, loginData)`: finishes a login with a one-time password.
    pub async fn mfa_login(&self, token: String, login_data: &MfaStep) -> Result<User, SentcError> {
        let user = guard_async(self.inner.mfa_login(&login_data.inner, &token, false)).await?;
        Ok(User::new(user))
    }

    /// sentc's `mfaRecoveryLogin(recoveryToken, loginData)`: finishes a login with a
    /// recovery code.
    pub async fn mfa_recovery_login(
        &self,
        recovery_token: String,
        login_data: &MfaStep,
    ) -> Result<User, SentcError> {
        let user = guard_async(
            self.inner
                .mfa_login(&login_data.inner, &recovery_token, true),
        )
        .await?;
        Ok(User::new(user))
    }

    /// sentc's `getActualUser`: the user this store holds, if any.
    pub async fn get_actual_user(&self) -> Result<Option<User>, SentcError> {
        let user = guard_async(self.inner.get_actual_user()).await?;
        Ok(user.map(User::new))
    }

    /// sentc's `prepareRegister(identifier, password)`: the body of `POST /api/v1/register`
    /// for the app's backend to send with its secret token. No network.
    pub fn prepare_register(
        &self,
        identifier: String,
        password: String,
    ) -> Result<String, SentcError> {
        guard(|| sentc_core::user::prepare_register(&identifier, &password))
    }

    /// sentc's `doneRegister(serverOutput)`: the new user's id from the server's answer.
    pub fn done_register(&self, server_output: String) -> Result<String, SentcError> {
        guard(|| sentc_core::user::done_register(&server_output).map(|done| done.user_id))
    }

    /// The body of the backend's `Backend.reset_user` for user `user_id`, who logs in with
    /// `identifier` and `new_password` afterwards: new keys made here (the backend never sees
    /// them or the password). Data for the old keys is lost. No network.
    pub fn prepare_reset_user(
        &self,
        user_id: String,
        identifier: String,
        new_password: String,
    ) -> Result<String, SentcError> {
        guard(|| sentc_core::user::prepare_forced_reset(&user_id, &identifier, &new_password))
    }

    /// sentc's `prepareCheckUserIdentifierAvailable(identifier)`: the body of
    /// `POST /api/v1/exists`. No network.
    pub fn prepare_check_user_identifier_available(
        &self,
        identifier: String,
    ) -> Result<String, SentcError> {
        guard(|| sentc_core::user::prepare_identifier(&identifier))
    }

    /// sentc's `doneCheckUserIdentifierAvailable(serverOutput)`: whether it is free.
    pub fn done_check_user_identifier_available(
        &self,
        server_output: String,
    ) -> Result<bool, SentcError> {
        guard(|| sentc_core::user::done_user_exists(&server_output).map(|taken| !taken))
    }

    /// sentc's `registerDeviceStart(deviceIdentifier, password)`: on a new device, announces it;
    /// the transfer text goes to a logged-in device's `User.register_device`.
    pub async fn register_device_start(
        &self,
        device_identifier: String,
        password: String,
    ) -> Result<String, SentcError> {
        guard_async(
            self.inner
                .register_device_start(&device_identifier, &password),
        )
        .await
    }

    /// sentc's `getUserPublicKey(userId)`: the newest public key from the user's verified key
    /// chain (`2010 IdentityChanged` if it no longer extends what this client pinned).
    pub async fn get_user_public_key(&self, user_id: String) -> Result<PublicKeyData, SentcError> {
        guard_async(self.inner.get_user_public_key(&user_id))
            .await
            .map(PublicKeyData::from)
    }

    /// sentc's `getUserVerifyKey(userId, keyId)`: a verify key from the verified chain.
    pub async fn get_user_verify_key(
        &self,
        user_id: String,
        key_id: String,
    ) -> Result<PublicKeyData, SentcError> {
        guard_async(async {
            let id = crate::convert::key_id(&key_id)?;
            self.inner.get_user_verify_key(&user_id, id).await
        })
        .await
        .map(PublicKeyData::from)
    }

    /// sentc's `getGroupPublicKey(groupId)`: the group's newest public key, from its chain.
    pub async fn get_group_public_key(
        &self,
        group_id: String,
    ) -> Result<PublicKeyData, SentcError> {
        guard_async(self.inner.get_group_public_key(&group_id))
            .await
            .map(PublicKeyData::from)
    }

    /// Key trust: the user's identity (key chain) this client pinned, as the id of the newest
    /// generation it has seen; `None` before the first lookup.
    pub async fn pinned_identity(&self, user_id: String) -> Result<Option<String>, SentcError> {
        guard_async(async {
            let pinned = self.inner.pinned_identity(&user_id).await?;
            Ok(pinned.map(|chain| chain.head.to_string()))
        })
        .await
    }

    /// Key trust: accepts the changed identity of `user_id` after `2010 IdentityChanged`. Call
    /// it only when the change is known to be real (a new safety number compared out of band,
    /// or the app's backend reset that user): otherwise it may be the server planting keys.
    pub async fn accept_identity_change(&self, user_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.accept_identity_change(&user_id)).await
    }

    /// Forgets what this client pinned for `identifier` (password parameters, key chain), after
    /// `3105`, `2008` or `2009` that the app knows the reason for (its backend reset the user).
    pub async fn unpin_identifier(&self, identifier: String) -> Result<(), SentcError> {
        guard_async(self.inner.unpin_identifier(&identifier)).await
    }
}

fn core_options(options: SentcOptions) -> sentc_core::client::SentcOptions {
    let mut core = sentc_core::client::SentcOptions::new(options.base_url, options.app_token);
    if let Some(prefix) = options.store_prefix {
        core.store_prefix = prefix;
    }
    core
}
