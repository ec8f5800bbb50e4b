//! Who reaches a group, how, and with which rank: directly as a member, through the parent
//! chain (members of a parent reach every child with their parent rank), or through a member
//! group of a connected group named in `x-sentc-group-access-id` (which also reaches the
//! connected group's children). Through a member group the caller gets the weaker of two
//! ranks: the member group's rank in the connected group and the caller's own rank in the
//! member group, so a low-ranked member of a group cannot act with that group's rank.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sentc_core::ErrorCode;
use sentc_core::protocol::group::{AccessBy, GroupLight, MemberType};
use sentc_core::protocol::paths::GROUP_ACCESS_HEADER;
use sqlx::AnyConnection;

use super::store::{self, GroupRow};
use crate::error::{ApiError, ApiResult};
use crate::extract::Session;
use crate::state::AppState;

/// Chains longer than this are refused (they cannot be built, but the walk stays bounded).
const MAX_DEPTH: usize = 64;

/// The caller's access to a group.
#[derive(Debug, Clone)]
pub struct Access {
    /// The group.
    pub group: GroupRow,
    /// The caller's rank in it.
    pub rank: i64,
    /// How the caller reaches it.
    pub by: AccessBy,
    /// The key holder whose copies the caller uses: the user, the parent or the member group.
    pub member_id: String,
    /// When the access began.
    pub joined_at: i64,
}

impl Access {
    /// Whether the caller is a direct member.
    pub fn is_direct(&self) -> bool {
        self.by == AccessBy::Direct
    }

    /// The light form for responses.
    pub fn light(&self) -> GroupLight {
        GroupLight {
            group_id: self.group.id.clone(),
            parent_id: self.group.parent_id.clone(),
            rank: self.rank,
            created_time: self.group.created_at,
            joined_time: self.joined_at,
            is_connected_group: self.group.is_connected,
            access_by: self.by.clone(),
        }
    }
}

/// A logged-in user and the group access id header of the request, if any.
pub struct GroupCaller {
    /// The session.
    pub session: Session,
    /// The member group named in `x-sentc-group-access-id`.
    pub via: Option<String>,
}

impl FromRequestParts<AppState> for GroupCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let session = Session::from_request_parts(parts, state).await?;
        let via = parts
            .headers
            .get(GROUP_ACCESS_HEADER)
            .map(|value| value.to_str().map(str::to_string))
            .transpose()
            .map_err(|_| ErrorCode::MalformedInput)?;
        if let Some(via) = &via {
            store::check_id(via)?;
        }
        Ok(Self { session, via })
    }
}

impl GroupCaller {
    /// The caller's access to `group_id`.
    pub async fn access(
        &self,
        connection: &mut AnyConnection,
        group_id: &str,
    ) -> ApiResult<Access> {
        resolve(
            connection,
            &self.session.app.app.id,
            &self.session.user_id,
            group_id,
            self.via.as_deref(),
        )
        .await
    }
}

/// The access of `user_id` to `group_id` (through `via` for connected groups).
pub async fn resolve(
    connection: &mut AnyConnection,
    app_id: &str,
    user_id: &str,
    group_id: &str,
    via: Option<&str>,
) -> ApiResult<Access> {
    let group = store::group(connection, app_id, group_id).await?;
    walk(connection, app_id, user_id, group, via, 0)
        .await?
        .ok_or_else(|| ErrorCode::GroupAccessDenied.into())
}

fn walk<'a>(
    connection: &'a mut AnyConnection,
    app_id: &'a str,
    user_id: &'a str,
    group: GroupRow,
    via: Option<&'a str>,
    depth: usize,
) -> std::pin::Pin<Box<dyn Future<Output = ApiResult<Option<Access>>> + Send + 'a>> {
    Box::pin(async move {
        if depth > MAX_DEPTH {
            return Ok(None);
        }
        if let Some((rank, MemberType::User, joined_at)) =
            store::member(connection, &group.id, user_id).await?
        {
            let member_id = user_id.to_string();
            return Ok(Some(Access {
                group,
                rank,
                by: AccessBy::Direct,
                member_id,
                joined_at,
            }));
        }
        if let Some(parent_id) = group.parent_id.clone() {
            let parent = store::group(connection, app_id, &parent_id).await?;
            if let Some(parent_access) =
                walk(connection, app_id, user_id, parent, via, depth + 1).await?
            {
                return Ok(Some(Access {
                    group,
                    rank: parent_access.rank,
                    by: AccessBy::Parent {
                        group_id: parent_id.clone(),
                    },
                    member_id: parent_id,
                    joined_at: parent_access.joined_at,
                }));
            }
        }
        let Some(via) = via.filter(|_| group.is_connected) else {
            return Ok(None);
        };
        let Some((rank, MemberType::Group, joined_at)) =
            store::member(connection, &group.id, via).await?
        else {
            return Ok(None);
        };
        let member_group = store::group(connection, app_id, via).await?;
        let Some(in_member_group) =
            walk(connection, app_id, user_id, member_group, None, depth + 1).await?
        else {
            return Ok(None);
        };
        Ok(Some(Access {
            group,
            rank: weaker(rank, in_member_group.rank),
            by: AccessBy::Connected {
                group_id: via.to_string(),
            },
            member_id: via.to_string(),
            joined_at,
        }))
    })
}

/// The weaker of two ranks: the numerically larger (0 is the creator, 4 the lowest).
fn weaker(a: i64, b: i64) -> i64 {
    a.max(b)
}

#[cfg(test)]
mod tests {
    use super::weaker;

    #[test]
    fn the_weaker_rank_is_the_larger_number() {
        assert_eq!(weaker(0, 4), 4);
        assert_eq!(weaker(4, 0), 4);
        assert_eq!(weaker(1, 2), 2);
        assert_eq!(weaker(0, 0), 0);
    }
}
