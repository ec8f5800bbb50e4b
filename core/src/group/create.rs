//! Creating groups (also child and connected groups, whose first member is a group).

use crate::crypto::{PublicKey, SignKey, json_to_string};
use crate::error::Result;
use crate::keys::GroupKey;
use crate::protocol::envelope::parse_response;
use crate::protocol::group::{CreateGroupRequest, GroupIdResponse};

/// The body of `POST /api/v1/group` (or `/child`, `/connected`): a new first generation with
/// its symmetric key wrapped for `member` (the creator's user public key, or the parent or
/// member group's public key), signed if `signer` (user id and sign key) is given.
pub fn prepare_create_group(
    member: &PublicKey,
    signer: Option<(&str, &SignKey)>,
) -> Result<(String, GroupKey)> {
    let key = GroupKey::generate()?;
    let body = json_to_string(&CreateGroupRequest {
        key: key.data_for(member, signer)?,
    })?;
    Ok((body, key))
}

/// Reads the new group's id.
pub fn done_create_group(server_output: &str) -> Result<String> {
    parse_response::<GroupIdResponse>(server_output).map(|response| response.group_id)
}
