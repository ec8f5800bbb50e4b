//! The client: registration, login (with MFA), the logged-in user from the store, lookups.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;

use super::options::SentcOptions;
use super::store::Store;
use super::transport::{Body, HttpRequest, HttpResponse, Method, Transport};
use super::user::User;
use crate::crypto::{PasswordParams, VerifyKey};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::envelope::parse_response;
use crate::protocol::paths;
use crate::protocol::user::{ExistsResponse, RegisterResponse};
use crate::user::{
    DeviceStart, KnownChain, LoginSecrets, LoginState, PendingLogin, UserSession, done_login,
    done_register_device_start, done_verify_login, prepare_identifier, prepare_login,
    prepare_register, prepare_register_device_start,
};

/// A sentc client for one app.
pub struct Sentc<T, S> {
    inner: Arc<Inner<T, S>>,
}

struct Inner<T, S> {
    options: SentcOptions,
    transport: T,
    store: S,
    /// Other users' verify keys this client found in their verified chains (by user id), so
    /// checking a group's links or signed items does not fetch the same chain again.
    verified_keys: Mutex<HashMap<String, Vec<VerifyKey>>>,
}

impl<T, S> Clone for Sentc<T, S> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

/// The result of a login: a user, or a request for the second factor.
pub enum LoginOutcome<T, S> {
    /// Logged in.
    User(User<T, S>),
    /// The password was right; finish with [`Sentc::mfa_login`] and a one-time password.
    Mfa(MfaLogin),
}

/// A login waiting for its second factor. Holds the password-derived keys.
pub struct MfaLogin {
    secrets: LoginSecrets,
    /// The password parameters of this login, pinned once it succeeds.
    offered: PasswordParams,
}

impl fmt::Debug for MfaLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MfaLogin")
            .field("identifier", &self.secrets.identifier())
            .finish()
    }
}

impl<T: Transport, S: Store> Sentc<T, S> {
    /// A client with the host's transport and store.
    pub fn new(options: SentcOptions, transport: T, store: S) -> Self {
        Self {
            inner: Arc::new(Inner {
                options,
                transport,
                store,
                verified_keys: Mutex::default(),
            }),
        }
    }

    /// The options.
    pub fn options(&self) -> &SentcOptions {
        &self.inner.options
    }

    pub(crate) fn store(&self) -> &S {
        &self.inner.store
    }

    /// The verify keys of `user_id` found in their verified chain, if looked up before.
    pub(crate) fn cached_verify_keys(&self, user_id: &str) -> Option<Vec<VerifyKey>> {
        let cache = self.inner.verified_keys.lock().ok()?;
        cache.get(user_id).cloned()
    }

    /// Remembers `user_id`'s verify keys (`None` forgets them).
    pub(crate) fn cache_verify_keys(&self, user_id: &str, keys: Option<Vec<VerifyKey>>) {
        if let Ok(mut cache) = self.inner.verified_keys.lock() {
            match keys {
                Some(keys) => cache.insert(user_id.to_string(), keys),
                None => cache.remove(user_id),
            };
        }
    }

    pub(crate) fn store_key(&self, name: &str) -> String {
        format!("{}/{name}", self.inner.options.store_prefix)
    }

    /// Sends a request to `base_url + path` with the app token (and the JWT if given).
    pub(crate) async fn raw(
        &self,
        method: Method,
        url: String,
        body: Option<Body>,
        jwt: Option<&str>,
        with_credentials: bool,
        extra_header: Option<(&str, &str)>,
    ) -> Result<HttpResponse> {
        let mut headers = vec![(
            "x-sentc-app-token".to_string(),
            self.inner.options.app_token.clone(),
        )];
        if let Some(body) = &body {
            headers.push(("content-type".into(), body.content_type().into()));
        }
        if let Some(jwt) = jwt {
            headers.push(("authorization".into(), format!("Bearer {jwt}")));
        }
        if let Some((name, value)) = extra_header {
            headers.push((name.to_string(), value.to_string()));
        }
        let response = self
            .inner
            .transport
            .send(HttpRequest {
                method,
                url,
                headers,
                body,
                with_credentials,
            })
            .await?;
        if response.body.is_empty() {
            return Err(Error::with_detail(
                ErrorCode::InvalidServerResponse,
                format!("HTTP {} with an empty body", response.status),
            ));
        }
        Ok(response)
    }

    /// The URL of a path on the server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.inner.options.base_url)
    }

    /// Sends a request and returns the response body (for a `done_*` function).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        jwt: Option<&str>,
    ) -> Result<String> {
        let url = self.url(path);
        self.raw(method, url, body.map(Body::Json), jwt, false, None)
            .await?
            .into_text()
    }

    /// Sends a request and parses the result.
    pub(crate) async fn request<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        jwt: Option<&str>,
    ) -> Result<R> {
        parse_response(&self.send(method, path, body, jwt).await?)
    }

    /// Registers a user with the public token (the app must allow it; otherwise register from
    /// the app's backend with `prepare_register` / `done_register`). Returns the user id.
    pub async fn register(&self, identifier: &str, password: &str) -> Result<String> {
        let body = prepare_register(identifier, password)?;
        let response: RegisterResponse = self
            .request(Method::Post, paths::REGISTER, Some(body), None)
            .await?;
        Ok(response.user_id)
    }

    /// Whether an identifier is taken (needs the app's permission for the public token).
    pub async fn user_exists(&self, identifier: &str) -> Result<bool> {
        let body = prepare_identifier(identifier)?;
        let response: ExistsResponse = self
            .request(Method::Post, paths::EXISTS, Some(body), None)
            .await?;
        Ok(response.exists)
    }

    /// Logs in. The password never leaves the device: the keys are derived here.
    pub async fn login(&self, identifier: &str, password: &str) -> Result<LoginOutcome<T, S>> {
        let (params, offered) = self.offered_params(identifier).await?;
        let (body, secrets) = prepare_login(identifier, password, &params)?;
        let response = self
            .send(Method::Post, paths::DONE_LOGIN, Some(body), None)
            .await?;
        match done_login(&secrets, &response)? {
            LoginState::Mfa => Ok(LoginOutcome::Mfa(MfaLogin { secrets, offered })),
            LoginState::Challenge(pending) => {
                let user = self.finish_login(identifier, *pending, &offered).await?;
                Ok(LoginOutcome::User(user))
            }
        }
    }

    /// Finishes a login with a one-time password or a recovery code. A wrong code leaves `mfa`
    /// usable for another try.
    pub async fn mfa_login(
        &self,
        mfa: &MfaLogin,
        token: &str,
        recovery: bool,
    ) -> Result<User<T, S>> {
        let body = mfa.secrets.prepare_validate_mfa(token, recovery)?;
        let response = self
            .send(Method::Post, paths::VALIDATE_MFA, Some(body), None)
            .await?;
        match done_login(&mfa.secrets, &response)? {
            LoginState::Mfa => Err(ErrorCode::OtpRequired.into()),
            LoginState::Challenge(pending) => {
                let identifier = mfa.secrets.identifier().to_string();
                self.finish_login(&identifier, *pending, &mfa.offered).await
            }
        }
    }

    /// Logs in again to get a fresh session for `identifier` (used by [`User::reauthenticate`]).
    pub(crate) async fn fresh_session(
        &self,
        identifier: &str,
        password: &str,
        otp: Option<(&str, bool)>,
    ) -> Result<UserSession> {
        let (params, offered) = self.offered_params(identifier).await?;
        let (body, secrets) = prepare_login(identifier, password, &params)?;
        let mut response = self
            .send(Method::Post, paths::DONE_LOGIN, Some(body), None)
            .await?;
        loop {
            match done_login(&secrets, &response)? {
                LoginState::Challenge(pending) => {
                    let session = self.verify(identifier, *pending).await?;
                    self.pin_params(identifier, &offered).await?;
                    return Ok(session);
                }
                LoginState::Mfa => {
                    let (token, recovery) = otp.ok_or(ErrorCode::OtpRequired)?;
                    let body = secrets.prepare_validate_mfa(token, recovery)?;
                    let next = self
                        .send(Method::Post, paths::VALIDATE_MFA, Some(body), None)
                        .await?;
                    if matches!(done_login(&secrets, &next)?, LoginState::Mfa) {
                        return Err(ErrorCode::OtpRequired.into());
                    }
                    response = next;
                }
            }
        }
    }

    async fn verify(&self, identifier: &str, pending: PendingLogin) -> Result<UserSession> {
        let pinned = self.pinned_user_chain(identifier).await?;
        let onboarding_secret = self.onboarding_secret(identifier).await?;
        let body = pending.verify_body().to_string();
        let response = self
            .send(Method::Post, paths::VERIFY_LOGIN, Some(body), None)
            .await?;
        let known = KnownChain {
            pinned: pinned.as_ref(),
            onboarding_secret: onboarding_secret.as_deref().map(String::as_str),
        };
        let session = done_verify_login(pending, identifier, &response, known)?;
        if onboarding_secret.is_some() {
            self.forget_onboarding_secret(identifier).await?;
        }
        Ok(session)
    }

    async fn finish_login(
        &self,
        identifier: &str,
        pending: PendingLogin,
        offered: &PasswordParams,
    ) -> Result<User<T, S>> {
        let session = self.verify(identifier, pending).await?;
        self.pin_params(identifier, offered).await?;
        let user_id = session.user_id.clone();
        let user = User::new(self.clone(), session);
        user.persist().await?;
        user.settle_chain().await?;
        self.store()
            .set(&self.store_key("actual"), &user_id)
            .await?;
        Ok(user)
    }

    /// The user logged in on this client, restored from the store (e.g. after a reload).
    pub async fn get_actual_user(&self) -> Result<Option<User<T, S>>> {
        let Some(user_id) = self.store().get(&self.store_key("actual")).await? else {
            return Ok(None);
        };
        let Some(export) = self
            .store()
            .get(&self.store_key(&format!("user/{}", user_id.as_str())))
            .await?
        else {
            return Ok(None);
        };
        let session = UserSession::import_local(&export)?;
        Ok(Some(User::new(self.clone(), session)))
    }

    /// On a new device: announces it and returns the transfer text for a logged-in device of
    /// the user ([`User::register_device`]). Afterwards the new device logs in with
    /// `identifier` and `password`.
    pub async fn register_device_start(&self, identifier: &str, password: &str) -> Result<String> {
        let (body, start) = prepare_register_device_start(identifier, password)?;
        let response = self
            .send(
                Method::Post,
                paths::PREPARE_REGISTER_DEVICE,
                Some(body),
                None,
            )
            .await?;
        self.done_register_device_start(identifier, &start, &response)
            .await
    }

    /// On a new device whose announcement went through the app's backend: the transfer text
    /// from the server's answer. Keeps the transfer's one-time secret in the store, for the
    /// first login to check the adding device's onboarding record with.
    pub async fn done_register_device_start(
        &self,
        identifier: &str,
        start: &DeviceStart,
        server_output: &str,
    ) -> Result<String> {
        let transfer = done_register_device_start(start, server_output)?;
        self.keep_onboarding_secret(identifier, start.secret().expose())
            .await?;
        Ok(transfer)
    }

    /// The verify key of user `user_id` that signed an encrypted item (named in its header);
    /// [`ErrorCode::SignatureMissing`] if the item is not signed.
    pub async fn signer_verify_key(&self, item: &[u8], user_id: &str) -> Result<VerifyKey> {
        let signer = crate::crypto::Header::parse(item)?
            .signer
            .ok_or(ErrorCode::SignatureMissing)?;
        self.get_user_verify_key(user_id, signer.key_id).await
    }
}
