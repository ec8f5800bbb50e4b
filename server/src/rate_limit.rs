//! Fixed-window rate limits kept in the database, so every server process counts into the same
//! buckets: login attempts per identifier and failed logins per client address, device
//! registrations per client address.
//!
//! A limit counts in one of two ways ([`Counting`]):
//! - **Attempts** are counted and checked in one statement *before* their work is done
//!   ([`hit`], [`LoginAttempt::begin`]), so concurrent attempts cannot all pass a check that
//!   reads the count first: of N guesses at one identifier sent at once, only those whose
//!   increment stayed within the limit are checked. Login attempts that turn out not to count
//!   (a correct password) are given back ([`LoginAttempt::finish`]).
//! - **Failures** are checked before and counted after a failure. Cheaper (a success writes
//!   nothing), for the coarse per-address limit whose bucket many users may share (a NAT, an
//!   office), where a row written by every login would serialize them all on PostgreSQL.

use sentc_core::ErrorCode;
use sqlx::AnyConnection;

use crate::error::ApiResult;
use crate::extract::ClientAddr;
use crate::secrets::hash_token;
use crate::state::AppState;

/// How a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Every attempt, before its work; given back if it did not count.
    Attempts,
    /// Failures, after they happen.
    Failures,
}

/// One counter: its bucket (a hash of what it counts), its limit, its window and how it counts.
#[derive(Debug, Clone)]
pub struct Limit {
    bucket: String,
    max: i64,
    window_ms: i64,
    counting: Counting,
}

impl Limit {
    fn new(parts: &[&str], max: i64, window_ms: i64, counting: Counting) -> Self {
        Self {
            bucket: hash_token(&parts.join("\0")),
            max,
            window_ms,
            counting,
        }
    }

    /// Login attempts at one identifier (exact under concurrency).
    pub fn login_identifier(state: &AppState, app_id: &str, identifier: &str) -> Self {
        let settings = &state.settings;
        Self::new(
            &["login-identifier", app_id, identifier],
            settings.max_login_failures,
            settings.login_window_ms,
            Counting::Attempts,
        )
    }

    /// Failed logins from one client address (any identifier).
    pub fn login_address(state: &AppState, app_id: &str, client: &ClientAddr) -> Self {
        let settings = &state.settings;
        Self::new(
            &["login-address", app_id, &client.bucket()],
            settings.max_login_failures_per_address,
            settings.login_window_ms,
            Counting::Failures,
        )
    }

    /// Device registrations started from one client address.
    pub fn device_registration(state: &AppState, app_id: &str, client: &ClientAddr) -> Self {
        let settings = &state.settings;
        Self::new(
            &["device-registration", app_id, &client.bucket()],
            settings.device_registrations_per_address,
            settings.device_registration_window_ms,
            Counting::Attempts,
        )
    }
}

/// Counts one attempt in `limit` inside the caller's transaction and fails with `exceeded` if
/// the bucket is over its limit (the caller's rollback then takes the count back too).
pub async fn hit(
    connection: &mut AnyConnection,
    state: &AppState,
    limit: &Limit,
    exceeded: ErrorCode,
) -> ApiResult<()> {
    let now = state.now_ms();
    if count(connection, limit, now).await? > limit.max {
        return Err(exceeded.into());
    }
    Ok(())
}

/// Adds one to a bucket (starting a new window when the old one has passed); returns the count.
async fn count(connection: &mut AnyConnection, limit: &Limit, now: i64) -> ApiResult<i64> {
    Ok(sqlx::query_scalar(
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
    .fetch_one(connection)
    .await?)
}

/// The hits of a bucket in its current window.
async fn current(connection: &mut AnyConnection, limit: &Limit, now: i64) -> ApiResult<i64> {
    let hits: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start > $2")
            .bind(&limit.bucket)
            .bind(now.saturating_sub(limit.window_ms))
            .fetch_optional(connection)
            .await?;
    Ok(hits.unwrap_or(0))
}

/// One login step (an auth key check, maybe a one-time password or a challenge) in one
/// transaction that also keeps the counts, so a step costs one commit:
/// - [`Self::begin`] counts the attempt where attempts count (before the step's work, locking
///   the identifier's row on PostgreSQL, so concurrent guesses at one identifier queue up and
///   each sees the others' counts) and checks the failure limits;
/// - [`Self::finish`] commits a success with the attempt given back, commits a guessing
///   failure (wrong password or unknown identifier, wrong one-time password, wrong challenge)
///   with the counts kept and failures counted, and rolls anything else back.
pub struct LoginAttempt {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    limits: Vec<Limit>,
    now: i64,
}

impl LoginAttempt {
    /// Begins the step's transaction and counts the attempt; fails with
    /// `5010 TooManyLoginAttempts` (counting nothing) if a limit is reached.
    pub async fn begin(state: &AppState, limits: &[Limit]) -> ApiResult<Self> {
        let now = state.now_ms();
        let mut tx = state.db.begin().await?;
        for limit in limits {
            let reached = match limit.counting {
                Counting::Attempts => count(&mut tx, limit, now).await? > limit.max,
                Counting::Failures => current(&mut tx, limit, now).await? >= limit.max,
            };
            if reached {
                return Err(ErrorCode::TooManyLoginAttempts.into());
            }
        }
        Ok(Self {
            tx,
            limits: limits.to_vec(),
            now,
        })
    }

    /// The step's transaction.
    pub fn connection(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Ends the step with its result (see the type's documentation).
    pub async fn finish<T>(mut self, result: ApiResult<T>) -> ApiResult<T> {
        let guessed = match &result {
            Ok(_) => false,
            Err(error) => matches!(
                error.0.code(),
                ErrorCode::LoginFailed | ErrorCode::OtpInvalid | ErrorCode::ChallengeFailed
            ),
        };
        if result.is_err() && !guessed {
            self.tx.rollback().await?;
            return result;
        }
        for limit in &self.limits {
            match (limit.counting, guessed) {
                (Counting::Attempts, false) => {
                    sqlx::query(
                        "UPDATE rate_limits SET hits = hits - 1 WHERE bucket = $1 AND hits > 0",
                    )
                    .bind(&limit.bucket)
                    .execute(&mut *self.tx)
                    .await?;
                }
                (Counting::Failures, true) => {
                    count(&mut self.tx, limit, self.now).await?;
                }
                _ => {}
            }
        }
        self.tx.commit().await?;
        result
    }
}

/// Empties a bucket (a successful login forgets the identifier's failures).
pub async fn clear(connection: &mut AnyConnection, limit: &Limit) -> ApiResult<()> {
    sqlx::query("DELETE FROM rate_limits WHERE bucket = $1")
        .bind(&limit.bucket)
        .execute(connection)
        .await?;
    Ok(())
}
