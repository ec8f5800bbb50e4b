//! Login identifiers.

use super::device_proof::prepare_device_proof;
use crate::crypto::json_to_string;
use crate::error::{Error, ErrorCode, Result};
use crate::keys::DeviceKeys;
use crate::protocol::envelope::parse_response;
use crate::protocol::paths;
use crate::protocol::user::{
    ExistsResponse, IdentifierRequest, MAX_IDENTIFIER_LEN, UpdateIdentifierRequest,
};

/// Checks an identifier: 1 to 200 bytes, no control characters, no surrounding white space.
pub fn check_identifier(identifier: &str) -> Result<()> {
    if identifier.is_empty() {
        return Err(Error::with_detail(ErrorCode::EmptyInput, "identifier"));
    }
    if identifier.len() > MAX_IDENTIFIER_LEN {
        return Err(Error::with_detail(ErrorCode::InputTooLarge, "identifier"));
    }
    if identifier.chars().any(char::is_control) || identifier.trim() != identifier {
        return Err(Error::with_detail(
            ErrorCode::MalformedInput,
            "identifier has control characters or surrounding white space",
        ));
    }
    Ok(())
}

/// The body naming an identifier (`/exists`, `/prepare_login`, the backend endpoints).
pub fn prepare_identifier(identifier: &str) -> Result<String> {
    check_identifier(identifier)?;
    json_to_string(&IdentifierRequest {
        user_identifier: identifier.to_string(),
    })
}

/// Reads the answer to `POST /api/v1/exists` (body from [`prepare_identifier`]): whether the
/// identifier is taken.
pub fn done_user_exists(server_output: &str) -> Result<bool> {
    parse_response::<ExistsResponse>(server_output).map(|response| response.exists)
}

/// The body of `PUT /api/v1/user/identifier`, proven with the device's sign key over `nonce`
/// (from `POST /api/v1/user/device_proof`).
pub fn prepare_update_identifier(
    identifier: &str,
    device: &DeviceKeys,
    nonce: &str,
) -> Result<String> {
    check_identifier(identifier)?;
    let payload = json_to_string(&UpdateIdentifierRequest {
        user_identifier: identifier.to_string(),
    })?;
    prepare_device_proof(device, paths::IDENTIFIER, nonce, payload)
}
