//! Public keys anyone with the app token may fetch.

use axum::Extension;
use axum::extract::State;
use sentc_core::ErrorCode;
use sentc_core::crypto::{PublicKey, VerifyKey};
use sentc_core::protocol::user::{ROTATIONS_PAGE, UserKeyLink, UserPublicKeyResponse};
use sqlx::Row;

use super::store::{self, column};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiOk, ApiQuery, RequestApp};
use crate::state::AppState;

/// `GET /api/v1/user/{user_id}/public_key`: the newest public key and its signature.
pub async fn public_key(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath(user_id): ApiPath<String>,
) -> ApiResult<ApiOk<UserPublicKeyResponse>> {
    let row = sqlx::query(
        "SELECT k.id, k.public_key, k.public_key_signature, k.verify_key_id FROM user_keys k \
         JOIN users u ON u.id = k.user_id WHERE u.id = $1 AND u.app_id = $2 \
         ORDER BY k.seq DESC LIMIT 1",
    )
    .bind(&user_id)
    .bind(&app.app.id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(ErrorCode::UserNotFound)?;
    Ok(ApiOk(UserPublicKeyResponse {
        key_id: row.try_get::<String, _>("id")?.parse()?,
        public_key: PublicKey::from_json(&row.try_get::<String, _>("public_key")?)?,
        public_key_signature: row.try_get("public_key_signature")?,
        verify_key_id: row.try_get::<String, _>("verify_key_id")?.parse()?,
    }))
}

/// `GET /api/v1/user/{user_id}/verify_key/{key_id}`.
pub async fn verify_key(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath((user_id, key_id)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<VerifyKey>> {
    let row = sqlx::query(
        "SELECT k.verify_key FROM users u LEFT JOIN user_keys k \
         ON k.user_id = u.id AND k.verify_key_id = $3 WHERE u.id = $1 AND u.app_id = $2",
    )
    .bind(&user_id)
    .bind(&app.app.id)
    .bind(&key_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(ErrorCode::UserNotFound)?;
    let stored: Option<String> = row.try_get("verify_key")?;
    Ok(ApiOk(column(&stored.ok_or(ErrorCode::UserKeyNotFound)?)?))
}

/// `GET /api/v1/user/{user_id}/key_chain` (`?last_key=` the last of the previous page): a page
/// of the user's key chain, oldest first, for clients to verify from the anchor they pinned.
pub async fn key_chain(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath(user_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<super::rotation::PendingPage>,
) -> ApiResult<ApiOk<Vec<UserKeyLink>>> {
    let mut connection = state.db.pool.acquire().await?;
    if !store::user_exists(&mut connection, &app.app.id, &user_id).await? {
        return Err(ErrorCode::UserNotFound.into());
    }
    let after = match &page.last_key {
        Some(key_id) => store::key_seq(&mut connection, &user_id, key_id).await?,
        None => -1,
    };
    Ok(ApiOk(
        store::key_chain_page(&mut connection, &user_id, after, ROTATIONS_PAGE).await?,
    ))
}
