//! Devices: a new device announces itself, a logged-in device adds it; list and delete.

use std::collections::BTreeSet;

use axum::Extension;
use axum::extract::{Path, State};
use sentc_core::keys::check_device_registration;
use sentc_core::protocol::user::{
    DeviceInfo, DoneRegisterDeviceRequest, Empty, PrepareRegisterDeviceRequest,
    PrepareRegisterDeviceResponse,
};
use sentc_core::{Error, ErrorCode};
use serde::Deserialize;
use sqlx::Row;

use super::store;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiOk, ApiQuery, RequestApp, Session};
use crate::secrets::{hash_token, new_token};
use crate::state::AppState;

/// Devices per page of the device list.
const PAGE: i64 = 50;

/// `POST /api/v1/user/prepare_register_device` (no JWT).
pub async fn prepare(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<PrepareRegisterDeviceRequest>,
) -> ApiResult<ApiOk<PrepareRegisterDeviceResponse>> {
    check_device_registration(&request.device)?;
    let now = state.now_ms();
    let token = new_token("sentc_dt_")?;
    let mut tx = state.db.begin().await?;
    // Expired announcements give their identifiers back.
    sqlx::query("DELETE FROM devices WHERE app_id = $1 AND user_id IS NULL AND created_at <= $2")
        .bind(&app.app.id)
        .bind(now - state.settings.pending_device_lifetime_ms)
        .execute(&mut *tx)
        .await?;
    let device_id = store::insert_device(
        &mut tx,
        &app.app.id,
        None,
        &request.device,
        Some(&hash_token(&token)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(PrepareRegisterDeviceResponse {
        device_id,
        token: token.to_string(),
        public_key: request.device.public_key,
    }))
}

/// `PUT /api/v1/user/done_register_device`: adds the announced device to the caller's user,
/// with a copy of every generation of user keys wrapped to the new device's public key.
pub async fn done(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<DoneRegisterDeviceRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let row = sqlx::query(
        "SELECT id, created_at FROM devices WHERE registration_token_hash = $1 AND app_id = $2 \
         AND user_id IS NULL",
    )
    .bind(hash_token(&request.token))
    .bind(&session.app.app.id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ErrorCode::DeviceTokenInvalid)?;
    let device_id: String = row.try_get("id")?;
    let created_at: i64 = row.try_get("created_at")?;
    if created_at <= now - state.settings.pending_device_lifetime_ms {
        return Err(ErrorCode::DeviceTokenInvalid.into());
    }
    let device_key = store::device_by_id(&mut tx, &device_id)
        .await?
        .public_key()?
        .id();

    let generations: BTreeSet<String> =
        sqlx::query_scalar("SELECT id FROM user_keys WHERE user_id = $1")
            .bind(&session.user_id)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let uploaded: BTreeSet<String> = request
        .user_keys
        .iter()
        .map(|key| key.key_id.to_hex())
        .collect();
    if uploaded != generations || uploaded.len() != request.user_keys.len() {
        return Err(Error::with_detail(
            ErrorCode::KeysInconsistent,
            "every generation of user keys must be wrapped for the new device; finish pending key rotations first",
        )
        .into());
    }
    for key in &request.user_keys {
        if key.wrapped_key.key_id() != key.key_id || key.wrapped_key.wrapping_key_id() != device_key
        {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, key.key_id).into());
        }
        store::insert_device_key(&mut tx, &device_id, &key.key_id, &key.wrapped_key).await?;
    }
    sqlx::query("UPDATE devices SET user_id = $1, registration_token_hash = NULL WHERE id = $2")
        .bind(&session.user_id)
        .bind(&device_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// The cursor of the next page: the last item of the previous one.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// `created_at` of the last item seen.
    pub last_time: Option<i64>,
    /// The id of the last item seen.
    pub last_id: Option<String>,
}

/// `GET /api/v1/user/devices`.
pub async fn list(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Vec<DeviceInfo>>> {
    let rows = sqlx::query(
        "SELECT id, identifier, created_at FROM devices WHERE user_id = $1 \
         AND (created_at > $2 OR (created_at = $2 AND id > $3)) ORDER BY created_at, id LIMIT $4",
    )
    .bind(&session.user_id)
    .bind(page.last_time.unwrap_or(i64::MIN))
    .bind(page.last_id.unwrap_or_default())
    .bind(PAGE)
    .fetch_all(&state.db.pool)
    .await?;
    let devices = rows
        .iter()
        .map(|row| {
            Ok(DeviceInfo {
                device_id: row.try_get("id")?,
                identifier: row.try_get("identifier")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(ApiOk(devices))
}

/// `DELETE /api/v1/user/device/{device_id}` (fresh JWT).
pub async fn delete(
    State(state): State<AppState>,
    session: Session,
    Path(device_id): Path<String>,
) -> ApiResult<ApiOk<Empty>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    let devices = store::devices_of_user(&mut tx, &session.user_id).await?;
    if !devices.iter().any(|device| device.id == device_id) {
        return Err(ErrorCode::DeviceNotFound.into());
    }
    if devices.len() == 1 {
        return Err(ErrorCode::LastDevice.into());
    }
    sqlx::query("DELETE FROM devices WHERE id = $1")
        .bind(&device_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}
