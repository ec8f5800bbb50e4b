//! Changing and resetting a device password. The device master key stays; only its wrapping
//! under the password-derived key changes, so no data has to be re-encrypted.

use crate::crypto::{PasswordParams, json_to_string};
use crate::error::Result;
use crate::keys::DeviceKeys;
use crate::protocol::user::ChangePasswordRequest;

use super::device_proof::prepare_device_proof;
use super::login::prepare_login;
use crate::protocol::paths;

/// The body of `PUT /api/v1/user/password`: proves the old password (its auth key, derived
/// under the parameters from `prepare_login`'s response) and wraps the master key under the new
/// one with fresh parameters, which are returned too (for the device's pin, see
/// [`super::check_password_params`]).
pub fn prepare_change_password(
    identifier: &str,
    old_password: &str,
    new_password: &str,
    prepare_login_output: &str,
    device: &DeviceKeys,
) -> Result<(String, PasswordParams)> {
    let (_, old) = prepare_login(identifier, old_password, prepare_login_output)?;
    let update = device.password_update(new_password)?;
    let params = update.password_params.clone();
    let body = json_to_string(&ChangePasswordRequest {
        old_auth_key: old.auth_key_base64(),
        new_password: update,
    })?;
    Ok((body, params))
}

/// The body of `PUT /api/v1/user/reset_password`: a logged-in device sets a new password
/// without the old one (the user forgot it but still has this session), proven with the
/// device's sign key over `nonce` (from `POST /api/v1/user/device_proof`).
pub fn prepare_reset_password(
    new_password: &str,
    device: &DeviceKeys,
    nonce: &str,
) -> Result<(String, PasswordParams)> {
    let update = device.password_update(new_password)?;
    let params = update.password_params.clone();
    let payload = json_to_string(&update)?;
    Ok((
        prepare_device_proof(device, paths::RESET_PASSWORD, nonce, payload)?,
        params,
    ))
}
