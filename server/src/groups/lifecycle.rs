//! Creating, fetching, listing and deleting groups.

use axum::Extension;
use axum::extract::State;
use sentc_core::keys::{check_group_key_ids, verify_group_link};
use sentc_core::protocol::group::{
    CreateGroupRequest, GroupData, GroupIdResponse, GroupKeyLink, GroupLight, GroupListItem,
    KEYS_PAGE, MemberType,
};
use sentc_core::protocol::user::Empty;
use sentc_core::{Error, ErrorCode};
use serde::Deserialize;
use sqlx::{AnyConnection, Row};

use super::access::{Access, GroupCaller};
use super::{rules, store};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, ApiQuery, RequestApp};
use crate::state::AppState;

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

/// Who makes a group.
#[derive(Clone, Copy)]
pub enum Maker {
    /// The user, with their JWT: the first generation must be signed by them.
    User,
    /// The app's backend for the user, with its secret token: a signature, if any, is the
    /// user's (readers open unsigned ones only when they ask for backend-created groups).
    Backend,
}

/// Creates a group with the id the client chose, after checking the first generation is
/// wrapped for the right member and is the anchor of the group's chain, signed as `maker`
/// requires.
pub async fn create(
    connection: &mut AnyConnection,
    app_id: &str,
    user_id: &str,
    (origin, maker): (Origin<'_>, Maker),
    request: &CreateGroupRequest,
    now_ms: i64,
) -> ApiResult<String> {
    let (member_id, member_type) = match origin {
        Origin::Root => (user_id, MemberType::User),
        Origin::Child(parent) | Origin::ConnectedFrom(parent) => (parent, MemberType::Group),
    };
    let member_key = store::newest_public_key(connection, member_id, member_type).await?;
    check_group_key_ids(&request.key, member_key.id())?;
    let group_id = request.group_id.clone();
    if request.key.previous_key_id.is_some() || request.key.previous_key_proof.is_some() {
        return Err(Error::for_key(ErrorCode::KeyChainInvalid, request.key.key_id).into());
    }
    let required = matches!(maker, Maker::User);
    check_link(connection, &group_id, user_id, &request.key, required).await?;
    let (parent, connected) = match origin {
        Origin::Root => (None, false),
        Origin::Child(parent) => (Some(parent), false),
        Origin::ConnectedFrom(_) => (None, true),
    };
    store::insert_group(connection, &group_id, app_id, parent, connected, now_ms).await?;
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
        store::add_member(connection, &group_id, member_id, member_type, 0, now_ms).await?;
    }
    Ok(group_id)
}

/// A generation's link must be signed by the calling user (`user_id`) with one of their verify
/// keys, over this group's id: the server refuses what clients would refuse, so a stolen
/// session cannot add a generation. `required`: an unsigned link is refused too.
pub async fn check_link(
    connection: &mut AnyConnection,
    group_id: &str,
    user_id: &str,
    key: &sentc_core::protocol::group::GroupKeyData,
    required: bool,
) -> ApiResult<()> {
    let Some(signer) = &key.signed_by else {
        if required {
            return Err(Error::for_key(ErrorCode::SignatureMissing, key.key_id).into());
        }
        return Ok(());
    };
    let not_the_caller =
        || Error::with_detail(ErrorCode::KeysInconsistent, "the signer is not the caller").into();
    if signer.user_id != user_id {
        return Err(not_the_caller());
    }
    let verify_key =
        crate::users::store::user_verify_key_by_id(connection, user_id, signer.verify_key_id)
            .await?
            .ok_or_else(not_the_caller)?;
    verify_group_link(group_id, key, &verify_key)?;
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
    ApiPath(parent_id): ApiPath<String>,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    create_by_caller(&state, &caller, Origin::Child(&parent_id), &request).await
}

/// `POST /api/v1/group/{id}/connected` (rank 0-1 in a normal group): a connected group whose
/// first member is this group.
pub async fn create_connected(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
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
        (origin, Maker::User),
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
    ApiPath(group_id): ApiPath<String>,
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
    ApiPath(group_id): ApiPath<String>,
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
    ApiPath(group_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::administer(access.rank)?;
    delete_group(&mut tx, &group_id, state.now_ms()).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// Deletes a group; its children, keys and memberships go with it, and it and every child
/// leave the connected groups they were members of. Their files are deleted (the purge job
/// removes the parts).
pub async fn delete_group(
    connection: &mut AnyConnection,
    group_id: &str,
    now_ms: i64,
) -> ApiResult<()> {
    for id in store::group_and_descendants(connection, group_id).await? {
        store::remove_as_member(connection, &id).await?;
        crate::files::store::mark_group_files_deleted(connection, &id, now_ms).await?;
    }
    // The children, keys and members of the group follow by the schema's cascades.
    store::delete_group_row(connection, group_id).await
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
    .bind(store::PAGE)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(ApiOk(list_items(&rows)?))
}

/// `GET /api/v1/group/{id}/child`: the first-level children.
pub async fn children(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
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
    .bind(store::PAGE)
    .fetch_all(&mut *connection)
    .await?;
    Ok(ApiOk(list_items(&rows)?))
}

/// `GET /api/v1/group/{id}/groups`: the connected groups this group is a member of.
pub async fn connected_groups(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
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
    .bind(store::PAGE)
    .fetch_all(&mut *connection)
    .await?;
    Ok(ApiOk(list_items(&rows)?))
}

/// `GET /api/v1/group/{id}/key_chain?last_key=`: a page of the group's key chain, oldest first
/// (app token only: inviting a group or asking to join one starts from its public key).
pub async fn key_chain(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath(group_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<KeyPage>,
) -> ApiResult<ApiOk<Vec<GroupKeyLink>>> {
    let mut connection = state.db.pool.acquire().await?;
    store::group(&mut connection, &app.app.id, &group_id).await?;
    let after = match &page.last_key {
        Some(key_id) => store::key_seq(&mut connection, &group_id, key_id).await?,
        None => -1,
    };
    Ok(ApiOk(
        store::key_chain_page(&mut connection, &group_id, after).await?,
    ))
}
