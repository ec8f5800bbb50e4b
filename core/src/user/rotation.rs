//! User key rotation: start on one device, finish on each other device.

use crate::crypto::{SymmetricKey, VerifyKey, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{ChainState, DeviceKeys, KeySet, open_rotation_ephemeral};
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{FinishRotationRequest, KeyRotationRequest, PendingRotation};

/// Starts a rotation on this device: returns the body of `POST /api/v1/user/key_rotation`, the
/// new generation (this device already holds it) and the chain state after it. `state` is what
/// the device verified of the chain; its head must be `newest`, which signs the new link.
pub fn prepare_key_rotation(
    device: &DeviceKeys,
    state: &ChainState,
    newest: &KeySet,
) -> Result<(String, KeySet, ChainState)> {
    let new = KeySet::generate()?;
    let ephemeral = SymmetricKey::generate()?;
    let key_set = new.data_for(device.public_key(), &state.owner_id, Some(newest))?;
    let next = state.extend(&key_set, newest)?;
    let request = KeyRotationRequest {
        previous_key_id: newest.id(),
        key_set,
        new_key_by_ephemeral: ephemeral.wrap_key_signed(new.symmetric(), device.sign_key())?,
        ephemeral_by_previous: newest.symmetric().wrap_key(&ephemeral)?,
    };
    Ok((json_to_string(&request)?, new, next))
}

/// Reads `GET /api/v1/user/key_rotation`: the rotations this device has to finish, oldest first.
pub fn done_pending_rotations(server_output: &str) -> Result<Vec<PendingRotation>> {
    parse_response(server_output)
}

/// Finishes one rotation on this device: checks that the new generation extends the chain's
/// head (`previous`, which signs its link) — a rotation built on an older generation is a fork
/// — then unwraps the server's blob with the device private key, the ephemeral key with the
/// previous generation, and the new generation with the ephemeral key (verifying the
/// starter's signature if `starter` is given). Returns the body of
/// `PUT /api/v1/user/key_rotation/{key_id}`, the new generation and the chain state after it.
pub fn finish_key_rotation(
    pending: &PendingRotation,
    device: &DeviceKeys,
    state: &ChainState,
    previous: &KeySet,
    starter: Option<&VerifyKey>,
) -> Result<(String, KeySet, ChainState)> {
    if pending.key_set.key_id != pending.key_id
        || pending.key_set.previous_key_id != Some(pending.previous_key_id)
    {
        return Err(Error::for_key(ErrorCode::KeyChainInvalid, pending.key_id));
    }
    let next = state.extend(&pending.key_set, previous)?;
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
    Ok((body, new, next))
}
