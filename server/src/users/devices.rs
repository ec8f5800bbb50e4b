//! Devices: a new device announces itself, a logged-in device adds it; list and delete.

use std::collections::BTreeSet;

use axum::Extension;
use axum::extract::State;
use sentc_core::keys::{MAX_SEALED_STATE_LEN, check_device_registration};
use sentc_core::protocol::paths;
use sentc_core::protocol::user::{
    ChainStateUpdate, DeviceInfo, DeviceProvenRequest, DoneRegisterDeviceRequest, Empty,
    PrepareRegisterDeviceRequest, PrepareRegisterDeviceResponse,
};
use sentc_core::{Error, ErrorCode};
use serde::Deserialize;
use sqlx::Row;

use super::{device_proof, store};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, ApiQuery, ClientAddr, RequestApp, Session};
use crate::rate_limit::{self, Limit};
use crate::secrets::{hash_token, new_token};
use crate::state::AppState;

/// Devices per page of the device list.
const PAGE: i64 = 50;

/// `POST /api/v1/user/prepare_register_device` (no JWT): a new device announces itself. The
/// answer is the same whether or not the identifier is taken (that is checked when a logged-in
/// device adds it), and nothing is reserved. Limited per client address and per app.
pub async fn prepare(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    client: ClientAddr,
    ApiJson(request): ApiJson<PrepareRegisterDeviceRequest>,
) -> ApiResult<ApiOk<PrepareRegisterDeviceResponse>> {
    check_device_registration(&request.device)?;
    let now = state.now_ms();
    let token = new_token("sentc_dt_")?;
    let mut tx = state.db.begin().await?;
    let limit = Limit::device_registration(&state, &app.app.id, &client);
    rate_limit::hit(&mut tx, &state, &limit, ErrorCode::RateLimited).await?;
    let expired = now - state.settings.pending_device_lifetime_ms;
    store::purge_registrations(&mut tx, &app.app.id, expired).await?;
    if store::open_registrations(&mut tx, &app.app.id).await?
        >= state.settings.max_pending_device_registrations
    {
        return Err(
            Error::with_detail(ErrorCode::RateLimited, "pending device registrations").into(),
        );
    }
    let device_id = store::insert_registration(
        &mut tx,
        &app.app.id,
        &request.device,
        &hash_token(&token),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(PrepareRegisterDeviceResponse {
        device_id,
        token: token.into(),
    }))
}

/// `PUT /api/v1/user/done_register_device` (device proof): adds the announced device to the
/// caller's user, with a copy of every generation of user keys wrapped to the new device's
/// public key. Fails with `5002 IdentifierTaken` if the identifier was taken meanwhile.
pub async fn done(
    State(state): State<AppState>,
    session: Session,
    ApiJson(proven): ApiJson<DeviceProvenRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let request: DoneRegisterDeviceRequest = device_proof::check(
        &state,
        &mut tx,
        &session,
        paths::DONE_REGISTER_DEVICE,
        &proven,
    )
    .await?;
    let app_id = &session.app.app.id;
    let pending = store::take_registration(&mut tx, app_id, &hash_token(request.token.expose()))
        .await?
        .ok_or(ErrorCode::DeviceTokenInvalid)?;
    if pending.created_at <= now - state.settings.pending_device_lifetime_ms {
        return Err(ErrorCode::DeviceTokenInvalid.into());
    }
    let device_key = pending.registration.public_key.id();
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
    store::insert_device(
        &mut tx,
        &pending.id,
        app_id,
        &session.user_id,
        &pending.registration,
        now,
    )
    .await?;
    for key in &request.user_keys {
        if key.wrapped_key.key_id() != key.key_id || key.wrapped_key.wrapping_key_id() != device_key
        {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, key.key_id).into());
        }
        store::insert_device_key(&mut tx, &pending.id, &key.key_id, &key.wrapped_key).await?;
    }
    if request.onboarding.chain_state.len() > MAX_SEALED_STATE_LEN
        || request.onboarding.mac.len() > 64
    {
        return Err(Error::with_detail(ErrorCode::InputTooLarge, "onboarding record").into());
    }
    store::set_onboarding(&mut tx, &pending.id, &request.onboarding).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `PUT /api/v1/user/device/chain_state`: what this device verified of its user's key chain,
/// sealed under its master key. The server keeps it for the device's next login.
pub async fn chain_state(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<ChainStateUpdate>,
) -> ApiResult<ApiOk<Empty>> {
    super::register::check_sealed_state(&request.chain_state)?;
    let mut tx = state.db.begin().await?;
    store::set_chain_state(&mut tx, &session.device_id, &request.chain_state).await?;
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
    ApiPath(device_id): ApiPath<String>,
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
