//! What storing a key generation means for users and groups alike: a generation's id is unique
//! across the server, and its sequence number is unique within its owner.

use sentc_core::crypto::KeyId;
use sentc_core::{Error, ErrorCode};
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult, is_unique_violation};

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
