//! Group key rotation: start (the starter's cost does not depend on the group's size) and
//! finish (each member unwraps the server's blob, checks the new generation extends the chain
//! it holds, and uploads its own copy).

use crate::crypto::{
    Header, KeyId, PrivateKey, PublicKey, SignKey, SymmetricKey, VerifyKey, base64_decode,
    json_to_string,
};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{
    ChainState, GroupKey, check_member_link, extend_group_chain, extend_own_group_chain,
    open_rotation_ephemeral, sign_group_link,
};
use crate::protocol::group::{
    FinishGroupRotationRequest, GroupKeyRotationRequest, GroupPendingRotation,
};

const MAX_BLOB_LEN: usize = 16 * 1024;

/// A rotation made by [`prepare_group_key_rotation`], not yet sent.
#[derive(Debug)]
pub struct NewRotation {
    /// The body of `POST /api/v1/group/{id}/key_rotation`.
    pub body: String,
    /// The new generation.
    pub key: GroupKey,
    /// The group's key chain with the new generation.
    pub chain: ChainState,
}

/// Starts a rotation of the group whose verified chain is `chain`, on its newest generation
/// `previous`: a new generation wrapped for `member` (the starter's member: its own user public
/// key, or the parent or member group's), the ephemeral key chain, and the link signed by
/// `signer` (the starting user's id and newest sign key) and MAC'd under `previous`.
pub fn prepare_group_key_rotation(
    chain: &ChainState,
    previous: &GroupKey,
    member: &PublicKey,
    signer: (&str, &SignKey),
) -> Result<NewRotation> {
    let new = GroupKey::generate()?;
    let link = sign_group_link(&chain.owner_id, &new, Some(previous), Some(signer))?;
    let chain = extend_own_group_chain(chain, &new, &link)?;
    let ephemeral = SymmetricKey::generate()?;
    let request = GroupKeyRotationRequest {
        previous_key_id: previous.id(),
        key: new.data_for(member, &link)?,
        new_key_by_ephemeral: ephemeral.wrap_key(new.symmetric())?,
        ephemeral_by_previous: previous.symmetric().wrap_key(&ephemeral)?,
    };
    Ok(NewRotation {
        body: json_to_string(&request)?,
        key: new,
        chain,
    })
}

impl GroupPendingRotation {
    /// The id of the member public key the server encrypted the blob to; open it with the
    /// matching private key.
    pub fn recipient(&self) -> Result<KeyId> {
        Ok(Header::parse(&base64_decode(&self.encrypted_ephemeral, MAX_BLOB_LEN)?)?.key_id)
    }
}

/// Finishes a rotation for a member whose verified chain is `chain` (newest generation
/// `previous`): the rotation must extend it (`2009 KeyChainForked` otherwise) with a link signed
/// by `verify_key` (the starter's, from their verified user chain) and MAC'd under `previous`.
/// Opens the blob with the member's private key, the ephemeral key with the previous
/// generation, the new generation with the ephemeral key, and wraps it for the member's public
/// key. Returns the body of `PUT /api/v1/group/{id}/key_rotation/{key_id}`, the new generation
/// and the chain with it.
pub fn finish_group_key_rotation(
    chain: &ChainState,
    pending: &GroupPendingRotation,
    verify_key: &VerifyKey,
    member_private: &PrivateKey,
    previous: &GroupKey,
    member_public: &PublicKey,
) -> Result<(String, GroupKey, ChainState)> {
    if pending.key.previous_key_id != Some(pending.previous_key_id) || previous.id() != chain.head {
        return Err(Error::for_key(
            ErrorCode::KeyChainForked,
            pending.key.key_id,
        ));
    }
    let extended = extend_group_chain(chain, &pending.key, verify_key)?;
    let ephemeral = open_rotation_ephemeral(
        &pending.encrypted_ephemeral,
        member_private,
        previous.symmetric(),
        pending.previous_key_id,
    )?;
    let symmetric: SymmetricKey = ephemeral.unwrap_key(&pending.key.wrapped_key)?;
    let new = GroupKey::open(&pending.key, symmetric)?;
    check_member_link(&chain.owner_id, &pending.key, &new, Some(previous))?;
    let body = json_to_string(&FinishGroupRotationRequest {
        member_id: pending.member_id.clone(),
        wrapped_key: member_public.wrap_key(new.symmetric())?,
    })?;
    Ok((body, new, extended))
}
