//! `/register` and `/exists`.

use axum::Extension;
use axum::extract::State;
use sentc_core::keys::{
    MAX_SEALED_STATE_LEN, check_device_registration, check_key_set_data, verify_user_anchor,
};
use sentc_core::protocol::user::{
    ExistsResponse, IdentifierRequest, RegisterRequest, RegisterResponse,
};
use sentc_core::user::check_identifier;
use sentc_core::{Error, ErrorCode};
use sqlx::AnyConnection;

use super::store;
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::extract::{ApiJson, ApiOk, RequestApp};
use crate::groups::store::check_id;
use crate::secrets::new_id;
use crate::state::AppState;

/// `POST /api/v1/register`.
pub async fn register(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<RegisterRequest>,
) -> ApiResult<ApiOk<RegisterResponse>> {
    let mut tx = state.db.begin().await?;
    let response = create_user(&mut tx, &app.app.id, &request, state.now_ms()).await?;
    tx.commit().await?;
    Ok(ApiOk(response))
}

/// Creates a user with its first device and first generation of keys, after checking that
/// the uploaded keys fit together.
pub async fn create_user(
    connection: &mut AnyConnection,
    app_id: &str,
    request: &RegisterRequest,
    now_ms: i64,
) -> ApiResult<RegisterResponse> {
    check_device_registration(&request.device)?;
    check_key_set_data(&request.user_keys, request.device.public_key.id())?;
    // The client chose the id (its first generation signs it); the server checks it is free.
    let user_id = request.user_id.clone();
    check_id(&user_id)?;
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
        .bind(&user_id)
        .fetch_optional(&mut *connection)
        .await?;
    if taken.is_some() {
        return Err(ErrorCode::UserIdTaken.into());
    }
    sqlx::query("INSERT INTO users (id, app_id, created_at) VALUES ($1, $2, $3)")
        .bind(&user_id)
        .bind(app_id)
        .bind(now_ms)
        .execute(&mut *connection)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                ApiError::from(ErrorCode::UserIdTaken)
            } else {
                error.into()
            }
        })?;
    let device_id = add_first_device(connection, app_id, &user_id, request, now_ms).await?;
    Ok(RegisterResponse { user_id, device_id })
}

/// Adds a device and its copy of the first key generation to an existing user row. The
/// generation must be the anchor of the user's chain: no predecessor, its link signed by itself
/// over this user's id (so an anchor made for another user cannot be replayed here).
pub async fn add_first_device(
    connection: &mut AnyConnection,
    app_id: &str,
    user_id: &str,
    request: &RegisterRequest,
    now_ms: i64,
) -> ApiResult<String> {
    if request.user_id != user_id {
        return Err(
            Error::with_detail(ErrorCode::KeyChainInvalid, "the user id is another").into(),
        );
    }
    verify_user_anchor(user_id, &request.user_keys)?;
    if let Some(sealed) = &request.device.chain_state {
        check_sealed_state(sealed)?;
    }
    let device_id = new_id()?;
    store::insert_device(
        connection,
        &device_id,
        app_id,
        user_id,
        &request.device,
        now_ms,
    )
    .await?;
    let keys = &request.user_keys;
    store::insert_key_set(connection, user_id, keys, 0, None, now_ms).await?;
    store::insert_device_key(connection, &device_id, &keys.key_id, &keys.wrapped_key).await?;
    Ok(device_id)
}

/// `POST /api/v1/exists`.
pub async fn exists(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<IdentifierRequest>,
) -> ApiResult<ApiOk<ExistsResponse>> {
    check_identifier(&request.user_identifier)?;
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM devices WHERE app_id = $1 AND identifier = $2")
            .bind(&app.app.id)
            .bind(&request.user_identifier)
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(ApiOk(ExistsResponse {
        exists: found.is_some(),
    }))
}

/// A sealed chain state the server keeps for a device: bounded base64, opaque otherwise (only
/// the device's master key opens it).
pub fn check_sealed_state(sealed: &str) -> ApiResult<()> {
    sentc_core::crypto::base64_decode(sealed, MAX_SEALED_STATE_LEN)?;
    Ok(())
}
