//! A logged-in user: the session (refreshed automatically), and every user operation.

use std::fmt;
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::options::RefreshOption;
use super::sentc::Sentc;
use super::store::Store;
use super::transport::{Body, HttpResponse, Method, Transport};
use crate::crypto::{KeyId, PublicKey, SearchKey, SortableKey, VerifyKey, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{
    ChainState, DeviceKeys, KeySet, SearchableKeys, safety_number, verify_user_chain,
};
use crate::protocol::SecretText;
use crate::protocol::envelope::{parse_response, parse_result, response_result};
use crate::protocol::jwt::read_claims_unverified;
use crate::protocol::paths;
use crate::protocol::user::{
    ChainStateUpdate, DeviceInfo, DeviceProofNonce, Empty, KeySetData, OtpRecoveryCodesResponse,
    OtpRegisterResponse, PendingRotation, ROTATIONS_PAGE, RefreshRequest, RefreshResponse,
};
use crate::user::{
    UserSession, finish_key_rotation, prepare_change_password, prepare_key_rotation,
    prepare_register_device, prepare_reset_password, prepare_update_identifier,
};

/// Refresh this many seconds before the JWT expires.
const REFRESH_MARGIN_SECONDS: i64 = 30;

/// A logged-in user. Cheap to clone; clones share the session.
pub struct User<T, S> {
    client: Sentc<T, S>,
    state: Arc<UserState>,
}

struct UserState {
    session: Mutex<UserSession>,
    /// One refresh at a time: a refresh token used twice revokes the device's sessions.
    refresh: async_lock::Mutex<()>,
}

impl<T, S> Clone for User<T, S> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            state: Arc::clone(&self.state),
        }
    }
}

impl<T, S> fmt::Debug for User<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User").finish_non_exhaustive()
    }
}

/// The result of an app's cookie refresh endpoint (sentc's refresh response).
#[derive(Deserialize)]
struct CookieRefresh {
    jwt: String,
}

impl<T: Transport, S: Store> User<T, S> {
    pub(crate) fn new(client: Sentc<T, S>, session: UserSession) -> Self {
        Self {
            client,
            state: Arc::new(UserState {
                session: Mutex::new(session),
                refresh: async_lock::Mutex::new(()),
            }),
        }
    }

    fn read<R>(&self, f: impl FnOnce(&UserSession) -> R) -> Result<R> {
        let session = self
            .state
            .session
            .lock()
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "session lock poisoned"))?;
        Ok(f(&session))
    }

    fn write<R>(&self, f: impl FnOnce(&mut UserSession) -> R) -> Result<R> {
        let mut session = self
            .state
            .session
            .lock()
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "session lock poisoned"))?;
        Ok(f(&mut session))
    }

    /// Pins the verified key chain state for this device's identifier and, when the server's
    /// sealed copy is older, uploads it sealed under the device master key, so a later login
    /// (even from an empty store) checks against it.
    pub(crate) async fn settle_chain(&self) -> Result<()> {
        let (identifier, chain, sealed, master) = self.read(|s| {
            (
                s.identifier.clone(),
                s.chain.clone(),
                s.chain_sealed,
                s.device.master_key().clone(),
            )
        })?;
        self.client.pin_user_chain(&identifier, &chain).await?;
        if !sealed {
            let body = json_to_string(&ChainStateUpdate {
                chain_state: chain.seal(&master)?,
            })?;
            self.call_empty(Method::Put, paths::CHAIN_STATE, Some(body))
                .await?;
            self.write(|s| {
                if s.chain == chain {
                    s.chain_sealed = true;
                }
            })?;
        }
        Ok(())
    }

    /// Saves the session in the store.
    pub(crate) async fn persist(&self) -> Result<()> {
        let (user_id, export) = self.read(|s| (s.user_id.clone(), s.export_local()))?;
        let key = self.client.store_key(&format!("user/{user_id}"));
        self.client.store().set(&key, &export?).await
    }

    /// The client this user belongs to.
    pub fn client(&self) -> &Sentc<T, S> {
        &self.client
    }

    /// The user's id.
    pub fn user_id(&self) -> Result<String> {
        self.read(|s| s.user_id.clone())
    }

    /// This device's id.
    pub fn device_id(&self) -> Result<String> {
        self.read(|s| s.device_id.clone())
    }

    /// This device's login identifier.
    pub fn identifier(&self) -> Result<String> {
        self.read(|s| s.identifier.clone())
    }

    /// This device's keys.
    pub fn device_keys(&self) -> Result<DeviceKeys> {
        self.read(|s| s.device.clone())
    }

    /// What this device has verified of the user's key chain.
    pub fn chain_state(&self) -> Result<ChainState> {
        self.read(|s| s.chain.clone())
    }

    /// The newest generation of user keys.
    pub fn newest_keys(&self) -> Result<KeySet> {
        self.read(|s| s.newest_keys().cloned())?
    }

    /// The generation of user keys with the given id.
    pub fn keys(&self, key_id: KeyId) -> Result<KeySet> {
        self.read(|s| s.keys(key_id).cloned())?
    }

    /// Every generation of user keys this device holds, oldest first.
    pub fn all_keys(&self) -> Result<Vec<KeySet>> {
        self.read(|s| s.user_keys.clone())
    }

    /// The user's newest public key.
    pub fn public_key(&self) -> Result<PublicKey> {
        self.newest_keys().map(|keys| keys.public_key().clone())
    }

    /// The user's newest verify key.
    pub fn verify_key(&self) -> Result<VerifyKey> {
        self.newest_keys().map(|keys| keys.verify_key().clone())
    }

    /// The current JWT as it is (see [`Self::jwt`] for one refreshed when needed).
    pub fn current_jwt(&self) -> Result<String> {
        self.read(|s| s.jwt.clone())
    }

    /// The current refresh token, e.g. for an app that keeps it in a cookie (docs/design.md §4
    /// "Refresh from a cookie"). Secret.
    pub fn refresh_token(&self) -> Result<zeroize::Zeroizing<String>> {
        self.read(|s| s.refresh_token.clone())
    }

    /// Whether the current JWT came straight from a login (needed for sensitive operations).
    pub fn is_fresh(&self) -> Result<bool> {
        let jwt = self.read(|s| s.jwt.clone())?;
        let claims = read_claims_unverified(&jwt)?;
        let unexpired = self
            .client
            .options()
            .now()
            .is_none_or(|now| claims.exp > now);
        Ok(claims.fresh && unexpired)
    }

    /// A JWT for a request, refreshed first if it is about to expire.
    pub async fn jwt(&self) -> Result<String> {
        let jwt = self.read(|s| s.jwt.clone())?;
        let Some(now) = self.client.options().now() else {
            return Ok(jwt);
        };
        let claims = read_claims_unverified(&jwt)?;
        // The server sends `exp`: saturating, so a hostile value cannot overflow.
        if claims.exp.saturating_sub(now) > REFRESH_MARGIN_SECONDS {
            return Ok(jwt);
        }
        self.refresh_from(&jwt).await?;
        self.read(|s| s.jwt.clone())
    }

    /// Gets a new JWT with the configured refresh strategy.
    pub async fn refresh(&self) -> Result<()> {
        let jwt = self.read(|s| s.jwt.clone())?;
        self.refresh_from(&jwt).await
    }

    /// Refreshes unless another task already replaced `seen` while this one waited.
    async fn refresh_from(&self, seen: &str) -> Result<()> {
        let _one_at_a_time = self.state.refresh.lock().await;
        if self.read(|s| s.jwt != seen)? {
            return Ok(());
        }
        let options = self.client.options().clone();
        match options.refresh {
            RefreshOption::Sdk => {
                let body = json_to_string(&RefreshRequest {
                    refresh_token: self.read(|s| SecretText::from(s.refresh_token.clone()))?,
                })?;
                let response: RefreshResponse = self
                    .client
                    .request(Method::Put, paths::REFRESH, Some(body), None)
                    .await?;
                self.write(|s| {
                    s.jwt = response.jwt;
                    s.refresh_token = response.refresh_token.into();
                })?;
            }
            RefreshOption::Cookie { endpoint_url } => {
                let response = self
                    .client
                    .raw(Method::Put, endpoint_url, None, Some(seen), true, None)
                    .await?;
                let refreshed: CookieRefresh = parse_response(&response.into_text()?)?;
                self.write(|s| s.jwt = refreshed.jwt)?;
            }
            RefreshOption::Function(handler) => {
                let jwt = handler
                    .refresh(seen.to_string())
                    .await
                    .map_err(|err| Error::with_detail(ErrorCode::RefreshFailed, err.to_string()))?;
                self.write(|s| s.jwt = jwt)?;
            }
        }
        self.persist().await
    }

    /// Sends an authenticated request; after an expired-JWT answer it refreshes once and
    /// retries (the client's clock may be off, or absent).
    pub(crate) async fn call<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<R> {
        self.call_with(method, path, body, None).await
    }

    /// Like [`Self::call`] with one more header (the group access id).
    pub(crate) async fn call_with<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        extra_header: Option<(&str, &str)>,
    ) -> Result<R> {
        parse_result(&self.call_text(method, path, body, extra_header).await?)
    }

    /// The raw text of a call's result, with the user's JWT refreshed once if it expired. Not
    /// generic, so the browser build holds one copy of this flow rather than one per result
    /// type; the envelope is read once.
    async fn call_text(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        extra_header: Option<(&str, &str)>,
    ) -> Result<String> {
        let response = self
            .call_raw(method, path, body.map(Body::Json), extra_header)
            .await?
            .into_text()?;
        response_result(&response).map(str::to_owned)
    }

    /// A JWT after the server refused `seen` as expired (the client's clock may be off): the
    /// session is refreshed once, whoever asks first. For hosts that send some requests
    /// themselves (the browser's file parts).
    pub async fn refreshed_jwt(&self, seen: &str) -> Result<String> {
        self.refresh_from(seen).await?;
        self.read(|s| s.jwt.clone())
    }

    /// Sends an authenticated request and returns the server's response as it came (a file
    /// part's bytes, or an envelope); after an expired-JWT answer it refreshes once and retries
    /// (the client's clock may be off, or absent).
    pub(crate) async fn call_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<Body>,
        extra_header: Option<(&str, &str)>,
    ) -> Result<HttpResponse> {
        let jwt = self.jwt().await?;
        let url = self.client.url(path);
        let response = self
            .client
            .raw(
                method,
                url.clone(),
                body.clone(),
                Some(&jwt),
                false,
                extra_header,
            )
            .await?;
        if !jwt_expired(&response) {
            return Ok(response);
        }
        self.refresh_from(&jwt).await?;
        let jwt = self.read(|s| s.jwt.clone())?;
        self.client
            .raw(method, url, body, Some(&jwt), false, extra_header)
            .await
    }

    pub(crate) async fn call_empty(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<()> {
        self.call::<Empty>(method, path, body).await.map(|_| ())
    }

    /// Logs in again with this device's password (and second factor) for a fresh JWT, which
    /// sensitive operations need.
    pub async fn reauthenticate(&self, password: &str, otp: Option<(&str, bool)>) -> Result<()> {
        let identifier = self.identifier()?;
        let session = self
            .client
            .fresh_session(&identifier, password, otp)
            .await?;
        self.write(|s| *s = session)?;
        self.persist().await?;
        self.settle_chain().await
    }

    /// A page of the user's devices; pass the last device of the previous page for the next.
    pub async fn devices(&self, last: Option<&DeviceInfo>) -> Result<Vec<DeviceInfo>> {
        let path = match last {
            Some(last) => format!(
                "{}?last_time={}&last_id={}",
                paths::DEVICES,
                last.created_at,
                paths::fill("{id}", &[&last.device_id])
            ),
            None => paths::DEVICES.to_string(),
        };
        self.call(Method::Get, &path, None).await
    }

    /// Deletes a device (needs a fresh JWT), then rotates the user keys: the removed device
    /// keeps the generations it held (and can decrypt what was encrypted for them), but gets
    /// none of the new ones. Deleting this device itself logs it out here (as sentc does) and
    /// rotates nothing: its sessions end with it, and it is the device giving itself up.
    pub async fn delete_device(&self, device_id: &str) -> Result<()> {
        let path = paths::fill(paths::DEVICE, &[device_id]);
        self.call_empty(Method::Delete, &path, None).await?;
        if device_id == self.device_id()? {
            return self.forget().await;
        }
        self.key_rotation().await.map(drop)
    }

    /// A one-time nonce for a device proof (see [`crate::user::prepare_device_proof`]).
    async fn device_proof_nonce(&self) -> Result<String> {
        let response: DeviceProofNonce = self.call(Method::Post, paths::DEVICE_PROOF, None).await?;
        Ok(response.nonce)
    }

    /// Adds a new device from the transfer text of [`Sentc::register_device_start`].
    pub async fn register_device(&self, transfer: &str) -> Result<()> {
        self.finish_key_rotations().await?;
        let nonce = self.device_proof_nonce().await?;
        let chain = self.chain_state()?;
        let body = prepare_register_device(
            transfer,
            &self.all_keys()?,
            &chain,
            &self.device_keys()?,
            &nonce,
        )?;
        self.call_empty(Method::Put, paths::DONE_REGISTER_DEVICE, Some(body))
            .await
    }

    /// Changes this device's password (needs a fresh JWT and the old password).
    pub async fn change_password(&self, old_password: &str, new_password: &str) -> Result<()> {
        let identifier = self.identifier()?;
        let (params, _) = self.client.offered_params(&identifier).await?;
        let (body, new_params) = prepare_change_password(
            &identifier,
            old_password,
            new_password,
            &params,
            &self.device_keys()?,
        )?;
        self.call_empty(Method::Put, paths::PASSWORD, Some(body))
            .await?;
        self.client.pin_params(&identifier, &new_params).await
    }

    /// Sets a new password for this device without the old one (the user forgot it but is
    /// still logged in here).
    pub async fn reset_password(&self, new_password: &str) -> Result<()> {
        let nonce = self.device_proof_nonce().await?;
        let (body, params) = prepare_reset_password(new_password, &self.device_keys()?, &nonce)?;
        self.call_empty(Method::Put, paths::RESET_PASSWORD, Some(body))
            .await?;
        self.client.pin_params(&self.identifier()?, &params).await
    }

    /// Changes this device's login identifier.
    pub async fn update_identifier(&self, identifier: &str) -> Result<()> {
        let nonce = self.device_proof_nonce().await?;
        let body = prepare_update_identifier(identifier, &self.device_keys()?, &nonce)?;
        self.call_empty(Method::Put, paths::IDENTIFIER, Some(body))
            .await?;
        self.client
            .move_pins(&self.identifier()?, identifier)
            .await?;
        self.write(|s| s.identifier = identifier.to_string())?;
        self.persist().await
    }

    /// Starts a user key rotation; the other devices finish it with
    /// [`Self::finish_key_rotations`]. Returns the new generation's id.
    pub async fn key_rotation(&self) -> Result<KeyId> {
        self.finish_key_rotations().await?;
        let state = self.read(|s| s.chain.clone())?;
        let (body, new, next) =
            prepare_key_rotation(&self.device_keys()?, &state, &self.newest_keys()?)?;
        self.call_empty(Method::Post, paths::KEY_ROTATION, Some(body))
            .await?;
        let id = new.id();
        self.write(|s| s.push_generation(new, next))?;
        self.persist().await?;
        self.settle_chain().await?;
        Ok(id)
    }

    /// Finishes every rotation started on another device, oldest first, a page at a time.
    /// Returns how many.
    pub async fn finish_key_rotations(&self) -> Result<usize> {
        let mut finished: usize = 0;
        let mut last: Option<KeyId> = None;
        loop {
            let path = match last {
                Some(key_id) => format!("{}?last_key={}", paths::KEY_ROTATION, key_id.to_hex()),
                None => paths::KEY_ROTATION.to_string(),
            };
            let page: Vec<PendingRotation> = self.call(Method::Get, &path, None).await?;
            for rotation in &page {
                let previous = self.keys(rotation.previous_key_id)?;
                let state = self.read(|s| s.chain.clone())?;
                let (body, new, next) =
                    finish_key_rotation(rotation, &self.device_keys()?, &state, &previous, None)?;
                let path = paths::fill(paths::KEY_ROTATION_FINISH, &[&rotation.key_id.to_hex()]);
                self.call_empty(Method::Put, &path, Some(body)).await?;
                self.write(|s| s.push_generation(new, next))?;
                finished = finished.saturating_add(1);
            }
            last = page.last().map(|rotation| rotation.key_id);
            if (page.len() as i64) < ROTATIONS_PAGE {
                break;
            }
        }
        if finished > 0 {
            self.persist().await?;
            self.settle_chain().await?;
        }
        Ok(finished)
    }

    /// Reloads every generation of user keys this device holds from the server; the list must
    /// extend the chain this device has verified (`2008`/`2009` otherwise).
    pub async fn fetch_user_keys(&self) -> Result<()> {
        let data: Vec<KeySetData> = self.call(Method::Get, paths::USER_KEYS, None).await?;
        let (user_id, known) = self.read(|s| (s.user_id.clone(), s.chain.clone()))?;
        let chain = verify_user_chain(&user_id, &data, &[&known])?;
        let device = self.device_keys()?;
        let keys = data
            .iter()
            .map(|data| KeySet::open(data, device.private_key()))
            .collect::<Result<Vec<_>>>()?;
        self.write(|s| {
            s.user_keys = keys;
            s.chain_sealed &= s.chain == chain;
            s.chain = chain;
        })?;
        self.persist().await?;
        self.settle_chain().await
    }

    /// Signs `data` with the user's newest sign key; anyone can check it with [`Self::verify`].
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        crate::crypto::sign_message(self.newest_keys()?.sign_key(), data)
    }

    /// Checks that `signed` was signed by user `user_id` (fetching the verify key the message
    /// names, which the server must list as the user's) and returns the data.
    pub async fn verify(&self, user_id: &str, signed: &[u8]) -> Result<Vec<u8>> {
        let key_id = crate::crypto::signed_message_signer(signed)?;
        let verify_key = self.client.get_user_verify_key(user_id, key_id).await?;
        crate::crypto::verify_message(&verify_key, signed).map(<[u8]>::to_vec)
    }

    /// The safety number of this user and another: compare it out of band. It is made of both
    /// users' anchors (their first generations, which every later one chains from), so it stays
    /// the same across key rotations and changes only with an identity — and the other user's
    /// anchor comes from the identity this client pinned for them.
    pub async fn safety_number(&self, other_user_id: &str) -> Result<String> {
        let other = self
            .client
            .get_user_anchor_verify_key(other_user_id)
            .await?;
        let (me, mine) = self.read(|s| {
            s.user_keys
                .first()
                .map(|anchor| (s.user_id.clone(), anchor.verify_key().clone()))
                .ok_or_else(|| Error::with_detail(ErrorCode::NotLoggedIn, "no user keys"))
        })??;
        Ok(safety_number((&me, &mine), (other_user_id, &other)))
    }

    /// Enables TOTP (needs a fresh JWT): returns the secret for the authenticator app and
    /// the recovery codes.
    pub async fn register_otp(&self) -> Result<OtpRegisterResponse> {
        let registered = self.call(Method::Patch, paths::OTP, None).await?;
        self.set_mfa(true).await?;
        Ok(registered)
    }

    /// Replaces the TOTP secret and recovery codes (needs a fresh JWT).
    pub async fn reset_otp(&self) -> Result<OtpRegisterResponse> {
        self.call(Method::Patch, paths::OTP_RESET, None).await
    }

    /// Disables TOTP (needs a fresh JWT).
    pub async fn disable_otp(&self) -> Result<()> {
        self.call_empty(Method::Delete, paths::OTP, None).await?;
        self.set_mfa(false).await
    }

    /// Whether the user has a second factor enabled, as of the login or this device's last
    /// change (an app backend's forced disable shows at the next login). Informational.
    pub fn mfa(&self) -> Result<bool> {
        self.read(|s| s.mfa)
    }

    async fn set_mfa(&self, enabled: bool) -> Result<()> {
        self.write(|s| s.mfa = enabled)?;
        self.persist().await
    }

    /// The unused recovery codes (needs a fresh JWT).
    pub async fn otp_recovery_codes(&self) -> Result<Vec<SecretText>> {
        let response: OtpRecoveryCodesResponse = self
            .call(Method::Get, paths::OTP_RECOVERY_CODES, None)
            .await?;
        Ok(response.recovery_codes)
    }

    /// Ends every session of every device of the user (needs a fresh JWT).
    pub async fn revoke_all_sessions(&self) -> Result<()> {
        self.call_empty(Method::Delete, paths::SESSIONS, None).await
    }

    /// Ends every session of one device (needs a fresh JWT).
    pub async fn revoke_device_sessions(&self, device_id: &str) -> Result<()> {
        let path = paths::fill(paths::DEVICE_SESSIONS, &[device_id]);
        self.call_empty(Method::Delete, &path, None).await
    }

    /// Deletes the user (needs a fresh JWT; the app must allow the public token, otherwise
    /// delete from the app's backend).
    pub async fn delete(&self) -> Result<()> {
        self.call_empty(Method::Delete, paths::USER, None).await?;
        // The account is gone by this device's own hand: its pins for the identifier go too.
        self.client.unpin_identifier(&self.identifier()?).await?;
        self.forget().await
    }

    /// Logs out: ends this device's sessions and removes the user from the store.
    pub async fn logout(&self) -> Result<()> {
        self.call_empty(Method::Post, paths::LOGOUT, None).await?;
        self.forget().await
    }

    async fn forget(&self) -> Result<()> {
        let user_id = self.user_id()?;
        let store = self.client.store();
        store
            .delete(&self.client.store_key(&format!("user/{user_id}")))
            .await?;
        store.delete(&self.client.store_key("actual")).await
    }
}

/// Whether the server refused a request for an expired JWT.
fn jwt_expired(response: &HttpResponse) -> bool {
    response.status == ErrorCode::JwtExpired.http_status()
        && std::str::from_utf8(&response.body).is_ok_and(
            |body| matches!(response_result(body), Err(err) if err.code() == ErrorCode::JwtExpired),
        )
}

/// Searchable hashes and sortable numbers with the user's generations.
impl<T: Transport, S: Store> SearchableKeys for User<T, S> {
    fn search_key(&self) -> Result<SearchKey> {
        self.read(|session| session.search_key())?
    }

    fn every_search_key(&self) -> Result<Vec<SearchKey>> {
        self.read(|session| session.every_search_key())?
    }

    fn sortable_key(&self) -> Result<SortableKey> {
        self.read(|session| session.sortable_key())?
    }
}
