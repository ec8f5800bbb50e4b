//! The app backend's secret-token endpoints (docs/design.md §4): disable a user's second factor, end
//! their sessions, delete them, reset them.

use axum::Extension;
use axum::extract::State;
use sentc_core::keys::{check_device_registration, check_key_set_data};
use sentc_core::protocol::user::{
    Empty, ForcedResetRequest, IdentifierRequest, RegisterRequest, RegisterResponse,
};
use sentc_core::user::check_identifier;
use sqlx::{Any, Transaction};

use super::{account, otp, register, store};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiOk, RequestApp};
use crate::state::AppState;

/// Begins a transaction and finds the user of a login identifier.
async fn begin_for_user(
    state: &AppState,
    app: &RequestApp,
    identifier: &str,
) -> ApiResult<(Transaction<'static, Any>, String)> {
    check_identifier(identifier)?;
    let mut tx = state.db.begin().await?;
    let user_id = store::user_by_identifier(&mut tx, &app.app.id, identifier).await?;
    Ok((tx, user_id))
}

/// `DELETE /api/v1/user/forced/disable_otp`.
pub async fn disable_otp(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<IdentifierRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let (mut tx, user_id) = begin_for_user(&state, &app, &request.user_identifier).await?;
    otp::disable_for(&mut tx, &user_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/user/forced/sessions`.
pub async fn sessions(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<IdentifierRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let (mut tx, user_id) = begin_for_user(&state, &app, &request.user_identifier).await?;
    store::revoke_user_sessions(&mut tx, &user_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/user/forced/delete`.
pub async fn delete(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<IdentifierRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let (mut tx, user_id) = begin_for_user(&state, &app, &request.user_identifier).await?;
    account::delete(&mut tx, &user_id, state.now_ms()).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `PUT /api/v1/user/forced/reset`: replaces every device and key generation of a user by a
/// new first device and generation (the user keeps their id). Data encrypted for the old keys
/// cannot be decrypted any more; the second factor is removed and every session ends.
pub async fn reset(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<ForcedResetRequest>,
) -> ApiResult<ApiOk<RegisterResponse>> {
    check_device_registration(&request.device)?;
    check_key_set_data(&request.user_keys, request.device.public_key.id())?;
    let (mut tx, user_id) = begin_for_user(&state, &app, &request.user_identifier).await?;
    sqlx::query("DELETE FROM devices WHERE user_id = $1")
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM user_keys WHERE user_id = $1")
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE users SET otp_secret = NULL, otp_recovery = NULL, otp_last_step = 0 WHERE id = $1",
    )
    .bind(&user_id)
    .execute(&mut *tx)
    .await?;
    let registration = RegisterRequest {
        user_id: user_id.clone(),
        device: request.device,
        user_keys: request.user_keys,
    };
    let device_id = register::add_first_device(
        &mut tx,
        &app.app.id,
        &user_id,
        &registration,
        state.now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(RegisterResponse { user_id, device_id }))
}
