//! Request and response bodies of the user endpoints, shared by client and server.
//!
//! Binary values travel as their wire types ([`WrappedKey`] as base64, public keys as their
//! versioned JSON); identifiers as strings.

use serde::{Deserialize, Serialize};

use crate::crypto::{KeyId, PasswordParams, PublicKey, VerifyKey, WrappedKey};
use crate::protocol::SecretText;

/// Pending rotations per page of `GET /api/v1/user/key_rotation` (and of a group's).
pub const ROTATIONS_PAGE: i64 = 50;

/// Longest accepted identifier (user name, e-mail, ...), in bytes.
pub const MAX_IDENTIFIER_LEN: usize = 200;

/// What a device uploads when it is registered (the first device at user registration, or a
/// new device of an existing user).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceRegistration {
    /// The device's login identifier.
    pub device_identifier: String,
    /// Argon2id parameters and salt of the device password.
    pub password_params: PasswordParams,
    /// SHA-256 of the authentication key (base64); the server stores it.
    pub hashed_auth_key: String,
    /// The device master key, wrapped under the password-derived key.
    pub master_key: WrappedKey,
    /// The device's public key.
    pub public_key: PublicKey,
    /// The device's verify key.
    pub verify_key: VerifyKey,
    /// The device private key, wrapped under the master key.
    pub private_key: WrappedKey,
    /// The device sign key, wrapped under the master key.
    pub sign_key: WrappedKey,
    /// What the device has verified of the user's key chain, sealed under its master key
    /// (`sentc_core::keys::ChainState`); none for a device not logged in yet.
    #[serde(default)]
    pub chain_state: Option<String>,
}

/// One generation of a user's keys as uploaded and downloaded. The symmetric key is wrapped
/// for one member (a device); the key pairs are wrapped under the symmetric key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySetData {
    /// The id of the generation (the id of its symmetric key).
    pub key_id: KeyId,
    /// The symmetric key, wrapped to the member's public key.
    pub wrapped_key: WrappedKey,
    /// The generation's public key.
    pub public_key: PublicKey,
    /// The generation's verify key.
    pub verify_key: VerifyKey,
    /// The private key, wrapped under the symmetric key.
    pub private_key: WrappedKey,
    /// The sign key, wrapped under the symmetric key.
    pub sign_key: WrappedKey,
    /// The public key signed by the sign key (a detached signature, base64).
    pub public_key_signature: String,
    /// The generation this one follows in the user's chain (`None` for the first).
    #[serde(default)]
    pub previous_key_id: Option<KeyId>,
    /// The chain link (a detached signature, base64): by the previous generation's sign key
    /// over the user id, both key ids and this generation's public and verify key ids; the first
    /// generation signs its own (`sentc_core::keys::verify_user_chain`).
    pub link_signature: String,
}

/// One generation of a user's key chain as anyone may read it (`GET
/// /api/v1/user/{id}/key_chain`): the public halves and the link, no wrapped keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserKeyLink {
    /// The generation's id.
    pub key_id: KeyId,
    /// The generation it follows (`None` for the first).
    #[serde(default)]
    pub previous_key_id: Option<KeyId>,
    /// Its public key.
    pub public_key: PublicKey,
    /// Its verify key.
    pub verify_key: VerifyKey,
    /// The chain link (see [`KeySetData::link_signature`]).
    pub link_signature: String,
}

/// `POST /api/v1/register`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The new user's id, chosen by the client (32 random hex digits) so that the first key
    /// generation can sign it; the server only checks that it is free.
    pub user_id: String,
    /// The first device (its identifier is the user's identifier).
    pub device: DeviceRegistration,
    /// The first generation of user keys, wrapped for that device.
    pub user_keys: KeySetData,
}

/// The result of `POST /api/v1/register`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterResponse {
    /// The new user's id.
    pub user_id: String,
    /// The first device's id.
    pub device_id: String,
}

/// A body naming a user by identifier (`/exists`, `/prepare_login`, backend endpoints).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifierRequest {
    /// The login identifier.
    pub user_identifier: String,
}

/// The result of `POST /api/v1/exists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistsResponse {
    /// Whether the identifier is taken.
    pub exists: bool,
}

/// The result of `POST /api/v1/prepare_login`: how to derive the keys of the password.
/// Unknown identifiers get deterministic fake parameters, indistinguishable from real ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrepareLoginResponse {
    /// The device's password parameters.
    pub password_params: PasswordParams,
}

/// `POST /api/v1/done_login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoneLoginRequest {
    /// The device identifier.
    pub user_identifier: String,
    /// The authentication key (base64).
    pub auth_key: SecretText,
}

/// The keys a device gets back at login, all still wrapped.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceKeysData {
    /// The user's id.
    pub user_id: String,
    /// The device's id.
    pub device_id: String,
    /// The master key, wrapped under the password-derived key.
    pub master_key: WrappedKey,
    /// The device public key.
    pub public_key: PublicKey,
    /// The device verify key.
    pub verify_key: VerifyKey,
    /// The device private key, wrapped under the master key.
    pub private_key: WrappedKey,
    /// The device sign key, wrapped under the master key.
    pub sign_key: WrappedKey,
    /// The chain state the device sealed last (`DeviceRegistration::chain_state`).
    #[serde(default)]
    pub chain_state: Option<String>,
    /// For a device added by another: the record the adding device left.
    #[serde(default)]
    pub onboarding: Option<OnboardingRecord>,
}

/// The result of `done_login` and `validate_mfa`. On the wire `{"state": "mfa"}` or
/// `{"state": "keys", "device": …, "challenge": …}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "DoneLoginWire", into = "DoneLoginWire")]
pub enum DoneLoginResponse {
    /// The password was right and the user has multi-factor authentication: call
    /// `validate_mfa` with a one-time password.
    Mfa,
    /// The device keys and a challenge encrypted to the device public key.
    Keys {
        /// The device keys.
        device: Box<DeviceKeysData>,
        /// A random challenge encrypted to the device public key (base64).
        challenge: String,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum DoneLoginState {
    Mfa,
    Keys,
}

/// [`DoneLoginResponse`] as a flat struct (see `AccessByWire` in `protocol::group`).
#[derive(Serialize, Deserialize)]
struct DoneLoginWire {
    state: DoneLoginState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device: Option<Box<DeviceKeysData>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    challenge: Option<String>,
}

impl TryFrom<DoneLoginWire> for DoneLoginResponse {
    type Error = &'static str;

    fn try_from(wire: DoneLoginWire) -> Result<Self, Self::Error> {
        match (wire.state, wire.device, wire.challenge) {
            (DoneLoginState::Mfa, _, _) => Ok(Self::Mfa),
            (DoneLoginState::Keys, Some(device), Some(challenge)) => {
                Ok(Self::Keys { device, challenge })
            }
            _ => Err("missing field `device` or `challenge`"),
        }
    }
}

impl From<DoneLoginResponse> for DoneLoginWire {
    fn from(response: DoneLoginResponse) -> Self {
        match response {
            DoneLoginResponse::Mfa => Self {
                state: DoneLoginState::Mfa,
                device: None,
                challenge: None,
            },
            DoneLoginResponse::Keys { device, challenge } => Self {
                state: DoneLoginState::Keys,
                device: Some(device),
                challenge: Some(challenge),
            },
        }
    }
}

/// `POST /api/v1/validate_mfa`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateMfaRequest {
    /// The device identifier.
    pub user_identifier: String,
    /// The authentication key (base64).
    pub auth_key: SecretText,
    /// The one-time password, or a recovery code.
    pub token: SecretText,
    /// Whether `token` is a recovery code.
    pub recovery: bool,
}

/// `POST /api/v1/verify_login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyLoginRequest {
    /// The device identifier.
    pub user_identifier: String,
    /// The authentication key (base64).
    pub auth_key: SecretText,
    /// The decrypted challenge (base64).
    pub challenge: SecretText,
}

/// The result of `verify_login`: a session and the user keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginResponse {
    /// The user's id.
    pub user_id: String,
    /// The device's id.
    pub device_id: String,
    /// A fresh JWT.
    pub jwt: String,
    /// A refresh token (single use; every refresh returns a new one).
    pub refresh_token: SecretText,
    /// Every generation of user keys wrapped for this device, oldest first.
    pub user_keys: Vec<KeySetData>,
    /// Whether the user has a second factor (TOTP) enabled: informational, as sentc's
    /// `user_data.mfa`; it decides nothing in the client.
    #[serde(default)]
    pub mfa: bool,
}

/// `PUT /api/v1/refresh`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The current refresh token.
    pub refresh_token: SecretText,
}

/// The result of a refresh: a new JWT (not fresh) and the next refresh token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshResponse {
    /// The new JWT.
    pub jwt: String,
    /// The next refresh token; the old one is now used up.
    pub refresh_token: SecretText,
}

/// `POST /api/v1/user/prepare_register_device`: a new device announces itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepareRegisterDeviceRequest {
    /// The new device.
    pub device: DeviceRegistration,
}

/// The result of `prepare_register_device`. The new device makes the transfer text for a
/// logged-in device from it and from what it knows itself ([`DeviceTransfer`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrepareRegisterDeviceResponse {
    /// The pending device's id.
    pub device_id: String,
    /// A one-time token naming the announcement.
    pub token: SecretText,
}

/// What a new device hands to a logged-in device of the user, out of band (a QR code, a copied
/// text): never through the server, which therefore cannot swap the public key or learn the
/// secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceTransfer {
    /// The pending device's id.
    pub device_id: String,
    /// The announcement's token.
    pub token: SecretText,
    /// The new device's own public key, which the user keys are wrapped to.
    pub public_key: PublicKey,
    /// A one-time secret (base64, 32 bytes) that authenticates the onboarding record.
    pub secret: SecretText,
}

/// What an adding device leaves for the new device's first login: the user key chain state it
/// verified, authenticated with the transfer's one-time secret, so the new device checks the
/// chain against it instead of taking the server's word.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingRecord {
    /// The adding device's chain state (JSON).
    pub chain_state: String,
    /// `HMAC-SHA-256(secret, "sentc-device-onboarding-v1" || chain_state)` (base64).
    pub mac: String,
}

/// A generation of user keys wrapped for one more member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrappedKeyUpload {
    /// The generation.
    pub key_id: KeyId,
    /// Its symmetric key wrapped for the member.
    pub wrapped_key: WrappedKey,
}

/// `PUT /api/v1/user/done_register_device`: a logged-in device adds the pending one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoneRegisterDeviceRequest {
    /// The token from [`PrepareRegisterDeviceResponse`].
    pub token: SecretText,
    /// Every generation of user keys wrapped for the new device.
    pub user_keys: Vec<WrappedKeyUpload>,
    /// The record the new device checks its first login against.
    pub onboarding: OnboardingRecord,
}

/// `POST /api/v1/user/device_proof`: a one-time nonce for a device proof.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceProofNonce {
    /// 32 random bytes (base64), valid for a short time and for one request of this device.
    pub nonce: String,
}

/// A request the device proves it sends: the operation's JSON body as text, a nonce from
/// `POST /api/v1/user/device_proof` and the device's signature over nonce, endpoint path and
/// payload (see `sentc_core::user::prepare_device_proof`). Password reset, identifier changes
/// and adding a device take their bodies this way.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceProvenRequest {
    /// The operation's body (JSON text).
    pub payload: String,
    /// The nonce (base64).
    pub nonce: String,
    /// The device sign key's signature (base64).
    pub signature: String,
}

/// One device in the device list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// The device's id.
    pub device_id: String,
    /// The device's login identifier.
    pub identifier: String,
    /// When it was added (milliseconds since the Unix epoch).
    pub created_at: i64,
}

/// `PUT /api/v1/user/password`: change the device password, proving the old one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The authentication key of the old password (base64).
    pub old_auth_key: SecretText,
    /// The new password's protection.
    pub new_password: PasswordUpdate,
}

/// A device password's server-side data, replaced together.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordUpdate {
    /// Argon2id parameters and salt.
    pub password_params: PasswordParams,
    /// SHA-256 of the authentication key (base64).
    pub hashed_auth_key: String,
    /// The device master key wrapped under the new password-derived key.
    pub master_key: WrappedKey,
}

/// `PUT /api/v1/user/identifier`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateIdentifierRequest {
    /// The new login identifier of this device.
    pub user_identifier: String,
}

/// `POST /api/v1/user/key_rotation`: a new generation of user keys.
///
/// The starter generates the new keys and an ephemeral key, wraps the new symmetric key under
/// the ephemeral key and the ephemeral key under the previous symmetric key. The server wraps
/// `ephemeral_by_previous` for every other device's public key; each device finishes by
/// unwrapping, decrypting with the previous key and uploading its own copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRotationRequest {
    /// The generation this rotation replaces (must be the newest).
    pub previous_key_id: KeyId,
    /// The new generation, its symmetric key wrapped for the starting device.
    pub key_set: KeySetData,
    /// The new symmetric key wrapped under the ephemeral key (signed by the starter's device).
    pub new_key_by_ephemeral: WrappedKey,
    /// The ephemeral key wrapped under the previous symmetric key.
    pub ephemeral_by_previous: WrappedKey,
}

/// A rotation a device still has to finish.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingRotation {
    /// The new generation's id.
    pub key_id: KeyId,
    /// The generation it replaces.
    pub previous_key_id: KeyId,
    /// `ephemeral_by_previous`, encrypted by the server to this device's public key (base64).
    pub encrypted_ephemeral: String,
    /// The id of the device that started the rotation (its verify key checks the signature
    /// on the new key).
    pub started_by_device: String,
    /// The new generation; its `wrapped_key` is the new symmetric key wrapped under the
    /// ephemeral key (signed by the starting device).
    pub key_set: KeySetData,
}

/// `PUT /api/v1/user/key_rotation/{key_id}`: the device's own copy of the new key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishRotationRequest {
    /// The new symmetric key wrapped to this device's public key.
    pub wrapped_key: WrappedKey,
}

/// A user's newest public key, as anyone may fetch it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserPublicKeyResponse {
    /// The generation's id.
    pub key_id: KeyId,
    /// The public key.
    pub public_key: PublicKey,
    /// The public key signed by the user's sign key of the same generation (base64).
    pub public_key_signature: String,
    /// The id of the verify key that checks the signature.
    pub verify_key_id: KeyId,
}

/// The result of registering or resetting a TOTP second factor.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OtpRegisterResponse {
    /// The TOTP secret (RFC 4648 base32, no padding) for the authenticator app.
    pub secret: SecretText,
    /// Single-use recovery codes.
    pub recovery_codes: Vec<SecretText>,
}

/// The remaining recovery codes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OtpRecoveryCodesResponse {
    /// The codes not used yet.
    pub recovery_codes: Vec<SecretText>,
}

/// `PUT /api/v1/user/forced/reset`: an app backend replaces a user's devices and keys (the user
/// forgot the password and has no logged-in device). Data encrypted for the old keys is lost.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcedResetRequest {
    /// Which user, by any of its device identifiers.
    pub user_identifier: String,
    /// The new first device.
    pub device: DeviceRegistration,
    /// The new first generation of user keys.
    pub user_keys: KeySetData,
}

/// `PUT /api/v1/user/device/chain_state`: the device's sealed chain state, after it verified
/// more of the chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainStateUpdate {
    /// The sealed state (base64).
    pub chain_state: String,
}

/// A JSON object with no fields, the result of operations that return nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}
