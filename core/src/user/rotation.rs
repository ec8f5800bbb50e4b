//! User key rotation: start on one device, finish on each other device.

use crate::crypto::{SymmetricKey, VerifyKey, json_to_string};
use crate::error::Result;
use crate::keys::{DeviceKeys, KeySet, open_rotation_ephemeral};
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{FinishRotationRequest, KeyRotationRequest, PendingRotation};

/// Starts a rotation on this device: returns the body of `POST /api/v1/user/key_rotation` and
/// the new generation (this device already holds it). `newest` must be the newest generation.
pub fn prepare_key_rotation(device: &DeviceKeys, newest: &KeySet) -> Result<(String, KeySet)> {
    let new = KeySet::generate()?;
    let ephemeral = SymmetricKey::generate()?;
    let request = KeyRotationRequest {
        previous_key_id: newest.id(),
        key_set: new.data_for(device.public_key())?,
        new_key_by_ephemeral: ephemeral.wrap_key_signed(new.symmetric(), device.sign_key())?,
        ephemeral_by_previous: newest.symmetric().wrap_key(&ephemeral)?,
    };
    Ok((json_to_string(&request)?, new))
}

/// Reads `GET /api/v1/user/key_rotation`: the rotations this device has to finish, oldest first.
pub fn done_pending_rotations(server_output: &str) -> Result<Vec<PendingRotation>> {
    parse_response(server_output)
}

/// Finishes one rotation on this device: unwraps the server's blob with the device private
/// key, the ephemeral key with the previous generation, and the new generation with the
/// ephemeral key (verifying the starter's signature if `starter` is given). Returns the body of
/// `PUT /api/v1/user/key_rotation/{key_id}` and the new generation.
pub fn finish_key_rotation(
    pending: &PendingRotation,
    device: &DeviceKeys,
    previous: &KeySet,
    starter: Option<&VerifyKey>,
) -> Result<(String, KeySet)> {
    let ephemeral = open_rotation_ephemeral(
        &pending.encrypted_ephemeral,
        device.private_key(),
        previous.symmetric(),
        pending.previous_key_id,
    )?;
    let by_ephemeral = &pending.key_set.wrapped_key;
    let new_symmetric: SymmetricKey = match starter {
        Some(verify_key) => ephemeral.unwrap_key_verified(by_ephemeral, verify_key)?,
        None => ephemeral.unwrap_key(by_ephemeral)?,
    };
    let new = KeySet::open_with_symmetric(&pending.key_set, new_symmetric)?;
    let body = json_to_string(&FinishRotationRequest {
        wrapped_key: new.wrap_for(device.public_key())?,
    })?;
    Ok((body, new))
}
