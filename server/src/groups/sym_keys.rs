//! Registered symmetric keys: a key wrapped under a group or user key, stored by id so that
//! data can name it (files, per-document keys). Any user of the app may fetch one by id: it is
//! wrapped, and only a holder of the wrapping key opens it.

use axum::extract::State;
use sentc_core::ErrorCode;
use sentc_core::crypto::KeyId;
use sentc_core::protocol::group::{SymKeyRequest, SymKeyResponse};
use sentc_core::protocol::user::Empty;

use super::sym_key_store as store;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, Session};
use crate::state::AppState;

/// `POST /api/v1/keys/sym_key`.
pub async fn register(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<SymKeyRequest>,
) -> ApiResult<ApiOk<SymKeyResponse>> {
    let mut connection = state.db.pool.acquire().await?;
    let app_id = &session.app.app.id;
    store::insert(
        &mut connection,
        app_id,
        &session.user_id,
        &request.wrapped_key,
        state.now_ms(),
    )
    .await?;
    Ok(ApiOk(SymKeyResponse {
        key_id: request.wrapped_key.key_id(),
        wrapped_key: request.wrapped_key,
        creator_id: session.user_id,
    }))
}

/// `GET /api/v1/keys/sym_key/{key_id}`.
pub async fn get(
    State(state): State<AppState>,
    session: Session,
    ApiPath(key_id): ApiPath<String>,
) -> ApiResult<ApiOk<SymKeyResponse>> {
    let key_id: KeyId = key_id.parse()?;
    let mut connection = state.db.pool.acquire().await?;
    let row = store::get(&mut connection, &session.app.app.id, &key_id).await?;
    Ok(ApiOk(SymKeyResponse {
        key_id,
        wrapped_key: row.wrapped_key,
        creator_id: row.creator_id,
    }))
}

/// `DELETE /api/v1/keys/sym_key/{key_id}`: only its creator.
pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    ApiPath(key_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let key_id: KeyId = key_id.parse()?;
    let mut connection = state.db.pool.acquire().await?;
    if !store::delete(
        &mut connection,
        &session.app.app.id,
        &key_id,
        &session.user_id,
    )
    .await?
    {
        return Err(ErrorCode::SymKeyNotFound.into());
    }
    Ok(ApiOk(Empty {}))
}
