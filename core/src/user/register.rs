//! Registration: the first device and the first generation of user keys.

use crate::crypto::json_to_string;
use crate::error::Result;
use crate::keys::{DeviceKeys, KeySet};
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{RegisterRequest, RegisterResponse};

use super::identifier::check_identifier;

/// The body of `POST /api/v1/register` (or of the app backend's own endpoint that forwards
/// it with the secret token). No network; derives the password keys (Argon2id).
pub fn prepare_register(identifier: &str, password: &str) -> Result<String> {
    let request = prepare_register_with_keys(
        identifier,
        password,
        &DeviceKeys::generate()?,
        &KeySet::generate()?,
    )?;
    json_to_string(&request)
}

/// The registration request for given keys (used by [`prepare_register`] and by the forced
/// reset of a user).
pub fn prepare_register_with_keys(
    identifier: &str,
    password: &str,
    device: &DeviceKeys,
    user_keys: &KeySet,
) -> Result<RegisterRequest> {
    check_identifier(identifier)?;
    Ok(RegisterRequest {
        device: device.registration(identifier, password)?,
        user_keys: user_keys.data_for(device.public_key())?,
    })
}

/// Reads the response of `/register`: the new user's and device's ids.
pub fn done_register(server_output: &str) -> Result<RegisterResponse> {
    parse_response(server_output)
}
