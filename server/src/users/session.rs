//! Sessions: JWT + refresh token at login, refresh with rotation and replay detection,
//! logout and revocation.

use axum::Extension;
use axum::extract::State;
use sentc_core::ErrorCode;
use sentc_core::protocol::jwt::Claims;
use sentc_core::protocol::user::{Empty, RefreshRequest, RefreshResponse};
use sqlx::{AnyConnection, Row};
use zeroize::Zeroizing;

use super::store;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, RequestApp, Session};
use crate::jwt;
use crate::secrets::{hash_token, new_token};
use crate::state::AppState;

/// Issues a JWT and a refresh token for a device.
pub async fn issue(
    state: &AppState,
    connection: &mut AnyConnection,
    app_id: &str,
    user_id: &str,
    device_id: &str,
    fresh: bool,
) -> ApiResult<(String, Zeroizing<String>)> {
    let now = state.now_ms();
    let session_version: i64 =
        sqlx::query_scalar("SELECT session_version FROM devices WHERE id = $1")
            .bind(device_id)
            .fetch_one(&mut *connection)
            .await?;
    let refresh_token = new_token("sentc_rt_")?;
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, device_id, expires_at, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash_token(&refresh_token))
    .bind(device_id)
    .bind(now + state.settings.refresh_lifetime_ms)
    .bind(now)
    .execute(&mut *connection)
    .await?;
    let claims = Claims {
        iss: "sentc".into(),
        aud: app_id.to_string(),
        sub: user_id.to_string(),
        device_id: device_id.to_string(),
        iat: now / 1000,
        exp: (now + state.settings.jwt_lifetime_ms) / 1000,
        fresh,
        session_version,
    };
    let jwt = jwt::issue(connection, &state.root, &state.jwt_keys, &claims).await?;
    Ok((jwt, refresh_token))
}

/// `PUT /api/v1/refresh`: trades a refresh token for a new JWT (not fresh) and the next
/// refresh token. A refresh token used twice means it leaked: every session of the device
/// is revoked.
pub async fn refresh(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> ApiResult<ApiOk<RefreshResponse>> {
    if request.refresh_token.expose().len() > 256 {
        return Err(ErrorCode::RefreshTokenInvalid.into());
    }
    let hash = hash_token(request.refresh_token.expose());
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let row = sqlx::query(
        "SELECT t.device_id, t.expires_at, t.used_at, d.user_id FROM refresh_tokens t \
         JOIN devices d ON d.id = t.device_id WHERE t.token_hash = $1 AND d.app_id = $2",
    )
    .bind(&hash)
    .bind(&app.app.id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ErrorCode::RefreshTokenInvalid)?;
    let device_id: String = row.try_get("device_id")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    let used_at: Option<i64> = row.try_get("used_at")?;
    let user_id: String = row
        .try_get::<Option<String>, _>("user_id")?
        .ok_or(ErrorCode::RefreshTokenInvalid)?;
    if expires_at <= now {
        return Err(ErrorCode::RefreshTokenInvalid.into());
    }
    // Marking the token used is the atomic step: of two concurrent uses only one succeeds.
    let marked = sqlx::query(
        "UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(&hash)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if used_at.is_some() || marked != 1 {
        store::revoke_device_sessions(&mut tx, &device_id).await?;
        tx.commit().await?;
        return Err(ErrorCode::RefreshTokenReplayed.into());
    }
    let (jwt, refresh_token) =
        issue(&state, &mut tx, &app.app.id, &user_id, &device_id, false).await?;
    tx.commit().await?;
    Ok(ApiOk(RefreshResponse {
        jwt,
        refresh_token: refresh_token.into(),
    }))
}

/// `POST /api/v1/user/logout`: ends this device's sessions.
pub async fn logout(State(state): State<AppState>, session: Session) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    store::revoke_device_sessions(&mut tx, &session.device_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/user/sessions` (fresh JWT): ends every session of every device.
pub async fn revoke_all(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<ApiOk<Empty>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    store::revoke_user_sessions(&mut tx, &session.user_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/user/device/{device_id}/sessions` (fresh JWT): ends one device's sessions.
pub async fn revoke_device(
    State(state): State<AppState>,
    session: Session,
    ApiPath(device_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    let device = store::device_by_id(&mut tx, &device_id).await?;
    if device.user_id.as_deref() != Some(session.user_id.as_str()) {
        return Err(ErrorCode::DeviceNotFound.into());
    }
    store::revoke_device_sessions(&mut tx, &device_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}
