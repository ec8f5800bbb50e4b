//! The account: password change and reset, identifier, deleting the user.

use axum::extract::State;
use sentc_core::crypto::{AuthKey, HashedAuthKey};
use sentc_core::protocol::paths;
use sentc_core::protocol::user::{
    ChangePasswordRequest, DeviceProvenRequest, Empty, PasswordUpdate, UpdateIdentifierRequest,
};
use sentc_core::user::check_identifier;
use sentc_core::{Error, ErrorCode};
use sqlx::AnyConnection;

use super::device_proof;
use super::store::{self, DeviceRow, to_column};
use crate::error::{ApiResult, is_unique_violation};
use crate::extract::{ApiJson, ApiOk, Session};
use crate::state::AppState;

/// `PUT /api/v1/user/password` (fresh JWT): proves the old password, stores the new one.
pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> ApiResult<ApiOk<Empty>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    let device = store::device_by_id(&mut tx, &session.device_id).await?;
    let stored = HashedAuthKey::from_base64(&device.hashed_auth_key)?;
    if !AuthKey::from_base64(request.old_auth_key.expose()).is_ok_and(|key| stored.verify(&key)) {
        return Err(ErrorCode::LoginFailed.into());
    }
    update_password(&mut tx, &device, &request.new_password).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `PUT /api/v1/user/reset_password` (device proof): a logged-in device sets a new password
/// without the old one (the user forgot it but still has this device). The proof keeps a
/// stolen JWT or refresh token from locking the user out.
pub async fn reset_password(
    State(state): State<AppState>,
    session: Session,
    ApiJson(proven): ApiJson<DeviceProvenRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let request: PasswordUpdate =
        device_proof::check(&state, &mut tx, &session, paths::RESET_PASSWORD, &proven).await?;
    let device = store::device_by_id(&mut tx, &session.device_id).await?;
    update_password(&mut tx, &device, &request).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// Stores a device's new password protection after checking it wraps the same master key.
async fn update_password(
    connection: &mut AnyConnection,
    device: &DeviceRow,
    update: &PasswordUpdate,
) -> ApiResult<()> {
    update.password_params.validate()?;
    HashedAuthKey::from_base64(&update.hashed_auth_key)?;
    if update.master_key.key_id() != device.master_key_id()? {
        return Err(Error::with_detail(
            ErrorCode::KeysInconsistent,
            "the new password must protect the same master key",
        )
        .into());
    }
    sqlx::query(
        "UPDATE devices SET password_params = $1, hashed_auth_key = $2, master_key = $3 WHERE id = $4",
    )
    .bind(to_column(&update.password_params)?)
    .bind(&update.hashed_auth_key)
    .bind(update.master_key.to_base64())
    .bind(&device.id)
    .execute(connection)
    .await?;
    Ok(())
}

/// `PUT /api/v1/user/identifier` (device proof): changes this device's login identifier.
pub async fn update_identifier(
    State(state): State<AppState>,
    session: Session,
    ApiJson(proven): ApiJson<DeviceProvenRequest>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let request: UpdateIdentifierRequest =
        device_proof::check(&state, &mut tx, &session, paths::IDENTIFIER, &proven).await?;
    check_identifier(&request.user_identifier)?;
    let result = sqlx::query("UPDATE devices SET identifier = $1 WHERE id = $2")
        .bind(&request.user_identifier)
        .bind(&session.device_id)
        .execute(&mut *tx)
        .await;
    match result {
        Err(error) if is_unique_violation(&error) => return Err(ErrorCode::IdentifierTaken.into()),
        other => other?,
    };
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/user` (fresh JWT; the secret token by default).
pub async fn delete_user(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<ApiOk<Empty>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    delete(&mut tx, &session.user_id, state.now_ms()).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// Deletes a user; devices, keys and sessions go with it (foreign keys cascade), and it leaves
/// every group (groups it created stay, without their creator). Its files (for it, or for
/// nobody else) are deleted; the purge job removes their parts.
pub async fn delete(connection: &mut AnyConnection, user_id: &str, now_ms: i64) -> ApiResult<()> {
    crate::groups::store::remove_as_member(connection, user_id).await?;
    crate::files::store::mark_user_files_deleted(connection, user_id, now_ms).await?;
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(connection)
        .await?;
    Ok(())
}
