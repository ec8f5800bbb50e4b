//! Creating, fetching, listing and deleting groups.

use axum::Extension;
use axum::extract::{Path, State};
use sentc_core::keys::check_group_key_ids;
use sentc_core::protocol::group::{
    CreateGroupRequest, GroupData, GroupIdResponse, GroupLight, GroupListItem,
    GroupPublicKeyResponse, KEYS_PAGE, MemberType,
};
use sentc_core::protocol::user::Empty;
use sentc_core::{Error, ErrorCode};
use serde::Deserialize;
use sqlx::{AnyConnection, Row};

use super::access::{Access, GroupCaller};
use super::{rules, store};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiOk, ApiQuery, RequestApp};
use crate::secrets::new_id;
use crate::state::AppState;

/// Items per page of group lists.
pub const PAGE: i64 = 50;

/// What a new group hangs from.
pub enum Origin<'a> {
    /// A group of its own; the creator becomes its rank-0 member.
    Root,
    /// A child: its keys are wrapped to the parent's public key.
    Child(&'a str),
    /// A connected group: the group it is created from becomes its rank-0 member.
    ConnectedFrom(&'a str),
}

impl<'a> Origin<'a> {
    /// The group the new group hangs from, if any.
    pub fn hangs_from(&self) -> Option<&'a str> {
        match self {
            Origin::Root => None,
            Origin::Child(id) | Origin::ConnectedFrom(id) => Some(id),
        }
    }

    /// Whether the creator, reaching the group it hangs from with `access`, may create it:
    /// ranks 0-1, and a connected group cannot be the first member of another connected group.
    pub fn check_creator(&self, access: &Access) -> ApiResult<()> {
        rules::administer(access.rank)?;
        if matches!(self, Origin::ConnectedFrom(_)) && access.group.is_connected {
            return Err(ErrorCode::GroupConnectionInvalid.into());
        }
        Ok(())
    }
}

/// Creates a group after checking the first generation is wrapped for the right member and,
/// if signed, signed by the creating user.
pub async fn create(
    connection: &mut AnyConnection,
    app_id: &str,
    user_id: &str,
    origin: Origin<'_>,
    request: &CreateGroupRequest,
    now_ms: i64,
) -> ApiResult<String> {
    let (member_id, member_type) = match origin {
        Origin::Root => (user_id, MemberType::User),
        Origin::Child(parent) | Origin::ConnectedFrom(parent) => (parent, MemberType::Group),
    };
    let member_key = store::newest_public_key(connection, member_id, member_type).await?;
    check_group_key_ids(&request.key, member_key.id())?;
    check_signer(connection, user_id, &request.key).await?;
    let group_id = new_id()?;
    let (parent, connected) = match origin {
        Origin::Root => (None, false),
        Origin::Child(parent) => (Some(parent), false),
        Origin::ConnectedFrom(_) => (None, true),
    };
    sqlx::query(
        "INSERT INTO groups (id, app_id, parent_id, is_connected, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&group_id)
    .bind(app_id)
    .bind(parent)
    .bind(i64::from(connected))
    .bind(now_ms)
    .execute(&mut *connection)
    .await?;
    store::insert_key(connection, &group_id, &request.key, 0, None, now_ms).await?;
    store::put_member_key(
        connection,
        &group_id,
        member_id,
        &request.key.key_id,
        &request.key.wrapped_key,
    )
    .await?;
    if !matches!(origin, Origin::Child(_)) {
        sqlx::query(
            "INSERT INTO group_members (group_id, member_id, member_type, rank, joined_at) \
             VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(&group_id)
        .bind(member_id)
        .bind(store::member_type_value(member_type))
        .bind(now_ms)
        .execute(connection)
        .await?;
    }
    Ok(group_id)
}

/// A signed generation must be signed by the calling user with one of their verify keys.
pub async fn check_signer(
    connection: &mut AnyConnection,
    user_id: &str,
    key: &sentc_core::protocol::group::GroupKeyData,
) -> ApiResult<()> {
    let Some(signer) = &key.signed_by else {
        return Ok(());
    };
    let known: Option<String> =
        sqlx::query_scalar("SELECT id FROM user_keys WHERE user_id = $1 AND verify_key_id = $2")
            .bind(user_id)
            .bind(signer.verify_key_id.to_hex())
            .fetch_optional(connection)
            .await?;
    if signer.user_id != user_id || known.is_none() {
        return Err(Error::with_detail(
            ErrorCode::KeysInconsistent,
            "the signer is not the caller",
        )
        .into());
    }
    Ok(())
}

/// `POST /api/v1/group`.
pub async fn create_group(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    create_by_caller(&state, &caller, Origin::Root, &request).await
}

/// `POST /api/v1/group/{id}/child` (rank 0-1 in the parent).
pub async fn create_child(
    State(state): State<AppState>,
    caller: GroupCaller,
    Path(parent_id): Path<String>,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    create_by_caller(&state, &caller, Origin::Child(&parent_id), &request).await
}

/// `POST /api/v1/group/{id}/connected` (rank 0-1 in a normal group): a connected group whose
/// first member is this group.
pub async fn create_connected(
    State(state): State<AppState>,
    caller: GroupCaller,
    Path(group_id): Path<String>,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    create_by_caller(&state, &caller, Origin::ConnectedFrom(&group_id), &request).await
}

/// Creates a group for a user: a child or a connected group needs rank 0-1 in the group it
/// hangs from, and a connected group cannot itself be the first member of another.
async fn create_by_caller(
    state: &AppState,
    caller: &GroupCaller,
    origin: Origin<'_>,
    request: &CreateGroupRequest,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    let mut tx = state.db.begin().await?;
    if let Some(from) = origin.hangs_from() {
        origin.check_creator(&caller.access(&mut tx, from).await?)?;
    }
    let session = &caller.session;
    let group_id = create(
        &mut tx,
        &session.app.app.id,
        &session.user_id,
        origin,
        request,
        state.now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(GroupIdResponse { group_id }))
}

/// The key page cursor.
#[derive(Debug, Deserialize)]
pub struct KeyPage {
    /// The last generation seen.
    pub last_key: Option<String>,
}

/// `GET /api/v1/group/{id}`: access, and a page of generations as the caller's member holds
/// them.
pub async fn fetch(
    State(state): State<AppState>,
    caller: GroupCaller,
    Path(group_id): Path<String>,
    ApiQuery(page): ApiQuery<KeyPage>,
) -> ApiResult<ApiOk<GroupData>> {
    let mut connection = state.db.pool.acquire().await?;
    let access = caller.access(&mut connection, &group_id).await?;
    let after = match &page.last_key {
        Some(key_id) => store::key_seq(&mut connection, &group_id, key_id).await?,
        None => -1,
    };
    let keys = store::member_keys(
        &mut connection,
        &group_id,
        &access.member_id,
        after,
        KEYS_PAGE,
    )
    .await?;
    let pending: Option<String> = sqlx::query_scalar(
        "SELECT key_id FROM group_pending_rotations WHERE group_id = $1 AND member_id = $2 LIMIT 1",
    )
    .bind(&group_id)
    .bind(&access.member_id)
    .fetch_optional(&mut *connection)
    .await?;
    Ok(ApiOk(GroupData {
        group: access.light(),
        invites_allowed: access.group.invites_allowed,
        keys,
        pending_rotations: pending.is_some(),
    }))
}

/// `GET /api/v1/group/{id}/light`: the caller's access, for app backends checking a user.
pub async fn light(
    State(state): State<AppState>,
    caller: GroupCaller,
    Path(group_id): Path<String>,
) -> ApiResult<ApiOk<GroupLight>> {
    let mut connection = state.db.pool.acquire().await?;
    Ok(ApiOk(
        caller.access(&mut connection, &group_id).await?.light(),
    ))
}

/// `DELETE /api/v1/group/{id}` (rank 0-1): the group and its children.
pub async fn delete(
    State(state): State<AppState>,
    caller: GroupCaller,
    Path(group_id): Path<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::administer(access.rank)?;
    delete_group(&mut tx, &group_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// Deletes a group; its children, keys and memberships go with it, and it leaves the connected
/// groups it was a member of.
pub async fn delete_group(connection: &mut AnyConnection, group_id: &str) -> ApiResult<()> {
    for sql in [
        "DELETE FROM group_members WHERE member_id = $1",
        "DELETE FROM group_member_keys WHERE member_id = $1",
        "DELETE FROM group_requests WHERE member_id = $1",
        "DELETE FROM group_pending_rotations WHERE member_id = $1",
        "DELETE FROM group_key_sessions WHERE member_id = $1",
        "DELETE FROM groups WHERE id = $1",
    ] {
        sqlx::query(sql)
            .bind(group_id)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// A list cursor: the last item of the previous page.
#[derive(Debug, Deserialize)]
pub struct ListPage {
    /// The `time` of the last item seen.
    pub last_time: Option<i64>,
    /// The id of the last item seen.
    pub last_id: Option<String>,
}

impl ListPage {
    /// The cursor as bind values (before the first item when empty).
    pub fn cursor(&self) -> (i64, String) {
        (
            self.last_time.unwrap_or(i64::MIN),
            self.last_id.clone().unwrap_or_default(),
        )
    }
}

fn list_items(rows: &[sqlx::any::AnyRow]) -> ApiResult<Vec<GroupListItem>> {
    rows.iter()
        .map(|row| {
            Ok(GroupListItem {
                group_id: row.try_get("id")?,
                parent_id: row.try_get("parent_id")?,
                time: row.try_get("time")?,
            })
        })
        .collect()
}

/// `GET /api/v1/groups`: the groups the user is a direct member of.
pub async fn mine(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupListItem>>> {
    let (time, id) = page.cursor();
    let rows = sqlx::query(
        "SELECT g.id, g.parent_id, m.joined_at AS time FROM group_members m JOIN groups g ON g.id = m.group_id \
         WHERE m.member_id = $1 AND m.member_type = 0 AND g.app_id = $2 \
         AND (m.joined_at > $3 OR (m.joined_at = $3 AND g.id > $4)) ORDER BY m.joined_at, g.id LIMIT $5",
    )
    .bind(&caller.session.user_id)
    .bind(&caller.session.app.app.id)
    .bind(time)
    .bind(id)
    .bind(PAGE)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(ApiOk(list_items(&rows)?))
}

/// `GET /api/v1/group/{id}/child`: the first-level children.
pub async fn children(
    State(state): State<AppState>,
    caller: GroupCaller,
    Path(group_id): Path<String>,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupListItem>>> {
    let mut connection = state.db.pool.acquire().await?;
    caller.access(&mut connection, &group_id).await?;
    let (time, id) = page.cursor();
    let rows = sqlx::query(
        "SELECT id, parent_id, created_at AS time FROM groups WHERE parent_id = $1 \
         AND (created_at > $2 OR (created_at = $2 AND id > $3)) ORDER BY created_at, id LIMIT $4",
    )
    .bind(&group_id)
    .bind(time)
    .bind(id)
    .bind(PAGE)
    .fetch_all(&mut *connection)
    .await?;
    Ok(ApiOk(list_items(&rows)?))
}

/// `GET /api/v1/group/{id}/groups`: the connected groups this group is a member of.
pub async fn connected_groups(
    State(state): State<AppState>,
    caller: GroupCaller,
    Path(group_id): Path<String>,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupListItem>>> {
    let mut connection = state.db.pool.acquire().await?;
    caller.access(&mut connection, &group_id).await?;
    let (time, id) = page.cursor();
    let rows = sqlx::query(
        "SELECT g.id, g.parent_id, m.joined_at AS time FROM group_members m JOIN groups g ON g.id = m.group_id \
         WHERE m.member_id = $1 AND m.member_type = 1 \
         AND (m.joined_at > $2 OR (m.joined_at = $2 AND g.id > $3)) ORDER BY m.joined_at, g.id LIMIT $4",
    )
    .bind(&group_id)
    .bind(time)
    .bind(id)
    .bind(PAGE)
    .fetch_all(&mut *connection)
    .await?;
    Ok(ApiOk(list_items(&rows)?))
}

/// `GET /api/v1/group/{id}/public_key`: the newest public key (app token only).
pub async fn public_key(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    Path(group_id): Path<String>,
) -> ApiResult<ApiOk<GroupPublicKeyResponse>> {
    let mut connection = state.db.pool.acquire().await?;
    store::group(&mut connection, &app.app.id, &group_id).await?;
    let (key_id, _) = store::newest_key(&mut connection, &group_id).await?;
    let public_key =
        store::newest_public_key(&mut connection, &group_id, MemberType::Group).await?;
    Ok(ApiOk(GroupPublicKeyResponse {
        key_id: key_id.parse()?,
        public_key,
    }))
}
