//! Group key rotation: the starter uploads the new generation and the ephemeral chain; a
//! durable job ([`super::jobs`]) wraps the chain for every other key holder; each finishes.

use axum::extract::State;
use sentc_core::crypto::KeyId;
use sentc_core::keys::{check_group_key_ids, check_rotation_chain};
use sentc_core::protocol::group::{
    FinishGroupRotationRequest, GroupKeyRotationRequest, GroupPendingRotation, KEYS_PAGE,
    MemberType,
};
use sentc_core::protocol::user::Empty;
use sentc_core::{Error, ErrorCode};
use sqlx::{AnyConnection, Row};

use super::access::{Access, GroupCaller};
use super::lifecycle::{self, KeyPage};
use super::store;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, ApiQuery};
use crate::generations::{GenerationTable, check_rotation_rate};
use crate::secrets::new_id;
use crate::state::AppState;

/// The kind of the key holder the caller uses.
fn holder_type(access: &Access) -> MemberType {
    if access.is_direct() {
        MemberType::User
    } else {
        MemberType::Group
    }
}

/// `POST /api/v1/group/{id}/key_rotation`: any member may start a rotation.
pub async fn start(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiJson(request): ApiJson<GroupKeyRotationRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    let holder_key =
        store::newest_public_key(&mut tx, &access.member_id, holder_type(&access)).await?;
    check_group_key_ids(&request.key, holder_key.id())?;
    if request.key.previous_key_id != Some(request.previous_key_id)
        || request.key.previous_key_proof.is_none()
    {
        return Err(Error::for_key(ErrorCode::KeyChainInvalid, request.key.key_id).into());
    }
    lifecycle::check_link(
        &mut tx,
        &group_id,
        &caller.session.user_id,
        &request.key,
        true,
    )
    .await?;
    check_rotation_chain(
        request.previous_key_id,
        request.key.key_id,
        &request.ephemeral_by_previous,
        &request.new_key_by_ephemeral,
    )?;
    let (newest, seq) = store::newest_key(&mut tx, &group_id).await?;
    if newest != request.previous_key_id.to_hex() {
        return Err(Error::for_key(ErrorCode::KeyNotNewest, request.previous_key_id).into());
    }
    let now = state.now_ms();
    check_rotation_rate(
        &mut tx,
        GenerationTable::Group,
        &group_id,
        &state.settings,
        now,
    )
    .await?;
    let rotation = (
        &request.new_key_by_ephemeral,
        &request.ephemeral_by_previous,
    );
    store::insert_key(
        &mut tx,
        &group_id,
        &request.key,
        seq + 1,
        Some(rotation),
        now,
    )
    .await?;
    store::put_member_key(
        &mut tx,
        &group_id,
        &access.member_id,
        &request.key.key_id,
        &request.key.wrapped_key,
    )
    .await?;
    sqlx::query(
        "INSERT INTO group_rotation_jobs (id, group_id, key_id, skip_member, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id()?)
    .bind(&group_id)
    .bind(request.key.key_id.to_hex())
    .bind(&access.member_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    state.rotation_wakeup.notify_one();
    Ok(ApiOk(Empty {}))
}

/// `GET /api/v1/group/{id}/key_rotation`: a page of the rotations the caller's key holder has
/// to finish, oldest first (`?last_key=` the last one of the previous page).
pub async fn pending(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<KeyPage>,
) -> ApiResult<ApiOk<Vec<GroupPendingRotation>>> {
    let mut connection = state.db.pool.acquire().await?;
    let access = caller.access(&mut connection, &group_id).await?;
    let after = match &page.last_key {
        Some(key_id) => store::key_seq(&mut connection, &group_id, key_id).await?,
        None => -1,
    };
    Ok(ApiOk(
        pending_page(&mut connection, &group_id, &access.member_id, after).await?,
    ))
}

/// A page of a key holder's pending rotations after generation number `after_seq`, oldest
/// first.
async fn pending_page(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    after_seq: i64,
) -> ApiResult<Vec<GroupPendingRotation>> {
    let rows = sqlx::query(
        "SELECT p.encrypted_ephemeral, k.id, k.previous_key_id, k.new_key_by_ephemeral AS wrapped_key, \
         k.public_key, k.private_key, k.signed_by, k.commitment, k.previous_key_proof \
         FROM group_pending_rotations p \
         JOIN group_keys k ON k.id = p.key_id WHERE p.group_id = $1 AND p.member_id = $2 \
         AND k.seq > $3 ORDER BY k.seq LIMIT $4",
    )
    .bind(group_id)
    .bind(member_id)
    .bind(after_seq)
    .bind(KEYS_PAGE)
    .fetch_all(connection)
    .await?;
    rows.iter()
        .map(|row| {
            let previous: Option<String> = row.try_get("previous_key_id")?;
            Ok(GroupPendingRotation {
                member_id: member_id.to_string(),
                previous_key_id: previous.ok_or(ErrorCode::Internal)?.parse::<KeyId>()?,
                encrypted_ephemeral: row.try_get("encrypted_ephemeral")?,
                key: store::key_from_row(row)?,
            })
        })
        .collect()
}

/// `PUT /api/v1/group/{id}/key_rotation/{key_id}`: the caller's key holder's copy of the new
/// generation, wrapped to that holder's newest public key.
pub async fn finish(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, key_id)): ApiPath<(String, String)>,
    ApiJson(request): ApiJson<FinishGroupRotationRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let key_id: KeyId = key_id.parse()?;
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    if request.member_id != access.member_id {
        return Err(Error::with_detail(
            ErrorCode::GroupAccessDenied,
            "not the caller's key holder",
        )
        .into());
    }
    let removed = sqlx::query(
        "DELETE FROM group_pending_rotations WHERE group_id = $1 AND key_id = $2 AND member_id = $3",
    )
    .bind(&group_id)
    .bind(key_id.to_hex())
    .bind(&access.member_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed != 1 {
        return Err(Error::for_key(ErrorCode::GroupKeyRotationNotFound, key_id).into());
    }
    let holder_key =
        store::newest_public_key(&mut tx, &access.member_id, holder_type(&access)).await?;
    let wrapped = &request.wrapped_key;
    if wrapped.key_id() != key_id || wrapped.wrapping_key_id() != holder_key.id() {
        return Err(Error::for_key(ErrorCode::KeysInconsistent, key_id).into());
    }
    store::put_member_key(&mut tx, &group_id, &access.member_id, &key_id, wrapped).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}
