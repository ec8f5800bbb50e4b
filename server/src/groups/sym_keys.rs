//! Registered symmetric keys: a key wrapped under a group or user key, stored by id so that
//! data can name it (files, per-document keys).

use axum::extract::{Path, State};
use sentc_core::crypto::WrappedKey;
use sentc_core::protocol::group::{SymKeyRequest, SymKeyResponse};
use sentc_core::protocol::user::Empty;
use sentc_core::{Error, ErrorCode};
use sqlx::Row;

use crate::error::{ApiResult, is_unique_violation};
use crate::extract::{ApiJson, ApiOk, Session};
use crate::state::AppState;

/// `POST /api/v1/keys/sym_key`.
pub async fn register(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<SymKeyRequest>,
) -> ApiResult<ApiOk<SymKeyResponse>> {
    let key_id = request.wrapped_key.key_id();
    let result = sqlx::query(
        "INSERT INTO sym_keys (id, app_id, creator_id, wrapped_key, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key_id.to_hex())
    .bind(&session.app.app.id)
    .bind(&session.user_id)
    .bind(request.wrapped_key.to_base64())
    .bind(state.now_ms())
    .execute(&state.db.pool)
    .await;
    match result {
        Err(error) if is_unique_violation(&error) => {
            return Err(Error::for_key(ErrorCode::KeyIdTaken, key_id).into());
        }
        other => other?,
    };
    Ok(ApiOk(SymKeyResponse {
        key_id,
        wrapped_key: request.wrapped_key,
        creator_id: session.user_id,
    }))
}

/// `GET /api/v1/keys/sym_key/{key_id}`.
pub async fn get(
    State(state): State<AppState>,
    session: Session,
    Path(key_id): Path<String>,
) -> ApiResult<ApiOk<SymKeyResponse>> {
    let row =
        sqlx::query("SELECT wrapped_key, creator_id FROM sym_keys WHERE id = $1 AND app_id = $2")
            .bind(&key_id)
            .bind(&session.app.app.id)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(ErrorCode::SymKeyNotFound)?;
    Ok(ApiOk(SymKeyResponse {
        key_id: key_id.parse()?,
        wrapped_key: WrappedKey::from_base64(&row.try_get::<String, _>("wrapped_key")?)?,
        creator_id: row.try_get("creator_id")?,
    }))
}

/// `DELETE /api/v1/keys/sym_key/{key_id}`: only its creator.
pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    Path(key_id): Path<String>,
) -> ApiResult<ApiOk<Empty>> {
    let removed =
        sqlx::query("DELETE FROM sym_keys WHERE id = $1 AND app_id = $2 AND creator_id = $3")
            .bind(&key_id)
            .bind(&session.app.app.id)
            .bind(&session.user_id)
            .execute(&state.db.pool)
            .await?
            .rows_affected();
    if removed == 0 {
        return Err(ErrorCode::SymKeyNotFound.into());
    }
    Ok(ApiOk(Empty {}))
}
