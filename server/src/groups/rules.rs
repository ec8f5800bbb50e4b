//! Rank rules (docs/groups.md "Ranks"): 0 creator, 1 admin, 2 member manager, 3 and 4 members.
//! Each action is one function of the actor's rank, so the authorization matrix test can state
//! the rules as a table.

use sentc_core::ErrorCode;
use sentc_core::group::check_rank;

use crate::error::ApiResult;

fn at_most(rank: i64, allowed: i64) -> ApiResult<()> {
    if rank <= allowed {
        Ok(())
    } else {
        Err(ErrorCode::GroupRankTooLow.into())
    }
}

/// Invite, accept or reject join requests, list them: ranks 0-2 (re-invite and kick: see
/// [`act_on_member`]).
pub fn manage_members(rank: i64) -> ApiResult<()> {
    at_most(rank, 2)
}

/// Delete the group, stop invites, create child and connected groups, and act for the group in
/// other connected groups: ranks 0-1.
pub fn administer(rank: i64) -> ApiResult<()> {
    at_most(rank, 1)
}

/// Whether `actor` may give `rank`: 1 to 4, and not above the actor's own (a rank-2 member
/// gives 2 to 4; admins and the creator give 1 to 4).
pub fn assign(actor: i64, rank: i64) -> ApiResult<()> {
    check_rank(rank)?;
    if rank < actor {
        return Err(ErrorCode::GroupRankInvalid.into());
    }
    Ok(())
}

/// Change a member's rank: ranks 0-2, only members ranked the same or lower, never the creator
/// and never oneself.
pub fn change_rank(actor: i64, target: i64, target_is_actor: bool, rank: i64) -> ApiResult<()> {
    manage_members(actor)?;
    if target == 0 {
        return Err(ErrorCode::GroupCreatorStays.into());
    }
    if target_is_actor {
        return Err(ErrorCode::GroupRankInvalid.into());
    }
    if target < actor {
        return Err(ErrorCode::GroupRankTooLow.into());
    }
    assign(actor, rank)
}

/// Act on another member's membership (remove it, or replace its key copies by a re-invite):
/// ranks 0-2, only members ranked the same or lower, never the creator, never oneself. A
/// re-invite replaces every copy of the group keys the member holds, so wrong keys would lock
/// the member out as surely as a kick: it follows the kick rules.
pub fn act_on_member(actor: i64, target: i64, target_is_actor: bool) -> ApiResult<()> {
    manage_members(actor)?;
    if target_is_actor {
        return Err(ErrorCode::GroupCannotKickSelf.into());
    }
    if target == 0 {
        return Err(ErrorCode::GroupCreatorStays.into());
    }
    if target < actor {
        return Err(ErrorCode::GroupRankTooLow.into());
    }
    Ok(())
}

/// Leave: everyone but the creator.
pub fn leave(rank: i64) -> ApiResult<()> {
    if rank == 0 {
        return Err(ErrorCode::GroupCreatorStays.into());
    }
    Ok(())
}
