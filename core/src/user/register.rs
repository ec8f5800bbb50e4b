//! Registration: the first device and the first generation of user keys.

use crate::crypto::{KeyId, json_to_string};
use crate::error::Result;
use crate::keys::{ChainState, DeviceKeys, KeySet};
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{RegisterRequest, RegisterResponse};

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

/// Reads the response of `/register`: the new user's and device's ids.
pub fn done_register(server_output: &str) -> Result<RegisterResponse> {
    parse_response(server_output)
}
