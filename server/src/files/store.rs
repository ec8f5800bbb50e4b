//! Files in the database: the file rows, their parts, the apps' file options and usage, and the
//! parts of deleted files an app's own storage still holds.

use sentc_core::crypto::{KeyId, WrappedKey};
use sentc_core::protocol::file::{BelongsToType, FileOptions, FileStorageMode};
use sentc_core::{Error, ErrorCode};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::error::{ApiResult, is_unique_violation};

/// A file as stored.
#[derive(Debug, Clone)]
pub struct FileRow {
    /// The file's id (its content key's id, hex).
    pub id: String,
    /// The creator.
    pub owner_id: String,
    /// Whom it belongs to.
    pub belongs_to_type: BelongsToType,
    /// The group or user id.
    pub belongs_to: Option<String>,
    /// The content key, wrapped.
    pub wrapped_key: WrappedKey,
    /// The encrypted name.
    pub encrypted_file_name: Option<String>,
    /// Whether the parts live in the app's own storage.
    pub extern_storage: bool,
    /// The upload session while the upload runs.
    pub session_id: Option<String>,
    /// Whether the last part was uploaded.
    pub complete: bool,
    /// When it was registered.
    pub created_at: i64,
}

/// A file to register.
pub struct NewFile<'a> {
    /// The app.
    pub app_id: &'a str,
    /// The creator.
    pub owner_id: &'a str,
    /// Whom it belongs to.
    pub belongs_to_type: BelongsToType,
    /// The group or user id.
    pub belongs_to: Option<&'a str>,
    /// The content key, wrapped (its id is the file's).
    pub wrapped_key: &'a WrappedKey,
    /// The encrypted name.
    pub encrypted_file_name: Option<&'a str>,
    /// Whether the parts go to the app's own storage.
    pub extern_storage: bool,
    /// The upload session.
    pub session_id: &'a str,
    /// When the session expires.
    pub session_expires_at: i64,
    /// Now.
    pub now_ms: i64,
}

fn type_name(kind: BelongsToType) -> &'static str {
    match kind {
        BelongsToType::Group => "group",
        BelongsToType::User => "user",
        BelongsToType::None => "none",
    }
}

fn parse_type(name: &str) -> ApiResult<BelongsToType> {
    match name {
        "group" => Ok(BelongsToType::Group),
        "user" => Ok(BelongsToType::User),
        "none" => Ok(BelongsToType::None),
        _ => Err(ErrorCode::Internal.into()),
    }
}

/// A query of file rows: the columns [`file_row`] reads, then `$rest`.
macro_rules! select_files {
    ($rest:literal) => {
        concat!(
            "SELECT id, owner_id, belongs_to_type, belongs_to, wrapped_key, encrypted_file_name, \
             extern_storage, session_id, complete, created_at FROM files ",
            $rest
        )
    };
}

fn file_row(row: &AnyRow) -> ApiResult<FileRow> {
    let wrapped: String = row.try_get("wrapped_key")?;
    let kind: String = row.try_get("belongs_to_type")?;
    Ok(FileRow {
        id: row.try_get("id")?,
        owner_id: row.try_get("owner_id")?,
        belongs_to_type: parse_type(&kind)?,
        belongs_to: row.try_get("belongs_to")?,
        wrapped_key: WrappedKey::from_base64(&wrapped)?,
        encrypted_file_name: row.try_get("encrypted_file_name")?,
        extern_storage: row.try_get::<i64, _>("extern_storage")? != 0,
        session_id: row.try_get("session_id")?,
        complete: row.try_get::<i64, _>("complete")? != 0,
        created_at: row.try_get("created_at")?,
    })
}

/// Registers a file; `FileIdTaken` if its id is in use.
pub async fn insert(connection: &mut AnyConnection, file: &NewFile<'_>) -> ApiResult<()> {
    let file_id = file.wrapped_key.key_id();
    let inserted = sqlx::query(
        "INSERT INTO files (id, app_id, owner_id, belongs_to_type, belongs_to, master_key_id, \
         wrapped_key, encrypted_file_name, extern_storage, session_id, session_expires_at, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(file_id.to_hex())
    .bind(file.app_id)
    .bind(file.owner_id)
    .bind(type_name(file.belongs_to_type))
    .bind(file.belongs_to)
    .bind(file.wrapped_key.wrapping_key_id().to_hex())
    .bind(file.wrapped_key.to_base64())
    .bind(file.encrypted_file_name)
    .bind(i64::from(file.extern_storage))
    .bind(file.session_id)
    .bind(file.session_expires_at)
    .bind(file.now_ms)
    .execute(connection)
    .await;
    match inserted {
        Err(error) if is_unique_violation(&error) => {
            Err(Error::for_key(ErrorCode::FileIdTaken, file_id).into())
        }
        other => other.map(drop).map_err(Into::into),
    }
}

/// A file of the app that is not deleted.
pub async fn live(
    connection: &mut AnyConnection,
    app_id: &str,
    file_id: &KeyId,
) -> ApiResult<FileRow> {
    let row = sqlx::query(select_files!(
        "WHERE id = $1 AND app_id = $2 AND deleted_at IS NULL"
    ))
    .bind(file_id.to_hex())
    .bind(app_id)
    .fetch_optional(connection)
    .await?
    .ok_or(ErrorCode::FileNotFound)?;
    file_row(&row)
}

/// The file of an open upload session (not expired, not finished, not deleted).
pub async fn by_session(
    connection: &mut AnyConnection,
    app_id: &str,
    session_id: &str,
    now_ms: i64,
) -> ApiResult<FileRow> {
    let row = sqlx::query(select_files!(
        "WHERE session_id = $1 AND app_id = $2 \
         AND deleted_at IS NULL AND complete = 0 AND session_expires_at >= $3"
    ))
    .bind(session_id)
    .bind(app_id)
    .bind(now_ms)
    .fetch_optional(connection)
    .await?
    .ok_or(ErrorCode::FileSessionNotFound)?;
    file_row(&row)
}

/// The size of a stored part, if it is stored.
pub async fn part_size(
    connection: &mut AnyConnection,
    file_id: &str,
    sequence: i64,
) -> ApiResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT size FROM file_parts WHERE file_id = $1 AND sequence = $2")
            .bind(file_id)
            .bind(sequence)
            .fetch_optional(connection)
            .await?,
    )
}

/// How many parts a file has.
pub async fn part_count(connection: &mut AnyConnection, file_id: &str) -> ApiResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM file_parts WHERE file_id = $1")
            .bind(file_id)
            .fetch_one(connection)
            .await?,
    )
}

/// Extends an open upload session to `expires_at`; `FileSessionNotFound` if it expired, ended
/// or its file was deleted meanwhile. The conditional update locks the file's row, so the purge
/// job cannot claim the file while the part is recorded.
pub async fn extend_session(
    connection: &mut AnyConnection,
    file_id: &str,
    now_ms: i64,
    expires_at: i64,
) -> ApiResult<()> {
    let updated = sqlx::query(
        "UPDATE files SET session_expires_at = $2 WHERE id = $1 AND deleted_at IS NULL \
         AND complete = 0 AND session_expires_at >= $3",
    )
    .bind(file_id)
    .bind(expires_at)
    .bind(now_ms)
    .execute(connection)
    .await?;
    if updated.rows_affected() == 1 {
        Ok(())
    } else {
        Err(ErrorCode::FileSessionNotFound.into())
    }
}

/// Records a part, replacing one sent before (an upload that resumes).
pub async fn put_part(
    connection: &mut AnyConnection,
    file_id: &str,
    sequence: i64,
    size: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO file_parts (file_id, sequence, size) VALUES ($1, $2, $3) \
         ON CONFLICT (file_id, sequence) DO UPDATE SET size = excluded.size",
    )
    .bind(file_id)
    .bind(sequence)
    .bind(size)
    .execute(connection)
    .await?;
    Ok(())
}

/// Ends a file's upload: no part may follow.
pub async fn finish(connection: &mut AnyConnection, file_id: &str) -> ApiResult<()> {
    sqlx::query("UPDATE files SET complete = 1, session_id = NULL WHERE id = $1")
        .bind(file_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Up to `limit` parts after `after` (exclusive), in order: (sequence, size).
pub async fn parts_page(
    connection: &mut AnyConnection,
    file_id: &str,
    after: i64,
    limit: i64,
) -> ApiResult<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT sequence, size FROM file_parts WHERE file_id = $1 AND sequence > $2 \
         ORDER BY sequence LIMIT $3",
    )
    .bind(file_id)
    .bind(after)
    .bind(limit)
    .fetch_all(connection)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("sequence")?, row.try_get("size")?)))
        .collect()
}

/// Sets a file's encrypted name.
pub async fn rename(
    connection: &mut AnyConnection,
    file_id: &str,
    encrypted_file_name: Option<&str>,
) -> ApiResult<()> {
    sqlx::query("UPDATE files SET encrypted_file_name = $2 WHERE id = $1")
        .bind(file_id)
        .bind(encrypted_file_name)
        .execute(connection)
        .await?;
    Ok(())
}

/// Marks a file deleted: it is gone for readers at once; the purge job removes its parts.
pub async fn mark_deleted(
    connection: &mut AnyConnection,
    file_id: &str,
    now_ms: i64,
) -> ApiResult<()> {
    sqlx::query("UPDATE files SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL")
        .bind(file_id)
        .bind(now_ms)
        .execute(connection)
        .await?;
    Ok(())
}

/// Marks deleted every file of a group (with the group's deletion).
pub async fn mark_group_files_deleted(
    connection: &mut AnyConnection,
    group_id: &str,
    now_ms: i64,
) -> ApiResult<()> {
    sqlx::query(
        "UPDATE files SET deleted_at = $2 WHERE belongs_to_type = 'group' \
         AND belongs_to = $1 AND deleted_at IS NULL",
    )
    .bind(group_id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

/// Marks deleted a user's files (with the user's deletion): those for the user and those the
/// user made for nobody else. Files the user made for a group or another user stay theirs.
pub async fn mark_user_files_deleted(
    connection: &mut AnyConnection,
    user_id: &str,
    now_ms: i64,
) -> ApiResult<()> {
    sqlx::query(
        "UPDATE files SET deleted_at = $2 WHERE deleted_at IS NULL AND \
         ((belongs_to_type = 'user' AND belongs_to = $1) \
          OR (belongs_to_type = 'none' AND owner_id = $1))",
    )
    .bind(user_id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

/// The app's file options and the bytes its stored parts take.
pub async fn options(
    connection: &mut AnyConnection,
    app_id: &str,
) -> ApiResult<(FileOptions, i64)> {
    let row = sqlx::query(
        "SELECT file_storage, file_quota_bytes, file_bytes_used FROM apps WHERE id = $1",
    )
    .bind(app_id)
    .fetch_optional(connection)
    .await?
    .ok_or(ErrorCode::AppNotFound)?;
    let storage: String = row.try_get("file_storage")?;
    let storage = match storage.as_str() {
        "none" => FileStorageMode::None,
        "own" => FileStorageMode::Own,
        _ => FileStorageMode::Server,
    };
    let options = FileOptions {
        storage,
        quota_bytes: row.try_get("file_quota_bytes")?,
    };
    Ok((options, row.try_get("file_bytes_used")?))
}

/// Sets the app's file options.
pub async fn set_options(
    connection: &mut AnyConnection,
    app_id: &str,
    options: &FileOptions,
) -> ApiResult<()> {
    let storage = match options.storage {
        FileStorageMode::None => "none",
        FileStorageMode::Server => "server",
        FileStorageMode::Own => "own",
    };
    sqlx::query("UPDATE apps SET file_storage = $2, file_quota_bytes = $3 WHERE id = $1")
        .bind(app_id)
        .bind(storage)
        .bind(options.quota_bytes)
        .execute(connection)
        .await?;
    Ok(())
}

/// Counts `delta` more bytes against the app's quota; `FileQuotaExceeded` (nothing counted) if
/// they do not fit. One conditional update, so concurrent uploads cannot overshoot together.
pub async fn reserve_bytes(
    connection: &mut AnyConnection,
    app_id: &str,
    delta: i64,
) -> ApiResult<()> {
    let updated = sqlx::query(
        "UPDATE apps SET file_bytes_used = file_bytes_used + $2 WHERE id = $1 \
         AND (file_quota_bytes IS NULL OR file_bytes_used + $2 <= file_quota_bytes)",
    )
    .bind(app_id)
    .bind(delta)
    .execute(connection)
    .await?;
    if updated.rows_affected() == 1 {
        Ok(())
    } else {
        Err(ErrorCode::FileQuotaExceeded.into())
    }
}

/// A part's id: the name an app's own storage keeps it under.
pub fn part_id(file_id: &str, sequence: i64) -> String {
    format!("{file_id}_{sequence}")
}

/// A file to purge, claimed with a lease.
pub struct PurgeClaim {
    /// The file.
    pub file_id: String,
    /// Its app.
    pub app_id: String,
    /// Whether its parts live in the app's own storage.
    pub extern_storage: bool,
}

/// Claims a deleted file whose lease is free (an indexed lookup: the partial index on deleted
/// files).
const CLAIM_DELETED: &str = "UPDATE files SET lease_owner = $1, lease_until = $2 \
     WHERE id = (SELECT id FROM files WHERE deleted_at IS NOT NULL AND lease_until < $3 \
                 ORDER BY deleted_at LIMIT 1) \
     AND lease_until < $3 RETURNING id, app_id, extern_storage";

/// Claims an abandoned upload (its session expired) whose lease is free, marking it deleted so a
/// late part is refused. The outer conditions are checked again on the locked row.
const CLAIM_ABANDONED: &str = "UPDATE files SET lease_owner = $1, lease_until = $2, deleted_at = $3 \
     WHERE id = (SELECT id FROM files WHERE complete = 0 AND deleted_at IS NULL \
                 AND session_expires_at < $3 AND lease_until < $3 \
                 ORDER BY session_expires_at LIMIT 1) \
     AND complete = 0 AND deleted_at IS NULL AND session_expires_at < $3 AND lease_until < $3 \
     RETURNING id, app_id, extern_storage";

/// Claims one deleted file or, if none waits, one abandoned upload, with a lease.
pub async fn claim_purge(
    connection: &mut AnyConnection,
    worker: &str,
    now_ms: i64,
    lease_ms: i64,
) -> ApiResult<Option<PurgeClaim>> {
    for claim in [CLAIM_DELETED, CLAIM_ABANDONED] {
        let row = sqlx::query(claim)
            .bind(worker)
            .bind(now_ms.saturating_add(lease_ms))
            .bind(now_ms)
            .fetch_optional(&mut *connection)
            .await?;
        if let Some(row) = row {
            return Ok(Some(PurgeClaim {
                file_id: row.try_get("id")?,
                app_id: row.try_get("app_id")?,
                extern_storage: row.try_get::<i64, _>("extern_storage")? != 0,
            }));
        }
    }
    Ok(None)
}

/// Removes a purged file's rows (its parts were removed from the server's storage, or are
/// listed for the app's own storage) and gives its bytes back to the app's quota. Only the
/// lease holder may.
pub async fn remove_purged(
    connection: &mut AnyConnection,
    claim: &PurgeClaim,
    worker: &str,
    now_ms: i64,
) -> ApiResult<()> {
    let owner: Option<String> = sqlx::query_scalar("SELECT lease_owner FROM files WHERE id = $1")
        .bind(&claim.file_id)
        .fetch_optional(&mut *connection)
        .await?;
    if owner.as_deref() != Some(worker) {
        return Ok(());
    }
    let parts = parts_page(connection, &claim.file_id, -1, i64::MAX).await?;
    if claim.extern_storage {
        for (sequence, _) in &parts {
            sqlx::query(
                "INSERT INTO file_deleted_parts (app_id, part_id, deleted_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (app_id, part_id) DO NOTHING",
            )
            .bind(&claim.app_id)
            .bind(part_id(&claim.file_id, *sequence))
            .bind(now_ms)
            .execute(&mut *connection)
            .await?;
        }
    } else {
        let bytes: i64 = parts.iter().map(|(_, size)| *size).sum();
        sqlx::query(
            "UPDATE apps SET file_bytes_used = CASE WHEN file_bytes_used > $2 \
             THEN file_bytes_used - $2 ELSE 0 END WHERE id = $1",
        )
        .bind(&claim.app_id)
        .bind(bytes)
        .execute(&mut *connection)
        .await?;
    }
    sqlx::query("DELETE FROM files WHERE id = $1")
        .bind(&claim.file_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Up to `limit` parts the app's own storage should remove, oldest first.
pub async fn deleted_parts(
    connection: &mut AnyConnection,
    app_id: &str,
    limit: i64,
) -> ApiResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT part_id FROM file_deleted_parts WHERE app_id = $1 \
         ORDER BY deleted_at, part_id LIMIT $2",
    )
    .bind(app_id)
    .bind(limit)
    .fetch_all(connection)
    .await?)
}

/// Forgets parts the app's backend removed.
pub async fn forget_deleted_parts(
    connection: &mut AnyConnection,
    app_id: &str,
    part_ids: &[String],
) -> ApiResult<()> {
    for part_id in part_ids {
        sqlx::query("DELETE FROM file_deleted_parts WHERE app_id = $1 AND part_id = $2")
            .bind(app_id)
            .bind(part_id)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Deleted files whose parts the purge job has not removed yet (for the metrics).
pub async fn purge_backlog(connection: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM files WHERE deleted_at IS NOT NULL")
        .fetch_one(connection)
        .await
}
