//! TOTP second factor: register, reset, disable, recovery codes. The secret and the recovery
//! codes are sealed under the root key.

use axum::extract::State;
use sentc_core::ErrorCode;
use sentc_core::protocol::SecretText;
use sentc_core::protocol::user::{Empty, OtpRecoveryCodesResponse, OtpRegisterResponse};
use sqlx::{AnyConnection, Row};
use subtle::ConstantTimeEq;

use super::store::{column, to_column};
use crate::error::ApiResult;
use crate::extract::{ApiOk, Session};
use crate::state::AppState;
use crate::totp;

/// Whether the user has a second factor.
pub async fn is_enabled(connection: &mut AnyConnection, user_id: &str) -> ApiResult<bool> {
    let secret: Option<String> = sqlx::query_scalar("SELECT otp_secret FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(connection)
        .await?;
    Ok(secret.is_some())
}

/// Checks a one-time password or a recovery code and uses it up. Using it up is a
/// compare-and-set on what was read, so of two logins with the same code at once only one
/// succeeds, without a row lock (PostgreSQL's default isolation lets both read the old row).
pub async fn check_token(
    state: &AppState,
    connection: &mut AnyConnection,
    user_id: &str,
    token: &str,
    recovery: bool,
) -> ApiResult<()> {
    let row =
        sqlx::query("SELECT otp_secret, otp_recovery, otp_last_step FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut *connection)
            .await?;
    let (Some(secret), Some(sealed_codes)) = (
        row.try_get::<Option<String>, _>("otp_secret")?,
        row.try_get::<Option<String>, _>("otp_recovery")?,
    ) else {
        return Err(ErrorCode::OtpNotEnabled.into());
    };
    let used_up = if recovery {
        use_recovery_code(state, connection, user_id, &sealed_codes, token).await?
    } else {
        let last_step: i64 = row.try_get("otp_last_step")?;
        let secret = state.root.open(&secret)?;
        let step = totp::verify(&secret, token.trim(), state.now_ms(), last_step)
            .ok_or(ErrorCode::OtpInvalid)?;
        sqlx::query("UPDATE users SET otp_last_step = $1 WHERE id = $2 AND otp_last_step = $3")
            .bind(step)
            .bind(user_id)
            .bind(last_step)
            .execute(connection)
            .await?
            .rows_affected()
    };
    if used_up != 1 {
        // Another login used this code (or a later one) in the meantime.
        return Err(ErrorCode::OtpInvalid.into());
    }
    Ok(())
}

/// Removes `token` from the sealed recovery codes if it is one of them; returns the rows
/// changed (0 when another login changed the codes first).
async fn use_recovery_code(
    state: &AppState,
    connection: &mut AnyConnection,
    user_id: &str,
    sealed_codes: &str,
    token: &str,
) -> ApiResult<u64> {
    let opened = state.root.open(sealed_codes)?;
    let text = std::str::from_utf8(&opened).map_err(|_| ErrorCode::Internal)?;
    let mut codes: Vec<String> = column(text)?;
    let position = codes
        .iter()
        .position(|code| bool::from(code.as_bytes().ct_eq(token.trim().as_bytes())))
        .ok_or(ErrorCode::OtpInvalid)?;
    codes.remove(position);
    Ok(
        sqlx::query("UPDATE users SET otp_recovery = $1 WHERE id = $2 AND otp_recovery = $3")
            .bind(state.root.seal(to_column(&codes)?.as_bytes())?)
            .bind(user_id)
            .bind(sealed_codes)
            .execute(connection)
            .await?
            .rows_affected(),
    )
}

/// Stores a new secret and new recovery codes.
async fn new_secret(
    state: &AppState,
    connection: &mut AnyConnection,
    user_id: &str,
) -> ApiResult<OtpRegisterResponse> {
    let secret = totp::generate_secret()?;
    let recovery_codes = totp::recovery_codes()?;
    sqlx::query(
        "UPDATE users SET otp_secret = $1, otp_recovery = $2, otp_last_step = 0 WHERE id = $3",
    )
    .bind(state.root.seal(&secret)?)
    .bind(state.root.seal(to_column(&recovery_codes)?.as_bytes())?)
    .bind(user_id)
    .execute(connection)
    .await?;
    Ok(OtpRegisterResponse {
        secret: totp::base32(&secret).into(),
        recovery_codes: recovery_codes.into_iter().map(SecretText::from).collect(),
    })
}

/// `PATCH /api/v1/user/otp` (fresh JWT): enables TOTP.
pub async fn register(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<ApiOk<OtpRegisterResponse>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    if is_enabled(&mut tx, &session.user_id).await? {
        return Err(ErrorCode::OtpAlreadyEnabled.into());
    }
    let response = new_secret(&state, &mut tx, &session.user_id).await?;
    tx.commit().await?;
    Ok(ApiOk(response))
}

/// `PATCH /api/v1/user/otp/reset` (fresh JWT): a new secret and new recovery codes.
pub async fn reset(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<ApiOk<OtpRegisterResponse>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    if !is_enabled(&mut tx, &session.user_id).await? {
        return Err(ErrorCode::OtpNotEnabled.into());
    }
    let response = new_secret(&state, &mut tx, &session.user_id).await?;
    tx.commit().await?;
    Ok(ApiOk(response))
}

/// `DELETE /api/v1/user/otp` (fresh JWT).
pub async fn disable(State(state): State<AppState>, session: Session) -> ApiResult<ApiOk<Empty>> {
    session.require_fresh()?;
    let mut tx = state.db.begin().await?;
    disable_for(&mut tx, &session.user_id).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// Removes a user's second factor.
pub async fn disable_for(connection: &mut AnyConnection, user_id: &str) -> ApiResult<()> {
    if !is_enabled(connection, user_id).await? {
        return Err(ErrorCode::OtpNotEnabled.into());
    }
    sqlx::query(
        "UPDATE users SET otp_secret = NULL, otp_recovery = NULL, otp_last_step = 0 WHERE id = $1",
    )
    .bind(user_id)
    .execute(connection)
    .await?;
    Ok(())
}

/// `GET /api/v1/user/otp/recovery_codes` (fresh JWT).
pub async fn recovery_codes(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<ApiOk<OtpRecoveryCodesResponse>> {
    session.require_fresh()?;
    let sealed: Option<String> = sqlx::query_scalar("SELECT otp_recovery FROM users WHERE id = $1")
        .bind(&session.user_id)
        .fetch_one(&state.db.pool)
        .await?;
    let sealed = sealed.ok_or(ErrorCode::OtpNotEnabled)?;
    let opened = state.root.open(&sealed)?;
    let text = std::str::from_utf8(&opened).map_err(|_| ErrorCode::Internal)?;
    let codes: Vec<String> = column(text)?;
    Ok(ApiOk(OtpRecoveryCodesResponse {
        recovery_codes: codes.into_iter().map(SecretText::from).collect(),
    }))
}
