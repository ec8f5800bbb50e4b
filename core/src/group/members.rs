//! Member keys for invites, accepted join requests and re-invites; rank checks.

use crate::crypto::{PublicKey, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::envelope::parse_response;
use crate::protocol::group::{
    ChangeRankRequest, InviteRequest, InviteResponse, KEYS_PAGE, KeySessionRequest,
    MemberKeyUpload, RANK_MEMBER,
};

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

/// The body of `PUT /api/v1/group/{id}/change_rank`: member `member_id` gets `rank` (1-4).
pub fn prepare_change_rank(member_id: &str, rank: i64) -> Result<String> {
    check_rank(rank)?;
    json_to_string(&ChangeRankRequest {
        member_id: member_id.to_string(),
        rank,
    })
}

/// The bodies that give a member (an invitee, an accepted requester, a re-invited member)
/// every generation wrapped for its newest public key (a user's or a group's).
#[derive(Debug, Clone)]
pub struct MemberKeyBodies {
    /// For the invite, join-accept or re-invite request: the rank and the newest
    /// [`KEYS_PAGE`] generations.
    pub first: String,
    /// For `PUT /api/v1/group/{id}/key_session/{session_id}`, with the session id the first
    /// request answers with: the older generations, a page each. Empty when the group has no
    /// more generations than one page.
    pub rest: Vec<String>,
}

/// Wraps every generation for `member` in pages of at most [`KEYS_PAGE`], newest first, so
/// the member can use the group as soon as the first request is through.
pub fn prepare_member_keys(
    keys: &GroupKeys,
    member: &PublicKey,
    rank: Option<i64>,
) -> Result<MemberKeyBodies> {
    if let Some(rank) = rank {
        check_rank(rank)?;
    }
    let uploads = keys
        .all()
        .iter()
        .rev()
        .map(|key| {
            Ok(MemberKeyUpload {
                key_id: key.id(),
                wrapped_key: member.wrap_key(key.symmetric())?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let page = usize::try_from(KEYS_PAGE).unwrap_or(usize::MAX);
    let mut pages = uploads.chunks(page);
    let first = json_to_string(&InviteRequest {
        rank,
        keys: pages.next().map(<[_]>::to_vec).unwrap_or_default(),
    })?;
    let rest = pages
        .map(|keys| {
            json_to_string(&KeySessionRequest {
                keys: keys.to_vec(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MemberKeyBodies { first, rest })
}

/// Reads the answer to an invite, join-accept or re-invite: the key session for the remaining
/// pages of [`MemberKeyBodies::rest`], if any.
pub fn done_member_keys(server_output: &str) -> Result<Option<String>> {
    parse_response::<InviteResponse>(server_output).map(|response| response.session_id)
}
