//! Registered symmetric keys in the database: one row per key, by the key's id.

use sentc_core::crypto::{KeyId, WrappedKey};
use sentc_core::{Error, ErrorCode};
use sqlx::{AnyConnection, Row};

use crate::error::{ApiResult, is_unique_violation};

/// A registered key as stored.
pub struct SymKeyRow {
    /// The wrapped key.
    pub wrapped_key: WrappedKey,
    /// The user who registered it.
    pub creator_id: String,
}

/// Stores a wrapped key under its id; `KeyIdTaken` if the id is in use in the app.
pub async fn insert(
    connection: &mut AnyConnection,
    app_id: &str,
    creator_id: &str,
    wrapped_key: &WrappedKey,
    now_ms: i64,
) -> ApiResult<()> {
    let key_id = wrapped_key.key_id();
    let inserted = sqlx::query(
        "INSERT INTO sym_keys (id, app_id, creator_id, wrapped_key, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key_id.to_hex())
    .bind(app_id)
    .bind(creator_id)
    .bind(wrapped_key.to_base64())
    .bind(now_ms)
    .execute(connection)
    .await;
    match inserted {
        Err(error) if is_unique_violation(&error) => {
            Err(Error::for_key(ErrorCode::KeyIdTaken, key_id).into())
        }
        other => other.map(drop).map_err(Into::into),
    }
}

/// The key registered under `key_id` in the app.
pub async fn get(
    connection: &mut AnyConnection,
    app_id: &str,
    key_id: &KeyId,
) -> ApiResult<SymKeyRow> {
    let row =
        sqlx::query("SELECT wrapped_key, creator_id FROM sym_keys WHERE id = $1 AND app_id = $2")
            .bind(key_id.to_hex())
            .bind(app_id)
            .fetch_optional(connection)
            .await?
            .ok_or(ErrorCode::SymKeyNotFound)?;
    Ok(SymKeyRow {
        wrapped_key: WrappedKey::from_base64(&row.try_get::<String, _>("wrapped_key")?)?,
        creator_id: row.try_get("creator_id")?,
    })
}

/// Deletes the key if `creator_id` registered it; whether it did.
pub async fn delete(
    connection: &mut AnyConnection,
    app_id: &str,
    key_id: &KeyId,
    creator_id: &str,
) -> ApiResult<bool> {
    let removed =
        sqlx::query("DELETE FROM sym_keys WHERE id = $1 AND app_id = $2 AND creator_id = $3")
            .bind(key_id.to_hex())
            .bind(app_id)
            .bind(creator_id)
            .execute(connection)
            .await?
            .rows_affected();
    Ok(removed > 0)
}
