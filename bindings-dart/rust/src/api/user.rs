//! `User`: a logged-in user, every method of the core's `User` with sentc's names in the
//! language's case (`update_user`, `delete_user`, `get_devices`, `register_otp`, …).

use flutter_rust_bridge::frb;
use sentc_core::client::open_local_file;
use std::future::Future;

use crate::api::error::SentcError;
use crate::api::files::{FileCreateOutput, FileProgress};
use crate::api::group::{Group, verify_level};
use crate::api::records::{
    DeviceListItem, GroupInviteListItem, GroupListItem, OtpRegister, OtpRegisterUrl,
};
use crate::api::shared::shared_methods;
use crate::api::sym_key::{NonRegisteredKey, SymKey};
use crate::convert::{last, page};
use crate::guard::{guard, guard_async};
use crate::host::{AnyStore, AnyTransport};
use crate::progress::DartProgress;

pub(crate) type CoreUser = sentc_core::client::User<AnyTransport, AnyStore>;

/// A logged-in user.
#[frb(opaque)]
pub struct User {
    inner: CoreUser,
}

impl User {
    pub(crate) fn new(inner: CoreUser) -> Self {
        Self { inner }
    }

    /// Runs a sensitive `call` after logging in again for the fresh JWT it needs (sentc's
    /// password and second-factor arguments; they never leave the device).
    async fn with_fresh_login<T>(
        &self,
        password: &str,
        mfa_token: Option<String>,
        mfa_recovery: bool,
        call: impl Future<Output = sentc_core::Result<T>>,
    ) -> Result<T, SentcError> {
        guard_async(async {
            let otp = mfa_token.as_deref().map(|token| (token, mfa_recovery));
            self.inner.reauthenticate(password, otp).await?;
            call.await
        })
        .await
    }
}

fn otp_register(response: sentc_core::protocol::user::OtpRegisterResponse) -> OtpRegister {
    OtpRegister {
        secret: response.secret.expose().to_owned(),
        alg: "SHA1".to_owned(),
        recover: response
            .recovery_codes
            .iter()
            .map(|code| code.expose().to_owned())
            .collect(),
    }
}

fn otp_url(issuer: &str, audience: &str, register: OtpRegister) -> OtpRegisterUrl {
    OtpRegisterUrl {
        url: sentc_core::user::otp_auth_url(issuer, audience, &register.secret),
        recover: register.recover,
    }
}

impl User {
    // The user.

    /// sentc's `user_id`.
    #[frb(sync, getter)]
    pub fn user_id(&self) -> Result<String, SentcError> {
        guard(|| self.inner.user_id())
    }

    /// sentc's `device_id`: this device.
    #[frb(sync, getter)]
    pub fn device_id(&self) -> Result<String, SentcError> {
        guard(|| self.inner.device_id())
    }

    /// The identifier this device logged in with.
    #[frb(sync, getter)]
    pub fn identifier(&self) -> Result<String, SentcError> {
        guard(|| self.inner.identifier())
    }

    /// The id of the user's newest key generation.
    #[frb(sync, getter)]
    pub fn newest_key_id(&self) -> Result<String, SentcError> {
        guard(|| Ok(self.inner.newest_keys()?.id().to_string()))
    }

    /// sentc's `enabledMfa()`: whether the user has a second factor.
    #[frb(sync)]
    pub fn enabled_mfa(&self) -> Result<bool, SentcError> {
        guard(|| self.inner.mfa())
    }

    /// sentc's `getJwt()`: a valid JWT (refreshed when it expires), for the app's own backend.
    pub async fn get_jwt(&self) -> Result<String, SentcError> {
        guard_async(self.inner.jwt()).await
    }

    // Account.

    /// sentc's `updateUser(newIdentifier)`.
    pub async fn update_user(&self, new_identifier: String) -> Result<(), SentcError> {
        guard_async(self.inner.update_identifier(&new_identifier)).await
    }

    /// sentc's `changePassword(oldPassword, newPassword, mfaToken, mfaRecovery)`.
    pub async fn change_password(
        &self,
        old_password: String,
        new_password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<(), SentcError> {
        let change = self.inner.change_password(&old_password, &new_password);
        self.with_fresh_login(&old_password, mfa_token, mfa_recovery, change)
            .await
    }

    /// sentc's `resetPassword(newPassword)`: right after a login (it needs a fresh JWT).
    pub async fn reset_password(&self, new_password: String) -> Result<(), SentcError> {
        guard_async(self.inner.reset_password(&new_password)).await
    }

    /// sentc's `logOut()`: ends this device's sessions and clears the store.
    pub async fn log_out(&self) -> Result<(), SentcError> {
        guard_async(self.inner.logout()).await
    }

    /// sentc's `deleteUser(password, mfaToken, mfaRecovery)`.
    pub async fn delete_user(
        &self,
        password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<(), SentcError> {
        self.with_fresh_login(&password, mfa_token, mfa_recovery, self.inner.delete())
            .await
    }

    // Devices.

    /// sentc's `deleteDevice(password, deviceId, mfaToken, mfaRecovery)`; the user keys then
    /// rotate, so the removed device gets no new generation.
    pub async fn delete_device(
        &self,
        password: String,
        device_id: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<(), SentcError> {
        let delete = self.inner.delete_device(&device_id);
        self.with_fresh_login(&password, mfa_token, mfa_recovery, delete)
            .await
    }

    /// sentc's `registerDevice(serverOutput)`: adds the new device whose transfer text came
    /// from `Sentc.register_device_start`.
    pub async fn register_device(&self, server_output: String) -> Result<(), SentcError> {
        guard_async(self.inner.register_device(&server_output)).await
    }

    /// sentc's `getDevices(lastFetchedItem)`.
    pub async fn get_devices(
        &self,
        last_fetched_item: Option<DeviceListItem>,
    ) -> Result<Vec<DeviceListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.devices(last.as_ref()))
            .await
            .map(page)
    }

    /// Ends the sessions of every device (needs a fresh login).
    pub async fn revoke_all_sessions(&self) -> Result<(), SentcError> {
        guard_async(self.inner.revoke_all_sessions()).await
    }

    /// Ends the sessions of one device (needs a fresh login).
    pub async fn revoke_device_sessions(&self, device_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.revoke_device_sessions(&device_id)).await
    }

    // Second factor (TOTP).

    /// sentc's `registerRawOtp(password, mfaToken, mfaRecovery)`: turns TOTP on.
    pub async fn register_raw_otp(
        &self,
        password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<OtpRegister, SentcError> {
        let register = self.inner.register_otp();
        let registered = self
            .with_fresh_login(&password, mfa_token, mfa_recovery, register)
            .await?;
        Ok(otp_register(registered))
    }

    /// sentc's `registerOtp(issuer, audience, password, …)`: the URL for a QR code.
    pub async fn register_otp(
        &self,
        issuer: String,
        audience: String,
        password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<OtpRegisterUrl, SentcError> {
        let raw = self
            .register_raw_otp(password, mfa_token, mfa_recovery)
            .await?;
        Ok(otp_url(&issuer, &audience, raw))
    }

    /// sentc's `resetRawOtp(password, …)`: a new secret and recovery codes.
    pub async fn reset_raw_otp(
        &self,
        password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<OtpRegister, SentcError> {
        let reset = self.inner.reset_otp();
        let registered = self
            .with_fresh_login(&password, mfa_token, mfa_recovery, reset)
            .await?;
        Ok(otp_register(registered))
    }

    /// sentc's `resetOtp(issuer, audience, password, …)`.
    pub async fn reset_otp(
        &self,
        issuer: String,
        audience: String,
        password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<OtpRegisterUrl, SentcError> {
        let raw = self
            .reset_raw_otp(password, mfa_token, mfa_recovery)
            .await?;
        Ok(otp_url(&issuer, &audience, raw))
    }

    /// sentc's `disableOtp(password, mfaToken, mfaRecovery)`.
    pub async fn disable_otp(
        &self,
        password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<(), SentcError> {
        self.with_fresh_login(&password, mfa_token, mfa_recovery, self.inner.disable_otp())
            .await
    }

    /// sentc's `getOtpRecoverKeys(password, …)`: the recovery codes not used yet.
    pub async fn get_otp_recover_keys(
        &self,
        password: String,
        mfa_token: Option<String>,
        mfa_recovery: bool,
    ) -> Result<Vec<String>, SentcError> {
        let fetch = self.inner.otp_recovery_codes();
        let codes = self
            .with_fresh_login(&password, mfa_token, mfa_recovery, fetch)
            .await?;
        Ok(codes.iter().map(|code| code.expose().to_owned()).collect())
    }

    // Keys and identities.

    /// sentc's `keyRotation()`: a new generation of user keys (other devices finish it).
    pub async fn key_rotation(&self) -> Result<String, SentcError> {
        guard_async(async { Ok(self.inner.key_rotation().await?.to_string()) }).await
    }

    /// sentc's `finishKeyRotation()`: finishes the rotations other devices started; how many.
    pub async fn finish_key_rotation(&self) -> Result<u32, SentcError> {
        guard_async(async {
            let finished = self.inner.finish_key_rotations().await?;
            Ok(u32::try_from(finished).unwrap_or(u32::MAX))
        })
        .await
    }

    /// sentc's `createSafetyNumber(userToCompare)`: this user's and `user_id`'s number, to
    /// compare out of band.
    pub async fn create_safety_number(&self, user_id: String) -> Result<String, SentcError> {
        guard_async(self.inner.safety_number(&user_id)).await
    }

    /// Signs `data` with the user's newest sign key: the signed message.
    pub fn sign(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.inner.sign(&data))
    }

    /// Verifies a message signed by user `user_id`: its content.
    pub async fn verify(
        &self,
        user_id: String,
        signed_message: Vec<u8>,
    ) -> Result<Vec<u8>, SentcError> {
        // Not `signed`: a C keyword, and the name reaches the generated C header.
        guard_async(self.inner.verify(&user_id, &signed_message)).await
    }

    // Data for a user.

    /// sentc's `encrypt(data, replyId, sign)`: data for user `reply_id`'s public key (from
    /// their verified key chain).
    pub async fn encrypt(
        &self,
        data: Vec<u8>,
        reply_id: String,
        sign: bool,
    ) -> Result<Vec<u8>, SentcError> {
        guard_async(self.inner.encrypt_for_user(&reply_id, &data, sign)).await
    }

    /// sentc's `decrypt(data)`: data encrypted for this user (signature not checked).
    pub fn decrypt(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.inner.decrypt_from_user(&data, None))
    }

    /// sentc's `decrypt(data, true, userId)`: the data must be signed by user `user_id`.
    pub async fn decrypt_verified(
        &self,
        data: Vec<u8>,
        user_id: String,
    ) -> Result<Vec<u8>, SentcError> {
        guard_async(self.inner.decrypt_from_user_verified(&data, &user_id)).await
    }

    /// sentc's `encryptString(data, replyId, sign)` (base64).
    pub async fn encrypt_string(
        &self,
        data: String,
        reply_id: String,
        sign: bool,
    ) -> Result<String, SentcError> {
        guard_async(self.inner.encrypt_string_for_user(&reply_id, &data, sign)).await
    }

    /// sentc's `decryptString(data)`.
    pub fn decrypt_string(&self, data: String) -> Result<String, SentcError> {
        guard(|| self.inner.decrypt_string_from_user(&data))
    }

    // Symmetric keys.

    /// sentc's `registerKey(replyId)`: a new key stored on the server, wrapped for `reply_id`
    /// (default this user).
    pub async fn register_key(&self, reply_id: Option<String>) -> Result<SymKey, SentcError> {
        guard_async(async {
            let reply = reply_id.map_or_else(|| self.inner.user_id(), Ok)?;
            let (key, wrapped) = self.inner.register_key_for(&reply).await?;
            Ok(SymKey::from_core(key, wrapped.wrapping_key_id()))
        })
        .await
    }

    /// sentc's `generateNonRegisteredKey(replyId)`: a key to keep, wrapped, beside the data.
    pub async fn generate_non_registered_key(
        &self,
        reply_id: Option<String>,
    ) -> Result<NonRegisteredKey, SentcError> {
        guard_async(async {
            let reply = reply_id.map_or_else(|| self.inner.user_id(), Ok)?;
            let (key, wrapped) = self.inner.generate_key_for(&reply).await?;
            Ok(NonRegisteredKey::from_core(key, &wrapped))
        })
        .await
    }

    // Groups.

    /// sentc's `createGroup(sign)`: the new group's id.
    pub async fn create_group(&self, sign: bool) -> Result<String, SentcError> {
        guard_async(self.inner.create_group(sign)).await
    }

    /// sentc's `prepareGroupCreate(sign)`: the body of a group for the app's backend to create
    /// with `Backend.create_group` (signed by this user). No network.
    pub fn prepare_group_create(&self, sign: bool) -> Result<String, SentcError> {
        guard(|| self.inner.prepare_create_group(sign))
    }

    /// sentc's `getGroup(groupId)`: the group with its keys, its key chain verified;
    /// `backend_created` also accepts a first key made by the app's backend.
    pub async fn get_group(
        &self,
        group_id: String,
        backend_created: bool,
    ) -> Result<Group, SentcError> {
        let level = verify_level(backend_created);
        guard_async(self.inner.get_group(&group_id, level))
            .await
            .map(Group::new)
    }

    /// sentc's `getGroups(lastFetchedItem)`: the groups the user is a member of.
    pub async fn get_groups(
        &self,
        last_fetched_item: Option<GroupListItem>,
    ) -> Result<Vec<GroupListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.groups(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `getGroupInvites(lastFetchedItem)`.
    pub async fn get_group_invites(
        &self,
        last_fetched_item: Option<GroupInviteListItem>,
    ) -> Result<Vec<GroupInviteListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.group_invites(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `acceptGroupInvite(groupId)`.
    pub async fn accept_group_invite(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.accept_group_invite(&group_id)).await
    }

    /// sentc's `rejectGroupInvite(groupId)`.
    pub async fn reject_group_invite(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.reject_group_invite(&group_id)).await
    }

    /// sentc's `groupJoinRequest(groupId)`.
    pub async fn group_join_request(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.group_join_request(&group_id)).await
    }

    /// sentc's `sentJoinReq(lastFetchedItem)`: the user's join requests.
    pub async fn sent_join_req(
        &self,
        last_fetched_item: Option<GroupInviteListItem>,
    ) -> Result<Vec<GroupInviteListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.sent_join_requests(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `deleteJoinReq(groupId)`.
    pub async fn delete_join_req(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.delete_join_request(&group_id)).await
    }

    // Files.

    /// sentc's `createFile(path, sign, replyId, uploadCallback)`: encrypts and uploads the file
    /// at `path` for `reply_id` (default this user alone); `progress` gets the bytes sent after
    /// each part and cancels with `false`.
    pub async fn create_file(
        &self,
        path: String,
        sign: bool,
        reply_id: Option<String>,
        progress: Option<FileProgress>,
    ) -> Result<FileCreateOutput, SentcError> {
        let mut progress = DartProgress::new(progress.map(|p| p.report));
        let created = guard_async(async {
            let (mut file, name) = open_local_file(&path)?;
            let (name, reply) = (name.as_deref(), reply_id.as_deref());
            self.inner
                .create_file_from(&mut file, name, reply, sign, None, &mut progress)
                .await
        })
        .await;
        progress.finish().await;
        created.map(FileCreateOutput::from)
    }

    /// [`Self::create_file`] from memory (for the web, which has no files).
    pub async fn create_file_with_bytes(
        &self,
        data: Vec<u8>,
        file_name: Option<String>,
        sign: bool,
        reply_id: Option<String>,
        progress: Option<FileProgress>,
    ) -> Result<FileCreateOutput, SentcError> {
        let mut progress = DartProgress::new(progress.map(|p| p.report));
        let created = guard_async(async {
            let (name, reply) = (file_name.as_deref(), reply_id.as_deref());
            self.inner
                .create_file_from(&mut data.as_slice(), name, reply, sign, None, &mut progress)
                .await
        })
        .await;
        progress.finish().await;
        created.map(FileCreateOutput::from)
    }
}

shared_methods!(User);
