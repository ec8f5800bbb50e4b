//! Group key rotation: start (the starter's cost does not depend on the group's size) and
//! finish (each member unwraps the server's blob and uploads its own copy).

use crate::crypto::{
    Header, PrivateKey, PublicKey, SignKey, SymmetricKey, base64_decode, json_to_string,
};
use crate::error::Result;
use crate::keys::{GroupKey, open_rotation_ephemeral};
use crate::protocol::group::{
    FinishGroupRotationRequest, GroupKeyRotationRequest, GroupPendingRotation,
};

const MAX_BLOB_LEN: usize = 16 * 1024;

/// Starts a rotation: a new generation wrapped for `member` (the starter's member: its own user
/// public key, or the parent or member group's), the ephemeral key chain, signed if `signer` is
/// given. Returns the body of `POST /api/v1/group/{id}/key_rotation` and the new generation.
pub fn prepare_group_key_rotation(
    previous: &GroupKey,
    member: &PublicKey,
    signer: Option<(&str, &SignKey)>,
) -> Result<(String, GroupKey)> {
    let new = GroupKey::generate()?;
    let ephemeral = SymmetricKey::generate()?;
    let request = GroupKeyRotationRequest {
        previous_key_id: previous.id(),
        key: new.data_for(member, signer)?,
        new_key_by_ephemeral: ephemeral.wrap_key(new.symmetric())?,
        ephemeral_by_previous: previous.symmetric().wrap_key(&ephemeral)?,
    };
    Ok((json_to_string(&request)?, new))
}

impl GroupPendingRotation {
    /// The id of the member public key the server encrypted the blob to; open it with the
    /// matching private key.
    pub fn recipient(&self) -> Result<crate::crypto::KeyId> {
        Ok(Header::parse(&base64_decode(&self.encrypted_ephemeral, MAX_BLOB_LEN)?)?.key_id)
    }
}

/// Finishes a rotation for a member: opens the blob with the member's private key, the
/// ephemeral key with the previous generation, the new generation with the ephemeral key, and
/// wraps it for the member's public key. Returns the body of `PUT
/// /api/v1/group/{id}/key_rotation/{key_id}` and the new generation.
pub fn finish_group_key_rotation(
    pending: &GroupPendingRotation,
    member_private: &PrivateKey,
    previous: &GroupKey,
    member_public: &PublicKey,
) -> Result<(String, GroupKey)> {
    let ephemeral = open_rotation_ephemeral(
        &pending.encrypted_ephemeral,
        member_private,
        previous.symmetric(),
        pending.previous_key_id,
    )?;
    let symmetric: SymmetricKey = ephemeral.unwrap_key(&pending.key.wrapped_key)?;
    let new = GroupKey::open(&pending.key, symmetric)?;
    let body = json_to_string(&FinishGroupRotationRequest {
        member_id: pending.member_id.clone(),
        wrapped_key: member_public.wrap_key(new.symmetric())?,
    })?;
    Ok((body, new))
}
