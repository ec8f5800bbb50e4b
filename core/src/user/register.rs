//! Registration: the first device and the first generation of user keys.

use crate::crypto::{KeyId, json_to_string};
use crate::error::Result;
use crate::keys::{ChainState, DeviceKeys, KeySet};
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{ForcedResetRequest, RegisterRequest, RegisterResponse};

use super::identifier::check_identifier;

/// The body of `POST /api/v1/register` (or of the app backend's own endpoint that forwards
/// it with the secret token). No network; derives the password keys (Argon2id).
pub fn prepare_register(identifier: &str, password: &str) -> Result<String> {
    let request = prepare_register_with_keys(
        &KeyId::random()?.to_hex(),
        identifier,
        password,
        &DeviceKeys::generate()?,
        &KeySet::generate()?,
    )?;
    json_to_string(&request)
}

/// The registration request of user `user_id` (chosen by the client: random for a new user,
/// the existing id for a forced reset) with given keys: the first device, with the chain state
/// of the anchor sealed under its master key, and the anchor generation signing its own link.
pub fn prepare_register_with_keys(
    user_id: &str,
    identifier: &str,
    password: &str,
    device: &DeviceKeys,
    user_keys: &KeySet,
) -> Result<RegisterRequest> {
    check_identifier(identifier)?;
    let mut registration = device.registration(identifier, password)?;
    registration.chain_state =
        Some(ChainState::anchor(user_id, user_keys).seal(device.master_key())?);
    Ok(RegisterRequest {
        user_id: user_id.to_string(),
        device: registration,
        user_keys: user_keys.data_for(device.public_key(), user_id, None)?,
    })
}

/// The body of the app backend's `PUT /api/v1/user/forced/reset` for user `user_id`, who logs in
/// with `identifier` and `new_password` afterwards: a new first device and key generation, made
/// where the new password is typed (the backend never sees it or the keys). Data encrypted for
/// the old keys cannot be decrypted any more. No network.
pub fn prepare_forced_reset(user_id: &str, identifier: &str, new_password: &str) -> Result<String> {
    let request = prepare_register_with_keys(
        user_id,
        identifier,
        new_password,
        &DeviceKeys::generate()?,
        &KeySet::generate()?,
    )?;
    json_to_string(&ForcedResetRequest {
        user_identifier: identifier.to_string(),
        device: request.device,
        user_keys: request.user_keys,
    })
}

/// Reads the response of `/register`: the new user's and device's ids.
pub fn done_register(server_output: &str) -> Result<RegisterResponse> {
    parse_response(server_output)
}
