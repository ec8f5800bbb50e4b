//! `User`: the logged-in user of the sentc JS API, every method of the core `User` in
//! camelCase.

use sentc_core::ErrorCode;
use sentc_core::group::VerifyLevel;
use sentc_core::protocol::group::{GroupListItem, GroupRequestItem};
use sentc_core::protocol::user::DeviceInfo;
use wasm_bindgen::prelude::*;

use crate::convert::{from_optional, to_object};
use crate::error::{IntoJs, JsResult, js_error};
use crate::group::Group;
use crate::host::{FetchTransport, HostStore};
use crate::promise::promise;
use crate::searchable;

/// The core user with the browser's transport and storage.
pub type CoreUser = sentc_core::client::User<FetchTransport, HostStore>;

/// A logged-in user. Get one from `Sentc.login`, `Sentc.mfaLogin` or `Sentc.getActualUser`.
#[wasm_bindgen]
pub struct User {
    inner: CoreUser,
}

impl User {
    /// The core user.
    pub fn core(&self) -> &CoreUser {
        &self.inner
    }
}

impl From<CoreUser> for User {
    fn from(inner: CoreUser) -> Self {
        Self { inner }
    }
}

/// sentc's `verify` argument. Its `0`, `1` and `2` (none, if the signer exists, required) all
/// verify the whole key chain here: keys are never taken unverified. `3` (sentc has no such
/// value) also accepts a group created by the app's backend with its secret token, whose first
/// generation no user signed.
pub fn verify_level(level: Option<u8>) -> JsResult<VerifyLevel> {
    match level.unwrap_or(0) {
        0..=2 => Ok(VerifyLevel::Chain),
        3 => Ok(VerifyLevel::BackendCreated),
        _ => Err(js_error(
            ErrorCode::MalformedInput,
            "verify must be 0, 1, 2 or 3",
        )),
    }
}

#[wasm_bindgen]
impl User {
    /// The searchable hashes of `data` with the user's newest key: `{ hashes, alg, key_id }`.
    #[wasm_bindgen(js_name = createSearch, unchecked_return_type = "SearchableItem")]
    pub fn create_search(&self, data: &str, full: bool, limit: Option<u32>) -> JsResult<JsValue> {
        searchable::create(&self.inner, data, full, limit)
    }

    /// The hash of the query `data`: under the newest key, or under every key (newest first).
    #[wasm_bindgen(js_name = searchHashes)]
    pub fn search_hashes(&self, data: &str, every_key: bool) -> JsResult<Vec<String>> {
        searchable::query(&self.inner, data, every_key)
    }

    /// The sortable number of a number (0 to 2^48 − 1) or string: `{ number, alg, key_id }`.
    #[wasm_bindgen(js_name = encryptSortable, unchecked_return_type = "SortableItem")]
    pub fn encrypt_sortable(&self, value: JsValue) -> JsResult<JsValue> {
        searchable::sortable(&self.inner, &value)
    }

    /// The user's id.
    #[wasm_bindgen(getter, js_name = userId)]
    pub fn user_id(&self) -> JsResult<String> {
        self.inner.user_id().js()
    }

    /// This device's id.
    #[wasm_bindgen(getter, js_name = deviceId)]
    pub fn device_id(&self) -> JsResult<String> {
        self.inner.device_id().js()
    }

    /// This device's login identifier.
    #[wasm_bindgen(getter)]
    pub fn identifier(&self) -> JsResult<String> {
        self.inner.identifier().js()
    }

    /// Whether the user has a second factor enabled, as of the login or this device's last
    /// change of it (sentc's `user_data.mfa`; informational).
    #[wasm_bindgen(getter)]
    pub fn mfa(&self) -> JsResult<bool> {
        self.inner.mfa().js()
    }

    /// The id of the newest user key generation.
    #[wasm_bindgen(getter, js_name = newestKeyId)]
    pub fn newest_key_id(&self) -> JsResult<String> {
        Ok(self.inner.newest_keys().js()?.id().to_hex())
    }

    /// The current JWT without refreshing (for the app's backend to check).
    #[wasm_bindgen(js_name = currentJwt)]
    pub fn current_jwt(&self) -> JsResult<String> {
        self.inner.current_jwt().js()
    }

    /// A valid JWT, refreshed first if it is about to expire, or after the server refused
    /// `seen` as expired (the client's clock may be off).
    #[wasm_bindgen(js_name = jwt, unchecked_return_type = "Promise<string>")]
    pub fn jwt(&self, seen: Option<String>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            match seen {
                Some(seen) => inner.refreshed_jwt(&seen).await,
                None => inner.jwt().await,
            }
            .js()
        })
    }

    /// The refresh token, for the cookie strategy (the app backend keeps it in a cookie).
    #[wasm_bindgen(js_name = refreshToken)]
    pub fn refresh_token(&self) -> JsResult<String> {
        Ok(self.inner.refresh_token().js()?.to_string())
    }

    /// Logs in again with this device's password (and `otp`, a code or a recovery code when
    /// `recovery`) for a fresh JWT, which sensitive operations need.
    pub fn reauthenticate(
        &self,
        password: String,
        otp: Option<String>,
        recovery: Option<bool>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let otp = otp.as_deref().map(|code| (code, recovery.unwrap_or(false)));
            inner.reauthenticate(&password, otp).await.js()
        })
    }

    /// A page of devices; pass the last item of the previous page for the next.
    #[wasm_bindgen(unchecked_return_type = "Promise<DeviceInfo[]>")]
    pub fn devices(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DeviceInfo")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<DeviceInfo> = from_optional(last)?;
            to_object(&inner.devices(last.as_ref()).await.js()?)
        })
    }

    /// Removes a device, sentc's way: `deleteDevice(password, deviceId, mfaToken?,
    /// mfaRecovery?)`. The password (and second factor) log this device in again for the fresh
    /// JWT the deletion needs; they never leave the device. The user keys then rotate, so the
    /// removed device gets no new generation.
    #[wasm_bindgen(js_name = deleteDevice)]
    pub fn delete_device(
        &self,
        password: String,
        device_id: String,
        mfa_token: Option<String>,
        mfa_recovery: Option<bool>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let otp = mfa_token
                .as_deref()
                .map(|code| (code, mfa_recovery.unwrap_or(false)));
            inner.reauthenticate(&password, otp).await.js()?;
            inner.delete_device(&device_id).await.js()
        })
    }

    /// Adds the new device whose transfer text came from `Sentc.registerDeviceStart`.
    #[wasm_bindgen(js_name = registerDevice)]
    pub fn register_device(&self, transfer: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.register_device(&transfer).await.js() })
    }

    /// Changes this device's password.
    #[wasm_bindgen(js_name = changePassword)]
    pub fn change_password(&self, old_password: String, new_password: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner
                .change_password(&old_password, &new_password)
                .await
                .js()
        })
    }

    /// Sets a new password without the old one (needs a fresh JWT).
    #[wasm_bindgen(js_name = resetPassword)]
    pub fn reset_password(&self, new_password: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.reset_password(&new_password).await.js() })
    }

    /// Changes this device's login identifier.
    #[wasm_bindgen(js_name = updateIdentifier)]
    pub fn update_identifier(&self, identifier: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.update_identifier(&identifier).await.js() })
    }

    /// Starts a user key rotation; other devices finish it. Returns the new key id.
    #[wasm_bindgen(js_name = keyRotation)]
    pub fn key_rotation(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { Ok(inner.key_rotation().await.js()?.to_hex()) })
    }

    /// Finishes the user key rotations other devices started. Returns how many.
    #[wasm_bindgen(js_name = finishKeyRotations)]
    pub fn finish_key_rotations(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let count = inner.finish_key_rotations().await.js()?;
            Ok(u32::try_from(count).unwrap_or(u32::MAX))
        })
    }

    /// The safety number of this user and another, to compare out of band.
    #[wasm_bindgen(js_name = safetyNumber)]
    pub fn safety_number(&self, other_user_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.safety_number(&other_user_id).await.js() })
    }

    /// Turns on a TOTP second factor: `{ secret, recovery_codes }`.
    #[wasm_bindgen(js_name = registerOtp, unchecked_return_type = "Promise<OtpRegister>")]
    pub fn register_otp(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { to_object(&inner.register_otp().await.js()?) })
    }

    /// A new TOTP secret and recovery codes (needs a fresh JWT).
    #[wasm_bindgen(js_name = resetOtp, unchecked_return_type = "Promise<OtpRegister>")]
    pub fn reset_otp(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { to_object(&inner.reset_otp().await.js()?) })
    }

    /// Turns the second factor off (needs a fresh JWT).
    #[wasm_bindgen(js_name = disableOtp)]
    pub fn disable_otp(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.disable_otp().await.js() })
    }

    /// The recovery codes not used yet (needs a fresh JWT).
    #[wasm_bindgen(js_name = otpRecoveryCodes, unchecked_return_type = "Promise<string[]>")]
    pub fn otp_recovery_codes(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { to_object(&inner.otp_recovery_codes().await.js()?) })
    }

    /// Ends the sessions of every device.
    #[wasm_bindgen(js_name = revokeAllSessions)]
    pub fn revoke_all_sessions(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.revoke_all_sessions().await.js() })
    }

    /// Ends the sessions of one device.
    #[wasm_bindgen(js_name = revokeDeviceSessions)]
    pub fn revoke_device_sessions(&self, device_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.revoke_device_sessions(&device_id).await.js() })
    }

    /// Logs out: ends this device's sessions and removes the user from storage.
    pub fn logout(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.logout().await.js() })
    }

    /// Deletes the user (needs a fresh JWT).
    #[wasm_bindgen(js_name = "delete")]
    pub fn delete_user(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.delete().await.js() })
    }

    /// Signs data with the newest sign key: the signed message, for `verify`.
    pub fn sign(&self, data: &[u8]) -> JsResult<Vec<u8>> {
        self.inner.sign(data).js()
    }

    /// Checks a signed message came from user `user_id`; returns its data.
    pub fn verify(&self, user_id: String, signed: Vec<u8>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.verify(&user_id, &signed).await.js() })
    }

    /// Encrypts for one user with their public key, signed with this user's key if `sign`.
    #[wasm_bindgen(js_name = encryptForUser)]
    pub fn encrypt_for_user(
        &self,
        user_id: String,
        data: Vec<u8>,
        sign: Option<bool>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner
                .encrypt_for_user(&user_id, &data, sign.unwrap_or(false))
                .await
                .js()
        })
    }

    /// Decrypts data encrypted for this user; with `verify_user_id`, the sender's signature
    /// must verify.
    #[wasm_bindgen(js_name = decryptFromUser)]
    pub fn decrypt_from_user(
        &self,
        data: Vec<u8>,
        verify_user_id: Option<String>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            match verify_user_id {
                Some(sender) => inner.decrypt_from_user_verified(&data, &sender).await,
                None => inner.decrypt_from_user(&data, None),
            }
            .js()
        })
    }

    /// Creates a group (the user is its creator, rank 0); `sign` signs its first key. Returns
    /// the group id.
    #[wasm_bindgen(js_name = createGroup)]
    pub fn create_group(&self, sign: Option<bool>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.create_group(sign.unwrap_or(false)).await.js() })
    }

    /// The body of a group creation, for an app backend that creates it with its secret token.
    #[wasm_bindgen(js_name = prepareGroupCreate)]
    pub fn prepare_group_create(&self, sign: Option<bool>) -> JsResult<String> {
        self.inner.prepare_create_group(sign.unwrap_or(false)).js()
    }

    /// Fetches a group, verifies its key chain and opens its keys, sentc's way:
    /// `getGroup(groupId, groupAsMember?, verify?)`. With `groupAsMember`, the group is a
    /// connected group reached through that group of the user's. `verify` 0-2 (sentc's levels)
    /// all verify the chain; 3 also accepts a group an app backend created (see `verify_level`).
    #[wasm_bindgen(js_name = getGroup)]
    pub fn get_group(
        &self,
        group_id: String,
        group_as_member: Option<String>,
        verify: Option<u8>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let level = verify_level(verify)?;
            let group = match group_as_member {
                Some(member) => {
                    let member = inner.get_group(&member, level).await.js()?;
                    member.get_connected_group(&group_id, level).await.js()?
                }
                None => inner.get_group(&group_id, level).await.js()?,
            };
            Ok(Group::from(group))
        })
    }

    /// A page of the user's groups.
    #[wasm_bindgen(js_name = groups, unchecked_return_type = "Promise<GroupListItem[]>")]
    pub fn groups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupListItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupListItem> = from_optional(last)?;
            to_object(&inner.groups(last.as_ref()).await.js()?)
        })
    }

    /// A page of the user's group invites.
    #[wasm_bindgen(js_name = groupInvites, unchecked_return_type = "Promise<GroupRequestItem[]>")]
    pub fn group_invites(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupRequestItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupRequestItem> = from_optional(last)?;
            to_object(&inner.group_invites(last.as_ref()).await.js()?)
        })
    }

    /// Accepts an invite.
    #[wasm_bindgen(js_name = acceptGroupInvite)]
    pub fn accept_group_invite(&self, group_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.accept_group_invite(&group_id).await.js() })
    }

    /// Rejects an invite.
    #[wasm_bindgen(js_name = rejectGroupInvite)]
    pub fn reject_group_invite(&self, group_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.reject_group_invite(&group_id).await.js() })
    }

    /// Asks to join a group.
    #[wasm_bindgen(js_name = groupJoinRequest)]
    pub fn group_join_request(&self, group_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.group_join_request(&group_id).await.js() })
    }

    /// A page of the user's sent join requests.
    #[wasm_bindgen(js_name = sentJoinRequests, unchecked_return_type = "Promise<GroupRequestItem[]>")]
    pub fn sent_join_requests(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupRequestItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupRequestItem> = from_optional(last)?;
            to_object(&inner.sent_join_requests(last.as_ref()).await.js()?)
        })
    }

    /// Withdraws a join request.
    #[wasm_bindgen(js_name = deleteJoinRequest)]
    pub fn delete_join_request(&self, group_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.delete_join_request(&group_id).await.js() })
    }
}
