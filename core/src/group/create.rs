//! Creating groups (also child and connected groups, whose first member is a group).

use crate::crypto::{KeyId, PublicKey, SignKey, json_to_string};
use crate::error::Result;
use crate::keys::{ChainState, GroupKey, group_chain_anchor, sign_group_link};
use crate::protocol::envelope::parse_response;
use crate::protocol::group::{CreateGroupRequest, GroupIdResponse};

/// A group made by [`prepare_create_group`], not yet sent.
#[derive(Debug)]
pub struct NewGroup {
    /// The body of `POST /api/v1/group` (or `/child`, `/connected`, or the backend's `forced`
    /// routes).
    pub body: String,
    /// The group's id (chosen here, at random; its first generation's link signs it).
    pub group_id: String,
    /// The first generation.
    pub key: GroupKey,
    /// The group's key chain so far, for the creator to pin.
    pub chain: ChainState,
}

/// A new group: its first generation wrapped for `member` (the creator's user public key, or
/// the parent or member group's public key), its link signed by `signer` (the creating user's
/// id and newest sign key). Only an app backend creating a group with its secret token passes
/// no signer: readers then open the group only with `VerifyLevel::BackendCreated`.
pub fn prepare_create_group(
    member: &PublicKey,
    signer: Option<(&str, &SignKey)>,
) -> Result<NewGroup> {
    let group_id = KeyId::random()?.to_hex();
    let key = GroupKey::generate()?;
    let link = sign_group_link(&group_id, &key, None, signer)?;
    let body = json_to_string(&CreateGroupRequest {
        group_id: group_id.clone(),
        key: key.data_for(member, &link)?,
    })?;
    let chain = group_chain_anchor(&group_id, &key);
    Ok(NewGroup {
        body,
        group_id,
        key,
        chain,
    })
}

/// Reads the new group's id.
pub fn done_create_group(server_output: &str) -> Result<String> {
    parse_response::<GroupIdResponse>(server_output).map(|response| response.group_id)
}
