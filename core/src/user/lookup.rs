//! Another user's public key and verify keys.

use crate::crypto::{PublicKey, Signature, VerifyKey, base64_decode};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::PUBLIC_KEY_SIGNATURE_CONTEXT;
use crate::protocol::envelope::parse_response;
use crate::protocol::user::UserPublicKeyResponse;

/// Reads `GET /api/v1/user/{id}/verify_key/{key_id}`, checking it is the key asked for.
pub fn done_get_verify_key(server_output: &str, key_id: crate::crypto::KeyId) -> Result<VerifyKey> {
    let key: VerifyKey = parse_response(server_output)?;
    if key.id() != key_id {
        return Err(Error::for_key(ErrorCode::KeyIdMismatch, key_id));
    }
    Ok(key)
}

/// Reads `GET /api/v1/user/{id}/public_key` and checks its signature with the user's verify
/// key (fetch it with the `verify_key_id` of the response, and compare safety numbers to be
/// sure it is the user's).
pub fn done_get_public_key(server_output: &str, verify_key: &VerifyKey) -> Result<PublicKey> {
    let response: UserPublicKeyResponse = parse_response(server_output)?;
    if response.verify_key_id != verify_key.id() {
        return Err(Error::for_key(ErrorCode::WrongKey, response.verify_key_id));
    }
    let signature = Signature::from_bytes(&base64_decode(&response.public_key_signature, 8192)?)?;
    verify_key.verify(
        response.public_key.as_bytes(),
        PUBLIC_KEY_SIGNATURE_CONTEXT,
        &signature,
    )?;
    Ok(response.public_key)
}
