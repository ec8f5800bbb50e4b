//! Members: list, invite, auto invite, re-invite, join requests (from users and from groups),
//! ranks, kick, leave, stopping invites.

use axum::extract::State;
use sentc_core::ErrorCode;
use sentc_core::protocol::file::GroupFileRankRequest;
use sentc_core::protocol::group::RANK_CREATOR;
use sentc_core::protocol::group::{
    ChangeRankRequest, GroupRequestItem, InviteRequest, InviteResponse, InvitesAllowedRequest,
    MemberInfo, MemberType, RANK_MEMBER,
};
use sentc_core::protocol::user::Empty;
use serde::Deserialize;
use sqlx::AnyConnection;

use super::access::GroupCaller;
use super::key_sessions::give_member_keys;
use super::lifecycle::ListPage;
use super::request_store::{self, INVITE, JOIN_REQUEST};
use super::{rules, store};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, ApiQuery};
use crate::state::AppState;

/// `GET /api/v1/group/{id}/members`.
pub async fn list(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<MemberInfo>>> {
    let mut connection = state.db.pool.acquire().await?;
    caller.access(&mut connection, &group_id).await?;
    let members = store::members_page(&mut connection, &group_id, page.cursor()).await?;
    Ok(ApiOk(members))
}

/// Fails if the id is already a member, invited or asking to join.
async fn check_not_involved(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
) -> ApiResult<()> {
    let member = store::member(connection, group_id, member_id).await?;
    let request = request_store::kind(connection, group_id, member_id).await?;
    if member.is_some() || request.is_some() {
        return Err(ErrorCode::GroupMemberExists.into());
    }
    Ok(())
}

/// `UserNotFound` unless a user of the app exists.
async fn check_user(connection: &mut AnyConnection, app_id: &str, user_id: &str) -> ApiResult<()> {
    store::check_id(user_id)?;
    if crate::users::store::user_exists(connection, app_id, user_id).await? {
        Ok(())
    } else {
        Err(ErrorCode::UserNotFound.into())
    }
}

/// `?auto=true` and `?group=true` on an invite.
#[derive(Debug, Deserialize)]
pub struct InviteQuery {
    /// Add the member at once instead of waiting for them to accept.
    #[serde(default)]
    pub auto: bool,
    /// The invited member is a group (into a connected group), not a user.
    #[serde(default)]
    pub group: bool,
}

/// The invitee must exist: a user of the app, or a normal group of the app invited into a
/// connected group (the connection rule of join requests, from the other side).
async fn check_invitee(
    connection: &mut AnyConnection,
    app_id: &str,
    target: &store::GroupRow,
    member_id: &str,
    member_type: MemberType,
) -> ApiResult<()> {
    match member_type {
        MemberType::User => check_user(connection, app_id, member_id).await,
        MemberType::Group => {
            let invitee = store::group(connection, app_id, member_id).await?;
            if !target.is_connected || invitee.is_connected {
                return Err(ErrorCode::GroupConnectionInvalid.into());
            }
            Ok(())
        }
    }
}

/// `PUT /api/v1/group/{id}/invite/{member_id}` (rank 0-2): every generation wrapped for the
/// member's newest public key; the user (or, with `?group=true`, the group's admins) accepts, or
/// the member is added at once with `?auto=true`.
pub async fn invite(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, user_id)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<InviteQuery>,
    ApiJson(request): ApiJson<InviteRequest>,
) -> ApiResult<ApiOk<InviteResponse>> {
    let member_type = if query.group {
        MemberType::Group
    } else {
        MemberType::User
    };
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::manage_members(access.rank)?;
    let rank = request.rank.unwrap_or(RANK_MEMBER);
    rules::assign(access.rank, rank)?;
    if !access.group.invites_allowed {
        return Err(ErrorCode::GroupInvitesDisabled.into());
    }
    let app_id = &caller.session.app.app.id;
    check_invitee(&mut tx, app_id, &access.group, &user_id, member_type).await?;
    check_not_involved(&mut tx, &group_id, &user_id).await?;
    let member_key = store::newest_public_key(&mut tx, &user_id, member_type)
        .await?
        .id();
    let response = give_member_keys(
        &state,
        &mut tx,
        &group_id,
        &user_id,
        member_key,
        &request.keys,
    )
    .await?;
    let now = state.now_ms();
    if query.auto {
        store::add_member(&mut tx, &group_id, &user_id, member_type, rank, now).await?;
    } else {
        request_store::insert(&mut tx, &group_id, &user_id, member_type, INVITE, rank, now).await?;
    }
    tx.commit().await?;
    Ok(ApiOk(response))
}

/// `PUT /api/v1/group/{id}/re_invite/{member_id}` (the kick rules: rank 0-2, members ranked the
/// same or lower): replaces a member's copies with every generation wrapped for its newest
/// public key; the rank stays.
pub async fn re_invite(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, member_id)): ApiPath<(String, String)>,
    ApiJson(request): ApiJson<InviteRequest>,
) -> ApiResult<ApiOk<InviteResponse>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::manage_members(access.rank)?;
    store::check_id(&member_id)?;
    let (target, member_type, _) = store::member(&mut tx, &group_id, &member_id)
        .await?
        .ok_or(ErrorCode::GroupMemberNotFound)?;
    rules::act_on_member(access.rank, target, member_id == access.member_id)?;
    let member_key = store::newest_public_key(&mut tx, &member_id, member_type)
        .await?
        .id();
    store::clear_member_keys(&mut tx, &group_id, &member_id).await?;
    let response = give_member_keys(
        &state,
        &mut tx,
        &group_id,
        &member_id,
        member_key,
        &request.keys,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(response))
}

/// `PATCH /api/v1/group/{id}/invites` (rank 0-1): allow or stop invites and join requests.
pub async fn set_invites_allowed(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiJson(request): ApiJson<InvitesAllowedRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::administer(access.rank)?;
    store::set_invites_allowed(&mut tx, &group_id, request.allowed).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `PATCH /api/v1/group/{id}/file_rank` (rank 0-1): the highest rank that may create files.
pub async fn set_file_rank(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiJson(request): ApiJson<GroupFileRankRequest>,
) -> ApiResult<ApiOk<Empty>> {
    if !(RANK_CREATOR..=RANK_MEMBER).contains(&request.rank) {
        return Err(ErrorCode::GroupRankInvalid.into());
    }
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::administer(access.rank)?;
    store::set_file_rank(&mut tx, &group_id, request.rank).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

async fn requests_of(
    state: &AppState,
    member_id: &str,
    kind: i64,
    page: &ListPage,
) -> ApiResult<Vec<GroupRequestItem>> {
    let mut connection = state.db.pool.acquire().await?;
    request_store::page_of_member(&mut connection, member_id, kind, page.cursor()).await
}

/// `GET /api/v1/groups/invites`: my invites.
pub async fn my_invites(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupRequestItem>>> {
    Ok(ApiOk(
        requests_of(&state, &caller.session.user_id, INVITE, &page).await?,
    ))
}

/// `GET /api/v1/groups/join_requests`: my sent join requests.
pub async fn my_join_requests(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupRequestItem>>> {
    Ok(ApiOk(
        requests_of(&state, &caller.session.user_id, JOIN_REQUEST, &page).await?,
    ))
}

/// Removes a request, failing with `missing` if there is none.
async fn take_request(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    kind: i64,
    missing: ErrorCode,
) -> ApiResult<(MemberType, i64)> {
    store::check_id(group_id)?;
    store::check_id(member_id)?;
    request_store::take(connection, group_id, member_id, kind, missing).await
}

/// `PATCH /api/v1/group/{id}/my_invite`: accept an invite.
pub async fn accept_invite(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let now = state.now_ms();
    answer_invite(&mut tx, &group_id, &caller.session.user_id, true, now).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/group/{id}/my_invite`: reject an invite.
pub async fn reject_invite(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let now = state.now_ms();
    answer_invite(&mut tx, &group_id, &caller.session.user_id, false, now).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// Answers an invite of `member_id` (a user, or a group for its admins) to `group_id`: accepted,
/// the member joins at the invite's rank; rejected, the key copies the invite left go with it.
async fn answer_invite(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    accept: bool,
    now_ms: i64,
) -> ApiResult<()> {
    let (member_type, rank) = take_request(
        connection,
        group_id,
        member_id,
        INVITE,
        ErrorCode::GroupInviteNotFound,
    )
    .await?;
    if accept {
        store::add_member(connection, group_id, member_id, member_type, rank, now_ms).await
    } else {
        store::remove_member(connection, group_id, member_id).await
    }
}

/// Records a join request of a user or a group.
async fn request_to_join(
    state: &AppState,
    app_id: &str,
    group_id: &str,
    member_id: &str,
    member_type: MemberType,
) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let group = store::group(&mut tx, app_id, group_id).await?;
    if member_type == MemberType::Group && !group.is_connected {
        return Err(ErrorCode::GroupConnectionInvalid.into());
    }
    if !group.invites_allowed {
        return Err(ErrorCode::GroupInvitesDisabled.into());
    }
    check_not_involved(&mut tx, group_id, member_id).await?;
    request_store::insert(
        &mut tx,
        group_id,
        member_id,
        member_type,
        JOIN_REQUEST,
        RANK_MEMBER,
        state.now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `POST /api/v1/group/{id}/join_request`: a user asks to join.
pub async fn join_request(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let session = &caller.session;
    request_to_join(
        &state,
        &session.app.app.id,
        &group_id,
        &session.user_id,
        MemberType::User,
    )
    .await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/group/{id}/join_request`: a user withdraws a join request.
pub async fn withdraw_join_request(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    take_request(
        &mut tx,
        &group_id,
        &caller.session.user_id,
        JOIN_REQUEST,
        ErrorCode::GroupJoinRequestNotFound,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `POST /api/v1/group/{id}/join_connected/{target}` (rank 0-1 in the group): a normal group asks
/// to join a connected group.
pub async fn group_join_request(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, target_id)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Empty>> {
    let mut connection = state.db.pool.acquire().await?;
    let access = caller.access(&mut connection, &group_id).await?;
    drop(connection);
    rules::administer(access.rank)?;
    if access.group.is_connected {
        return Err(ErrorCode::GroupConnectionInvalid.into());
    }
    let app_id = &caller.session.app.app.id;
    request_to_join(&state, app_id, &target_id, &group_id, MemberType::Group).await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/group/{id}/join_connected/{target}` (rank 0-1): withdraws it.
pub async fn withdraw_group_join_request(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, target_id)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    check_admin(&mut tx, &caller, &group_id).await?;
    take_request(
        &mut tx,
        &target_id,
        &group_id,
        JOIN_REQUEST,
        ErrorCode::GroupJoinRequestNotFound,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `GET /api/v1/group/{id}/join_connected` (rank 0-1): the group's sent join requests.
pub async fn group_join_requests(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupRequestItem>>> {
    Ok(ApiOk(
        administered_requests(&state, &caller, &group_id, JOIN_REQUEST, &page).await?,
    ))
}

/// The group's requests of one kind (its sent join requests, or invites to it), for the
/// group's admins (rank 0-1).
async fn administered_requests(
    state: &AppState,
    caller: &GroupCaller,
    group_id: &str,
    kind: i64,
    page: &ListPage,
) -> ApiResult<Vec<GroupRequestItem>> {
    let mut connection = state.db.pool.acquire().await?;
    check_admin(&mut connection, caller, group_id).await?;
    drop(connection);
    requests_of(state, group_id, kind, page).await
}

/// Fails unless the caller administers the group (rank 0-1): the group acts as a member.
async fn check_admin(
    connection: &mut AnyConnection,
    caller: &GroupCaller,
    group_id: &str,
) -> ApiResult<()> {
    let access = caller.access(connection, group_id).await?;
    rules::administer(access.rank)
}

/// `GET /api/v1/group/{id}/connected_invites` (rank 0-1): connected groups' invites to the group.
pub async fn group_invites(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupRequestItem>>> {
    Ok(ApiOk(
        administered_requests(&state, &caller, &group_id, INVITE, &page).await?,
    ))
}

/// `PATCH /api/v1/group/{id}/connected_invites/{target}` (rank 0-1): the group joins the
/// connected group that invited it, at the rank of the invite.
pub async fn accept_group_invite(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, target_id)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    check_admin(&mut tx, &caller, &group_id).await?;
    answer_invite(&mut tx, &target_id, &group_id, true, state.now_ms()).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/group/{id}/connected_invites/{target}` (rank 0-1): rejects the invite.
pub async fn reject_group_invite(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, target_id)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    check_admin(&mut tx, &caller, &group_id).await?;
    answer_invite(&mut tx, &target_id, &group_id, false, state.now_ms()).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `GET /api/v1/group/{id}/join_requests` (rank 0-2): join requests to the group.
pub async fn join_requests(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<ListPage>,
) -> ApiResult<ApiOk<Vec<GroupRequestItem>>> {
    let mut connection = state.db.pool.acquire().await?;
    let access = caller.access(&mut connection, &group_id).await?;
    rules::manage_members(access.rank)?;
    Ok(ApiOk(
        request_store::join_requests_to(&mut connection, &group_id, page.cursor()).await?,
    ))
}

/// `PUT /api/v1/group/{id}/join_requests/{member}` (rank 0-2): accepts a join request with every
/// generation wrapped for the requester's newest public key.
pub async fn accept_join_request(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, member_id)): ApiPath<(String, String)>,
    ApiJson(request): ApiJson<InviteRequest>,
) -> ApiResult<ApiOk<InviteResponse>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::manage_members(access.rank)?;
    let rank = request.rank.unwrap_or(RANK_MEMBER);
    rules::assign(access.rank, rank)?;
    let (member_type, _) = take_request(
        &mut tx,
        &group_id,
        &member_id,
        JOIN_REQUEST,
        ErrorCode::GroupJoinRequestNotFound,
    )
    .await?;
    let member_key = store::newest_public_key(&mut tx, &member_id, member_type)
        .await?
        .id();
    let response = give_member_keys(
        &state,
        &mut tx,
        &group_id,
        &member_id,
        member_key,
        &request.keys,
    )
    .await?;
    store::add_member(
        &mut tx,
        &group_id,
        &member_id,
        member_type,
        rank,
        state.now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(response))
}

/// `DELETE /api/v1/group/{id}/join_requests/{member}` (rank 0-2).
pub async fn reject_join_request(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, member_id)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::manage_members(access.rank)?;
    take_request(
        &mut tx,
        &group_id,
        &member_id,
        JOIN_REQUEST,
        ErrorCode::GroupJoinRequestNotFound,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `PUT /api/v1/group/{id}/change_rank`.
pub async fn change_rank(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiJson(request): ApiJson<ChangeRankRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    store::check_id(&request.member_id)?;
    let (target, _, _) = store::member(&mut tx, &group_id, &request.member_id)
        .await?
        .ok_or(ErrorCode::GroupMemberNotFound)?;
    let target_is_actor = request.member_id == access.member_id;
    rules::change_rank(access.rank, target, target_is_actor, request.rank)?;
    store::set_rank(&mut tx, &group_id, &request.member_id, request.rank).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/group/{id}/kick/{member}`.
pub async fn kick(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, member_id)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    store::check_id(&member_id)?;
    let (target, _, _) = store::member(&mut tx, &group_id, &member_id)
        .await?
        .ok_or(ErrorCode::GroupMemberNotFound)?;
    rules::act_on_member(access.rank, target, member_id == access.member_id)?;
    store::remove_member(&mut tx, &group_id, &member_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/group/{id}/leave`: a direct member leaves (not the creator).
pub async fn leave(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    if !access.is_direct() {
        return Err(ErrorCode::GroupMemberNotFound.into());
    }
    rules::leave(access.rank)?;
    store::remove_member(&mut tx, &group_id, &caller.session.user_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}
