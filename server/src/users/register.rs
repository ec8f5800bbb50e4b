//! `/register` and `/exists`.

use axum::Extension;
use axum::extract::State;
use sentc_core::keys::{check_device_registration, check_key_set_data};
use sentc_core::protocol::user::{
    ExistsResponse, IdentifierRequest, RegisterRequest, RegisterResponse,
};
use sentc_core::user::check_identifier;
use sqlx::AnyConnection;

use super::store;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiOk, RequestApp};
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
    let user_id = new_id()?;
    sqlx::query("INSERT INTO users (id, app_id, created_at) VALUES ($1, $2, $3)")
        .bind(&user_id)
        .bind(app_id)
        .bind(now_ms)
        .execute(&mut *connection)
        .await?;
    let device_id = add_first_device(connection, app_id, &user_id, request, now_ms).await?;
    Ok(RegisterResponse { user_id, device_id })
}

/// Adds a device and its copy of the first key generation to an existing user row.
pub async fn add_first_device(
    connection: &mut AnyConnection,
    app_id: &str,
    user_id: &str,
    request: &RegisterRequest,
    now_ms: i64,
) -> ApiResult<String> {
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
