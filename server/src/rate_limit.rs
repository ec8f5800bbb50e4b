//! Fixed-window rate limits kept in the database, so every server process counts into the same
//! buckets: login attempts per identifier and per client address, device registrations per
//! client address.
//!
//! An attempt is counted and checked in one statement *before* its work is done ([`hit`]), so
//! concurrent attempts cannot all pass a check that reads the count first: of N attempts at
//! once, only those whose increment stayed within the limit go on. Attempts that turn out not
//! to count (a correct password, a malformed request) are given back afterwards.

use std::future::Future;

use sentc_core::ErrorCode;
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult};
use crate::extract::ClientAddr;
use crate::secrets::hash_token;
use crate::state::AppState;

/// One counter: its bucket (a hash of what it counts), its limit and its window.
#[derive(Debug, Clone)]
pub struct Limit {
    bucket: String,
    max: i64,
    window_ms: i64,
}

impl Limit {
    fn new(parts: &[&str], max: i64, window_ms: i64) -> Self {
        Self {
            bucket: hash_token(&parts.join("\0")),
            max,
            window_ms,
        }
    }

    /// Failed logins of one identifier.
    pub fn login_identifier(state: &AppState, app_id: &str, identifier: &str) -> Self {
        let settings = &state.settings;
        Self::new(
            &["login-identifier", app_id, identifier],
            settings.max_login_failures,
            settings.login_window_ms,
        )
    }

    /// Failed logins from one client address (any identifier).
    pub fn login_address(state: &AppState, app_id: &str, client: &ClientAddr) -> Self {
        let settings = &state.settings;
        Self::new(
            &["login-address", app_id, &client.bucket()],
            settings.max_login_failures_per_address,
            settings.login_window_ms,
        )
    }

    /// Device registrations started from one client address.
    pub fn device_registration(state: &AppState, app_id: &str, client: &ClientAddr) -> Self {
        let settings = &state.settings;
        Self::new(
            &["device-registration", app_id, &client.bucket()],
            settings.device_registrations_per_address,
            settings.device_registration_window_ms,
        )
    }
}

/// Counts one attempt and fails with `exceeded` if the bucket is over its limit. Runs on its
/// own connection and commits at once, so the count stays even when the attempt's transaction
/// rolls back.
pub async fn hit(state: &AppState, limit: &Limit, exceeded: ErrorCode) -> ApiResult<()> {
    let now = state.now_ms();
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 \
                               ELSE rate_limits.window_start END \
         RETURNING hits",
    )
    .bind(&limit.bucket)
    .bind(now)
    .bind(now.saturating_sub(limit.window_ms))
    .fetch_one(&state.db.pool)
    .await?;
    if hits > limit.max {
        give_back(state, limit).await?;
        return Err(exceeded.into());
    }
    Ok(())
}

/// Takes back an attempt counted by [`hit`] that did not count after all.
pub async fn give_back(state: &AppState, limit: &Limit) -> ApiResult<()> {
    sqlx::query("UPDATE rate_limits SET hits = hits - 1 WHERE bucket = $1 AND hits > 0")
        .bind(&limit.bucket)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Empties a bucket (a successful login forgets the identifier's failures).
pub async fn clear(connection: &mut AnyConnection, limit: &Limit) -> ApiResult<()> {
    sqlx::query("DELETE FROM rate_limits WHERE bucket = $1")
        .bind(&limit.bucket)
        .execute(connection)
        .await?;
    Ok(())
}

/// Runs a login step under the identifier's and the client address's limits. The attempt is
/// counted in both before the step runs; it stays counted only if the step fails as a login
/// failure (wrong password or unknown identifier, wrong one-time password, wrong challenge).
pub async fn counted_login<T>(
    state: &AppState,
    limits: &[Limit],
    step: impl Future<Output = ApiResult<T>>,
) -> ApiResult<T> {
    let mut taken = Vec::with_capacity(limits.len());
    for limit in limits {
        if let Err(error) = hit(state, limit, ErrorCode::TooManyLoginAttempts).await {
            give_back_all(state, &taken).await?;
            return Err(error);
        }
        taken.push(limit.clone());
    }
    let result = step.await;
    if !is_login_failure(&result) {
        give_back_all(state, &taken).await?;
    }
    result
}

fn is_login_failure<T>(result: &Result<T, ApiError>) -> bool {
    matches!(
        result.as_ref().map_err(|error| error.0.code()),
        Err(ErrorCode::LoginFailed | ErrorCode::OtpInvalid | ErrorCode::ChallengeFailed)
    )
}

async fn give_back_all(state: &AppState, limits: &[Limit]) -> ApiResult<()> {
    for limit in limits {
        give_back(state, limit).await?;
    }
    Ok(())
}
