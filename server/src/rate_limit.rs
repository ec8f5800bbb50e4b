//! Failed-login limit per identifier, kept in the database so every server node shares it.
//! Failures for unknown identifiers count the same, so the limit reveals nothing either.

use sentc_core::ErrorCode;
use sqlx::{AnyPool, Row};

use crate::error::ApiResult;
use crate::secrets::hash_token;
use crate::state::AppState;

fn key(identifier: &str) -> String {
    hash_token(identifier)
}

/// Fails with [`ErrorCode::TooManyLoginAttempts`] while the identifier is over its limit.
pub async fn check(state: &AppState, app_id: &str, identifier: &str) -> ApiResult<()> {
    let row = sqlx::query(
        "SELECT window_start, failures FROM login_failures WHERE app_id = $1 AND identifier_hash = $2",
    )
    .bind(app_id)
    .bind(key(identifier))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(());
    };
    let window_start: i64 = row.try_get("window_start")?;
    let failures: i64 = row.try_get("failures")?;
    let in_window = state.now_ms() - window_start < state.settings.login_window_ms;
    if in_window && failures >= state.settings.max_login_failures {
        return Err(ErrorCode::TooManyLoginAttempts.into());
    }
    Ok(())
}

/// Counts a failure, outside the request's transaction so that it stays when the request
/// fails. A new window starts when the old one has passed.
pub async fn record_failure(
    pool: &AnyPool,
    state: &AppState,
    app_id: &str,
    identifier: &str,
) -> ApiResult<()> {
    let now = state.now_ms();
    let window_opened_after = now - state.settings.login_window_ms;
    sqlx::query(
        "INSERT INTO login_failures (app_id, identifier_hash, window_start, failures) \
         VALUES ($1, $2, $3, 1) \
         ON CONFLICT (app_id, identifier_hash) DO UPDATE SET \
           failures = CASE WHEN login_failures.window_start <= $4 THEN 1 \
                           ELSE login_failures.failures + 1 END, \
           window_start = CASE WHEN login_failures.window_start <= $4 THEN $3 \
                               ELSE login_failures.window_start END",
    )
    .bind(app_id)
    .bind(key(identifier))
    .bind(now)
    .bind(window_opened_after)
    .execute(pool)
    .await?;
    Ok(())
}

/// Clears the failures of an identifier after a successful login.
pub async fn reset(
    connection: &mut sqlx::AnyConnection,
    app_id: &str,
    identifier: &str,
) -> ApiResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE app_id = $1 AND identifier_hash = $2")
        .bind(app_id)
        .bind(key(identifier))
        .execute(connection)
        .await?;
    Ok(())
}
