//! Invites and join requests in the database (`group_requests`): one row per group and member,
//! of kind [`INVITE`] or [`JOIN_REQUEST`].

use sentc_core::ErrorCode;
use sentc_core::protocol::group::{GroupRequestItem, MemberType};
use sqlx::{AnyConnection, Row};

use super::store::{self, PAGE};
use crate::error::ApiResult;

/// A group invites the member.
pub const INVITE: i64 = 0;
/// The member asks to join.
pub const JOIN_REQUEST: i64 = 1;

/// The kind of the request between a group and a member, if there is one.
pub async fn kind(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
) -> ApiResult<Option<i64>> {
    Ok(
        sqlx::query_scalar(
            "SELECT kind FROM group_requests WHERE group_id = $1 AND member_id = $2",
        )
        .bind(group_id)
        .bind(member_id)
        .fetch_optional(connection)
        .await?,
    )
}

/// A new request.
pub async fn insert(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    member_type: MemberType,
    kind: i64,
    rank: i64,
    now_ms: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO group_requests (group_id, member_id, member_type, kind, rank, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(group_id)
    .bind(member_id)
    .bind(store::member_type_value(member_type))
    .bind(kind)
    .bind(rank)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

/// Removes a request of `kind`; its member type and rank, or `missing` if there is none.
pub async fn take(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    kind: i64,
    missing: ErrorCode,
) -> ApiResult<(MemberType, i64)> {
    let row = sqlx::query(
        "DELETE FROM group_requests WHERE group_id = $1 AND member_id = $2 AND kind = $3 \
         RETURNING member_type, rank",
    )
    .bind(group_id)
    .bind(member_id)
    .bind(kind)
    .fetch_optional(connection)
    .await?
    .ok_or(missing)?;
    Ok((
        store::member_type(row.try_get("member_type")?),
        row.try_get("rank")?,
    ))
}

/// A page of a member's requests of `kind` (its invites, its join requests), by time.
pub async fn page_of_member(
    connection: &mut AnyConnection,
    member_id: &str,
    kind: i64,
    (time, id): (i64, String),
) -> ApiResult<Vec<GroupRequestItem>> {
    let rows = sqlx::query(
        "SELECT group_id, member_type, rank, created_at FROM group_requests WHERE member_id = $1 AND kind = $2 \
         AND (created_at > $3 OR (created_at = $3 AND group_id > $4)) ORDER BY created_at, group_id LIMIT $5",
    )
    .bind(member_id)
    .bind(kind)
    .bind(time)
    .bind(id)
    .bind(PAGE)
    .fetch_all(connection)
    .await?;
    items(&rows, "group_id")
}

/// A page of the join requests to a group, by time.
pub async fn join_requests_to(
    connection: &mut AnyConnection,
    group_id: &str,
    (time, id): (i64, String),
) -> ApiResult<Vec<GroupRequestItem>> {
    let rows = sqlx::query(
        "SELECT member_id, member_type, rank, created_at FROM group_requests WHERE group_id = $1 AND kind = $2 \
         AND (created_at > $3 OR (created_at = $3 AND member_id > $4)) ORDER BY created_at, member_id LIMIT $5",
    )
    .bind(group_id)
    .bind(JOIN_REQUEST)
    .bind(time)
    .bind(id)
    .bind(PAGE)
    .fetch_all(connection)
    .await?;
    items(&rows, "member_id")
}

/// Request rows as list items; `id_column` names the other side of the request.
fn items(rows: &[sqlx::any::AnyRow], id_column: &str) -> ApiResult<Vec<GroupRequestItem>> {
    rows.iter()
        .map(|row| {
            Ok(GroupRequestItem {
                id: row.try_get(id_column)?,
                member_type: store::member_type(row.try_get("member_type")?),
                rank: row.try_get("rank")?,
                time: row.try_get("created_at")?,
            })
        })
        .collect()
}
