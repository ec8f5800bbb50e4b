//! User key rotation: start on one device, the server wraps the ephemeral blob for every
//! other device, each device finishes.

use axum::extract::State;
use sentc_core::crypto::{KeyId, base64_encode};
use sentc_core::keys::{check_key_set_data, check_rotation_chain, verify_user_link};
use sentc_core::protocol::user::{
    Empty, FinishRotationRequest, KeyRotationRequest, KeySetData, PendingRotation, ROTATIONS_PAGE,
};
use sentc_core::{Error, ErrorCode};
use serde::Deserialize;
use sqlx::Row;

use super::store;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, ApiQuery, Session};
use crate::generations::{GenerationTable, check_rotation_rate};
use crate::state::AppState;

/// `POST /api/v1/user/key_rotation`.
pub async fn start(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<KeyRotationRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let starter = store::device_by_id(&mut tx, &session.device_id).await?;
    check_key_set_data(&request.key_set, starter.public_key()?.id())?;
    let new_id = request.key_set.key_id;
    check_rotation_chain(
        request.previous_key_id,
        new_id,
        &request.ephemeral_by_previous,
        &request.new_key_by_ephemeral,
    )?;
    let (newest, seq) = store::newest_key(&mut tx, &session.user_id).await?;
    if newest != request.previous_key_id.to_hex() {
        return Err(Error::for_key(ErrorCode::KeyNotNewest, request.previous_key_id).into());
    }
    let now = state.now_ms();
    let user_id = &session.user_id;
    check_rotation_rate(
        &mut tx,
        GenerationTable::User,
        user_id,
        &state.settings,
        now,
    )
    .await?;
    // The new generation must extend the chain: named after the newest, its link signed by the
    // newest generation's sign key (which a stolen session does not hold).
    if request.key_set.previous_key_id != Some(request.previous_key_id) {
        return Err(Error::for_key(ErrorCode::KeyChainInvalid, new_id).into());
    }
    let previous_verify_key =
        store::user_verify_key(&mut tx, user_id, &request.previous_key_id).await?;
    verify_user_link(user_id, &request.key_set, &previous_verify_key)?;
    let rotation = (
        &request.previous_key_id,
        &request.new_key_by_ephemeral,
        session.device_id.as_str(),
    );
    store::insert_key_set(
        &mut tx,
        &session.user_id,
        &request.key_set,
        seq + 1,
        Some(rotation),
        now,
    )
    .await?;
    store::insert_device_key(&mut tx, &starter.id, &new_id, &request.key_set.wrapped_key).await?;
    // The server cannot read the blob: it is wrapped under the previous user key.
    let blob = request.ephemeral_by_previous.as_bytes();
    for device in store::devices_of_user(&mut tx, &session.user_id).await? {
        if device.id == starter.id {
            continue;
        }
        let encrypted = device.public_key()?.encrypt(blob)?;
        sqlx::query(
            "INSERT INTO device_rotations (device_id, key_id, encrypted_ephemeral) VALUES ($1, $2, $3)",
        )
        .bind(&device.id)
        .bind(new_id.to_hex())
        .bind(base64_encode(&encrypted))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// The cursor of a page of pending rotations.
#[derive(Debug, Deserialize)]
pub struct PendingPage {
    /// The last rotation of the previous page.
    pub last_key: Option<String>,
}

/// `GET /api/v1/user/key_rotation`: a page of the rotations this device has to finish, oldest
/// first (`?last_key=` the last one of the previous page).
pub async fn pending(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(page): ApiQuery<PendingPage>,
) -> ApiResult<ApiOk<Vec<PendingRotation>>> {
    let mut connection = state.db.pool.acquire().await?;
    let after = match &page.last_key {
        Some(key_id) => store::key_seq(&mut connection, &session.user_id, key_id).await?,
        None => -1,
    };
    let rows = sqlx::query(
        "SELECT r.encrypted_ephemeral, k.id, k.previous_key_id, \
         k.new_key_by_ephemeral AS wrapped_key, k.started_by_device, k.public_key, k.verify_key, \
         k.private_key, k.sign_key, k.public_key_signature, k.link_signature FROM device_rotations r \
         JOIN user_keys k ON k.id = r.key_id WHERE r.device_id = $1 AND k.seq > $2 \
         ORDER BY k.seq LIMIT $3",
    )
    .bind(&session.device_id)
    .bind(after)
    .bind(ROTATIONS_PAGE)
    .fetch_all(&mut *connection)
    .await?;
    let pending = rows
        .iter()
        .map(|row| {
            let previous: Option<String> = row.try_get("previous_key_id")?;
            Ok(PendingRotation {
                key_id: row.try_get::<String, _>("id")?.parse()?,
                previous_key_id: previous.ok_or(ErrorCode::Internal)?.parse::<KeyId>()?,
                encrypted_ephemeral: row.try_get("encrypted_ephemeral")?,
                started_by_device: row
                    .try_get::<Option<String>, _>("started_by_device")?
                    .unwrap_or_default(),
                key_set: store::key_set_from_row(row)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(ApiOk(pending))
}

/// `PUT /api/v1/user/key_rotation/{key_id}`: this device's copy of the new key.
pub async fn finish(
    State(state): State<AppState>,
    session: Session,
    ApiPath(key_id): ApiPath<String>,
    ApiJson(request): ApiJson<FinishRotationRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let key_id: KeyId = key_id.parse()?;
    let mut tx = state.db.begin().await?;
    let removed = sqlx::query("DELETE FROM device_rotations WHERE device_id = $1 AND key_id = $2")
        .bind(&session.device_id)
        .bind(key_id.to_hex())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if removed != 1 {
        return Err(Error::for_key(ErrorCode::KeyRotationNotFound, key_id).into());
    }
    let device_key = store::device_by_id(&mut tx, &session.device_id)
        .await?
        .public_key()?
        .id();
    let wrapped = &request.wrapped_key;
    if wrapped.key_id() != key_id || wrapped.wrapping_key_id() != device_key {
        return Err(Error::for_key(ErrorCode::KeysInconsistent, key_id).into());
    }
    store::insert_device_key(&mut tx, &session.device_id, &key_id, wrapped).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `GET /api/v1/user/keys`: every generation this device holds, oldest first.
pub async fn keys(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<ApiOk<Vec<KeySetData>>> {
    let mut connection = state.db.pool.acquire().await?;
    let keys = store::user_keys_for_device(&mut connection, &session.device_id).await?;
    Ok(ApiOk(keys))
}
