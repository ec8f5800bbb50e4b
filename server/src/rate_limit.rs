//! Failed-login limit per identifier, kept in the database so every server node shares it.
//! Failures for unknown identifiers count the same, so the limit reveals nothing either.

use std::future::Future;

use sentc_core::ErrorCode;
use sqlx::{AnyConnection, Row};

use crate::error::ApiResult;
use crate::secrets::hash_token;
use crate::state::AppState;

fn key(identifier: &str) -> String {
    hash_token(identifier)
}

/// Fails with [`ErrorCode::TooManyLoginAttempts`] while the identifier is over its limit.
pub async fn check(
    state: &AppState,
    connection: &mut AnyConnection,
    app_id: &str,
    identifier: &str,
) -> ApiResult<()> {
    let row = sqlx::query(
        "SELECT window_start, failures FROM login_failures WHERE app_id = $1 AND identifier_hash = $2",
    )
    .bind(app_id)
    .bind(key(identifier))
    .fetch_optional(connection)
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

/// Runs a login step and counts it against the identifier's limit if it fails as a login
/// failure (wrong password or unknown identifier, wrong one-time password, wrong challenge).
/// The step's transaction has ended by then, so the count stays although the request fails.
pub async fn counted<T>(
    state: &AppState,
    app_id: &str,
    identifier: &str,
    step: impl Future<Output = ApiResult<T>>,
) -> ApiResult<T> {
    let result = step.await;
    if let Err(error) = &result {
        let counts = matches!(
            error.0.code(),
            ErrorCode::LoginFailed | ErrorCode::OtpInvalid | ErrorCode::ChallengeFailed
        );
        if counts {
            record_failure(state, app_id, identifier).await?;
        }
    }
    result
}

/// Counts a failure. A new window starts when the old one has passed.
async fn record_failure(state: &AppState, app_id: &str, identifier: &str) -> ApiResult<()> {
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
    .execute(&state.db.pool)
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
