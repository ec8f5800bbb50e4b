//! What storing a key generation means for users and groups alike: a generation's id is unique
//! across the server, and its sequence number is unique within its owner.

use sentc_core::crypto::KeyId;
use sentc_core::{Error, ErrorCode};
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::state::Settings;

/// A table of key generations.
#[derive(Debug, Clone, Copy)]
pub enum GenerationTable {
    /// `user_keys`.
    User,
    /// `group_keys`.
    Group,
}

/// Refuses a generation whose id is already stored (a prepared request sent twice). Checked
/// before the insert: after a failed statement PostgreSQL accepts no more queries in the
/// transaction, so the two unique constraints could not be told apart afterwards.
pub async fn check_id_free(
    connection: &mut AnyConnection,
    table: GenerationTable,
    key_id: KeyId,
) -> ApiResult<()> {
    let sql = match table {
        GenerationTable::User => "SELECT id FROM user_keys WHERE id = $1",
        GenerationTable::Group => "SELECT id FROM group_keys WHERE id = $1",
    };
    let taken: Option<String> = sqlx::query_scalar(sql)
        .bind(key_id.to_hex())
        .fetch_optional(connection)
        .await?;
    match taken {
        Some(_) => Err(Error::for_key(ErrorCode::KeyIdTaken, key_id).into()),
        None => Ok(()),
    }
}

/// The error of a generation insert: once the id is known to be free, a unique violation means
/// another generation took the same sequence number first (two rotations at once).
pub fn insert_error(error: sqlx::Error) -> ApiError {
    if is_unique_violation(&error) {
        Error::with_detail(
            ErrorCode::KeyNotNewest,
            "another generation was added at the same time",
        )
        .into()
    } else {
        error.into()
    }
}

/// Refuses a rotation (`4006 RateLimited`) when the owner (a user or a group) already rotated
/// the allowed number of times within the window. Every generation stays with its owner for
/// good and is carried by every invite and every new device, so a member rotating in a loop
/// would otherwise make the group unusable.
pub async fn check_rotation_rate(
    connection: &mut AnyConnection,
    table: GenerationTable,
    owner_id: &str,
    settings: &Settings,
    now_ms: i64,
) -> ApiResult<()> {
    let sql = match table {
        GenerationTable::User => {
            "SELECT COUNT(*) FROM user_keys WHERE user_id = $1 AND created_at > $2 \
             AND previous_key_id IS NOT NULL"
        }
        GenerationTable::Group => {
            "SELECT COUNT(*) FROM group_keys WHERE group_id = $1 AND created_at > $2 \
             AND previous_key_id IS NOT NULL"
        }
    };
    let recent: i64 = sqlx::query_scalar(sql)
        .bind(owner_id)
        .bind(now_ms.saturating_sub(settings.key_rotation_window_ms))
        .fetch_one(connection)
        .await?;
    if recent >= settings.max_key_rotations {
        return Err(Error::with_detail(ErrorCode::RateLimited, "key rotations").into());
    }
    Ok(())
}
