//! Giving a member its copies of the group keys when there are more generations than one
//! request carries: the invite (or join acceptance, or re-invite) holds the newest page and
//! opens a key session; the inviter uploads the older pages to it.

use axum::extract::State;
use sentc_core::crypto::KeyId;
use sentc_core::protocol::group::{InviteResponse, KEYS_PAGE, KeySessionRequest, MemberKeyUpload};
use sentc_core::protocol::user::Empty;
use sentc_core::{Error, ErrorCode};
use sqlx::AnyConnection;

use super::access::GroupCaller;
use super::{rules, store};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk};
use crate::state::AppState;

/// Stores the copies of the first request for a member: every generation, or — in a group
/// with more than [`KEYS_PAGE`] — the newest [`KEYS_PAGE`], with a key session for the rest.
pub async fn give_member_keys(
    state: &AppState,
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    member_key: KeyId,
    keys: &[MemberKeyUpload],
) -> ApiResult<InviteResponse> {
    let total = store::key_count(connection, group_id).await?;
    let (newest, _) = store::newest_key(connection, group_id).await?;
    let has_newest = keys.iter().any(|key| key.key_id.to_hex() == newest);
    if keys.len() as i64 != total.min(KEYS_PAGE) || !has_newest {
        return Err(Error::with_detail(
            ErrorCode::KeysInconsistent,
            "every generation, or the newest page of them, must be wrapped for the member, once",
        )
        .into());
    }
    let missing = store::put_member_keys(connection, group_id, member_id, member_key, keys).await?;
    if missing == 0 {
        return Ok(InviteResponse { session_id: None });
    }
    let now = state.now_ms();
    store::purge_key_sessions(connection, group_id, now).await?;
    let expires_at = now + state.settings.key_session_lifetime_ms;
    let session_id =
        store::open_key_session(connection, group_id, member_id, member_key, expires_at).await?;
    Ok(InviteResponse {
        session_id: Some(session_id),
    })
}

/// `PUT /api/v1/group/{id}/key_session/{session_id}` (ranks 0-2): a page of older generations
/// for the session's member, wrapped to the same public key as the first page. The session
/// ends when the member holds every generation.
pub async fn upload(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((group_id, session_id)): ApiPath<(String, String)>,
    ApiJson(request): ApiJson<KeySessionRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let access = caller.access(&mut tx, &group_id).await?;
    rules::manage_members(access.rank)?;
    let session = store::key_session(&mut tx, &group_id, &session_id, state.now_ms()).await?;
    let missing = store::put_member_keys(
        &mut tx,
        &group_id,
        &session.member_id,
        session.member_key_id,
        &request.keys,
    )
    .await?;
    if missing == 0 {
        store::close_key_session(&mut tx, &session_id).await?;
    }
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}
