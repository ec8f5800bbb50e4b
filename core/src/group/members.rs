//! Member keys for invites, accepted join requests and re-invites; rank checks.

use crate::crypto::{PublicKey, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::group::{InviteRequest, MemberKeyUpload, RANK_MEMBER};

use super::keys::GroupKeys;

/// Checks a rank that may be given to a member: 1 (admin) to 4 (member); 0 is the creator's.
pub fn check_rank(rank: i64) -> Result<()> {
    if (1..=RANK_MEMBER).contains(&rank) {
        Ok(())
    } else {
        Err(Error::with_detail(
            ErrorCode::GroupRankInvalid,
            format!("rank {rank} (1 to 4)"),
        ))
    }
}

/// The body of an invite, an auto invite, an accepted join request or a re-invite: every
/// generation wrapped for the member's newest public key (a user's or a group's).
pub fn prepare_member_keys(
    keys: &GroupKeys,
    member: &PublicKey,
    rank: Option<i64>,
) -> Result<String> {
    if let Some(rank) = rank {
        check_rank(rank)?;
    }
    let keys = keys
        .all()
        .iter()
        .map(|key| {
            Ok(MemberKeyUpload {
                key_id: key.id(),
                wrapped_key: member.wrap_key(key.symmetric())?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    json_to_string(&InviteRequest { rank, keys })
}
