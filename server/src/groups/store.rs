//! Database access shared by the group endpoints.

use sentc_core::crypto::{KeyId, PublicKey, WrappedKey};
use sentc_core::protocol::group::{
    GroupKeyData, GroupKeyLink, KEYS_PAGE, KeySigner, MemberKeyUpload, MemberType,
};
use sentc_core::{Error, ErrorCode};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::generations::{GenerationTable, check_id_free, insert_error};
use crate::users::store::{column, to_column};

/// Items per page of group lists (groups, members, invites, join requests).
pub const PAGE: i64 = 50;

/// A group row.
#[derive(Debug, Clone)]
pub struct GroupRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub is_connected: bool,
    pub invites_allowed: bool,
    /// The highest rank that may create files in the group.
    pub file_rank: i64,
    pub created_at: i64,
}

/// A group of the app.
pub async fn group(
    connection: &mut AnyConnection,
    app_id: &str,
    group_id: &str,
) -> ApiResult<GroupRow> {
    check_id(group_id)?;
    let row = sqlx::query(
        "SELECT id, parent_id, is_connected, invites_allowed, file_rank, created_at FROM groups \
         WHERE id = $1 AND app_id = $2",
    )
    .bind(group_id)
    .bind(app_id)
    .fetch_optional(connection)
    .await?
    .ok_or(ErrorCode::GroupNotFound)?;
    Ok(GroupRow {
        id: row.try_get("id")?,
        parent_id: row.try_get("parent_id")?,
        is_connected: row.try_get::<i64, _>("is_connected")? != 0,
        invites_allowed: row.try_get::<i64, _>("invites_allowed")? != 0,
        file_rank: row.try_get("file_rank")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Ids are 32 lowercase hex digits; anything else is malformed input.
pub fn check_id(id: &str) -> ApiResult<()> {
    let valid = id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if valid {
        Ok(())
    } else {
        Err(Error::with_detail(ErrorCode::MalformedInput, "not an id").into())
    }
}

/// `member_type` as stored.
pub fn member_type_value(member_type: MemberType) -> i64 {
    match member_type {
        MemberType::User => 0,
        MemberType::Group => 1,
    }
}

/// `member_type` from storage.
pub fn member_type(value: i64) -> MemberType {
    if value == 1 {
        MemberType::Group
    } else {
        MemberType::User
    }
}

/// A member's rank, type and join time.
pub async fn member(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
) -> ApiResult<Option<(i64, MemberType, i64)>> {
    let row = sqlx::query(
        "SELECT rank, member_type, joined_at FROM group_members WHERE group_id = $1 AND member_id = $2",
    )
    .bind(group_id)
    .bind(member_id)
    .fetch_optional(connection)
    .await?;
    row.map(|row| {
        Ok((
            row.try_get("rank")?,
            member_type(row.try_get("member_type")?),
            row.try_get("joined_at")?,
        ))
    })
    .transpose()
}

/// The newest public key of a user or a group.
pub async fn newest_public_key(
    connection: &mut AnyConnection,
    member_id: &str,
    kind: MemberType,
) -> ApiResult<PublicKey> {
    let sql = match kind {
        MemberType::User => {
            "SELECT public_key FROM user_keys WHERE user_id = $1 ORDER BY seq DESC LIMIT 1"
        }
        MemberType::Group => {
            "SELECT public_key FROM group_keys WHERE group_id = $1 ORDER BY seq DESC LIMIT 1"
        }
    };
    let stored: String = sqlx::query_scalar(sql)
        .bind(member_id)
        .fetch_optional(connection)
        .await?
        .ok_or(match kind {
            MemberType::User => ErrorCode::UserNotFound,
            MemberType::Group => ErrorCode::GroupNotFound,
        })?;
    Ok(PublicKey::from_json(&stored)?)
}

/// The newest generation's id and sequence number.
pub async fn newest_key(
    connection: &mut AnyConnection,
    group_id: &str,
) -> ApiResult<(String, i64)> {
    let row =
        sqlx::query("SELECT id, seq FROM group_keys WHERE group_id = $1 ORDER BY seq DESC LIMIT 1")
            .bind(group_id)
            .fetch_optional(connection)
            .await?
            .ok_or(ErrorCode::GroupNotFound)?;
    Ok((row.try_get("id")?, row.try_get("seq")?))
}

/// Creates a group row with the id the client chose (`6016 GroupIdTaken` if in use).
pub async fn insert_group(
    connection: &mut AnyConnection,
    group_id: &str,
    app_id: &str,
    parent_id: Option<&str>,
    connected: bool,
    now_ms: i64,
) -> ApiResult<()> {
    check_id(group_id)?;
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM groups WHERE id = $1")
        .bind(group_id)
        .fetch_optional(&mut *connection)
        .await?;
    if taken.is_some() {
        return Err(ErrorCode::GroupIdTaken.into());
    }
    sqlx::query(
        "INSERT INTO groups (id, app_id, parent_id, is_connected, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(group_id)
    .bind(app_id)
    .bind(parent_id)
    .bind(i64::from(connected))
    .bind(now_ms)
    .execute(connection)
    .await
    .map_err(|error| {
        if is_unique_violation(&error) {
            ApiError::from(ErrorCode::GroupIdTaken)
        } else {
            error.into()
        }
    })?;
    Ok(())
}

/// Adds a member with a rank.
pub async fn add_member(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    member_type: MemberType,
    rank: i64,
    now_ms: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO group_members (group_id, member_id, member_type, rank, joined_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(group_id)
    .bind(member_id)
    .bind(member_type_value(member_type))
    .bind(rank)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

/// Stores a generation (without any member's copy); a rotation's ephemeral chain with it.
pub async fn insert_key(
    connection: &mut AnyConnection,
    group_id: &str,
    key: &GroupKeyData,
    seq: i64,
    rotation: Option<(&WrappedKey, &WrappedKey)>,
    now_ms: i64,
) -> ApiResult<()> {
    check_id_free(connection, GenerationTable::Group, key.key_id).await?;
    let signed_by = key.signed_by.as_ref().map(to_column).transpose()?;
    sqlx::query(
        "INSERT INTO group_keys (id, group_id, seq, public_key, private_key, signed_by, \
         previous_key_id, new_key_by_ephemeral, ephemeral_by_previous, commitment, \
         previous_key_proof, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(key.key_id.to_hex())
    .bind(group_id)
    .bind(seq)
    .bind(key.public_key.to_json()?)
    .bind(key.private_key.to_base64())
    .bind(signed_by)
    .bind(key.previous_key_id.map(|previous| previous.to_hex()))
    .bind(rotation.map(|(by_ephemeral, _)| by_ephemeral.to_base64()))
    .bind(rotation.map(|(_, by_previous)| by_previous.to_base64()))
    .bind(&key.commitment)
    .bind(key.previous_key_proof.as_deref())
    .bind(now_ms)
    .execute(connection)
    .await
    .map_err(insert_error)?;
    Ok(())
}

/// Stores a key holder's copy of a generation (replacing an older copy of the same).
pub async fn put_member_key(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    key_id: &KeyId,
    wrapped_key: &WrappedKey,
) -> ApiResult<()> {
    sqlx::query(
        "DELETE FROM group_member_keys WHERE group_id = $1 AND member_id = $2 AND key_id = $3",
    )
    .bind(group_id)
    .bind(member_id)
    .bind(key_id.to_hex())
    .execute(&mut *connection)
    .await?;
    sqlx::query(
        "INSERT INTO group_member_keys (group_id, member_id, key_id, wrapped_key) VALUES ($1, $2, $3, $4)",
    )
    .bind(group_id)
    .bind(member_id)
    .bind(key_id.to_hex())
    .bind(wrapped_key.to_base64())
    .execute(connection)
    .await?;
    Ok(())
}

/// Stores uploaded copies for `member_id` after checking them: at most [`KEYS_PAGE`], each a
/// generation of the group the member holds no copy of yet, none twice, each wrapped to
/// `member_key`. Returns how many generations the member still lacks (neither a copy nor a
/// pending rotation).
pub async fn put_member_keys(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    member_key: KeyId,
    keys: &[MemberKeyUpload],
) -> ApiResult<i64> {
    if keys.len() as i64 > KEYS_PAGE {
        return Err(Error::with_detail(ErrorCode::InputTooLarge, "keys per request").into());
    }
    let mut seen = std::collections::BTreeSet::new();
    for key in keys {
        let wrapped_for_member = key.wrapped_key.key_id() == key.key_id
            && key.wrapped_key.wrapping_key_id() == member_key;
        if !wrapped_for_member || !seen.insert(key.key_id) {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, key.key_id).into());
        }
        key_seq(connection, group_id, &key.key_id.to_hex()).await?;
        let held: Option<String> = sqlx::query_scalar(
            "SELECT key_id FROM group_member_keys WHERE group_id = $1 AND member_id = $2 AND key_id = $3",
        )
        .bind(group_id)
        .bind(member_id)
        .bind(key.key_id.to_hex())
        .fetch_optional(&mut *connection)
        .await?;
        if held.is_some() {
            return Err(Error::for_key(ErrorCode::KeysInconsistent, key.key_id).into());
        }
        put_member_key(
            connection,
            group_id,
            member_id,
            &key.key_id,
            &key.wrapped_key,
        )
        .await?;
    }
    missing_member_keys(connection, group_id, member_id).await
}

/// How many generations of the group a key holder has neither a copy of nor a pending
/// rotation for.
pub async fn missing_member_keys(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
) -> ApiResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM group_keys k WHERE k.group_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM group_member_keys m \
             WHERE m.group_id = k.group_id AND m.member_id = $2 AND m.key_id = k.id) \
         AND NOT EXISTS (SELECT 1 FROM group_pending_rotations p \
             WHERE p.group_id = k.group_id AND p.member_id = $2 AND p.key_id = k.id)",
    )
    .bind(group_id)
    .bind(member_id)
    .fetch_one(connection)
    .await?)
}

/// The number of generations of a group.
pub async fn key_count(connection: &mut AnyConnection, group_id: &str) -> ApiResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM group_keys WHERE group_id = $1")
            .bind(group_id)
            .fetch_one(connection)
            .await?,
    )
}

/// A key session: the member it gives keys to and the public key they are wrapped to.
pub struct KeySession {
    /// The member.
    pub member_id: String,
    /// The member's public key id the copies must be wrapped to.
    pub member_key_id: KeyId,
}

/// Opens a key session for the rest of a member's generations; returns its id.
pub async fn open_key_session(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    member_key: KeyId,
    expires_at: i64,
) -> ApiResult<String> {
    let id = crate::secrets::new_id()?;
    sqlx::query(
        "INSERT INTO group_key_sessions (id, group_id, member_id, member_key_id, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(group_id)
    .bind(member_id)
    .bind(member_key.to_hex())
    .bind(expires_at)
    .execute(connection)
    .await?;
    Ok(id)
}

/// An unexpired key session of the group.
pub async fn key_session(
    connection: &mut AnyConnection,
    group_id: &str,
    session_id: &str,
    now_ms: i64,
) -> ApiResult<KeySession> {
    check_id(session_id)?;
    let row = sqlx::query(
        "SELECT member_id, member_key_id FROM group_key_sessions \
         WHERE id = $1 AND group_id = $2 AND expires_at > $3",
    )
    .bind(session_id)
    .bind(group_id)
    .bind(now_ms)
    .fetch_optional(connection)
    .await?
    .ok_or(ErrorCode::GroupKeySessionNotFound)?;
    Ok(KeySession {
        member_id: row.try_get("member_id")?,
        member_key_id: row.try_get::<String, _>("member_key_id")?.parse()?,
    })
}

/// Ends a key session.
pub async fn close_key_session(connection: &mut AnyConnection, session_id: &str) -> ApiResult<()> {
    sqlx::query("DELETE FROM group_key_sessions WHERE id = $1")
        .bind(session_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Removes a group's expired key sessions.
pub async fn purge_key_sessions(
    connection: &mut AnyConnection,
    group_id: &str,
    now_ms: i64,
) -> ApiResult<()> {
    sqlx::query("DELETE FROM group_key_sessions WHERE group_id = $1 AND expires_at <= $2")
        .bind(group_id)
        .bind(now_ms)
        .execute(connection)
        .await?;
    Ok(())
}

/// Removes a key holder: membership, copies, pending rotations and requests.
pub async fn remove_member(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
) -> ApiResult<()> {
    for sql in [
        "DELETE FROM group_members WHERE group_id = $1 AND member_id = $2",
        "DELETE FROM group_requests WHERE group_id = $1 AND member_id = $2",
    ] {
        sqlx::query(sql)
            .bind(group_id)
            .bind(member_id)
            .execute(&mut *connection)
            .await?;
    }
    clear_member_keys(connection, group_id, member_id).await
}

/// A page of generations as a key holder's copy sees them.
pub async fn member_keys(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    after_seq: i64,
    limit: i64,
) -> ApiResult<Vec<GroupKeyData>> {
    let rows = sqlx::query(
        "SELECT k.id, m.wrapped_key, k.public_key, k.private_key, k.signed_by, k.previous_key_id, \
         k.commitment, k.previous_key_proof FROM group_member_keys m \
         JOIN group_keys k ON k.id = m.key_id WHERE m.group_id = $1 AND m.member_id = $2 AND k.seq > $3 \
         ORDER BY k.seq LIMIT $4",
    )
    .bind(group_id)
    .bind(member_id)
    .bind(after_seq)
    .bind(limit)
    .fetch_all(connection)
    .await?;
    rows.iter().map(key_from_row).collect()
}

/// A generation row (with a `wrapped_key` column) as wire data.
pub fn key_from_row(row: &AnyRow) -> ApiResult<GroupKeyData> {
    let link = link_from_row(row)?;
    Ok(GroupKeyData {
        key_id: link.key_id,
        wrapped_key: WrappedKey::from_base64(&row.try_get::<String, _>("wrapped_key")?)?,
        public_key: link.public_key,
        private_key: WrappedKey::from_base64(&row.try_get::<String, _>("private_key")?)?,
        previous_key_id: link.previous_key_id,
        commitment: link.commitment,
        signed_by: link.signed_by,
        previous_key_proof: row.try_get("previous_key_proof")?,
    })
}

/// The public link of a generation row.
fn link_from_row(row: &AnyRow) -> ApiResult<GroupKeyLink> {
    let signed_by: Option<String> = row.try_get("signed_by")?;
    let previous: Option<String> = row.try_get("previous_key_id")?;
    Ok(GroupKeyLink {
        key_id: row.try_get::<String, _>("id")?.parse()?,
        previous_key_id: previous.as_deref().map(str::parse).transpose()?,
        public_key: PublicKey::from_json(&row.try_get::<String, _>("public_key")?)?,
        commitment: row.try_get("commitment")?,
        signed_by: signed_by.as_deref().map(column::<KeySigner>).transpose()?,
    })
}

/// A page of a group's key chain after generation number `after_seq`, oldest first.
pub async fn key_chain_page(
    connection: &mut AnyConnection,
    group_id: &str,
    after_seq: i64,
) -> ApiResult<Vec<GroupKeyLink>> {
    let rows = sqlx::query(
        "SELECT id, previous_key_id, public_key, commitment, signed_by FROM group_keys \
         WHERE group_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(group_id)
    .bind(after_seq)
    .bind(KEYS_PAGE)
    .fetch_all(connection)
    .await?;
    rows.iter().map(link_from_row).collect()
}

/// The sequence number of a generation of the group.
pub async fn key_seq(
    connection: &mut AnyConnection,
    group_id: &str,
    key_id: &str,
) -> ApiResult<i64> {
    let seq: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM group_keys WHERE group_id = $1 AND id = $2")
            .bind(group_id)
            .bind(key_id)
            .fetch_optional(connection)
            .await?;
    seq.ok_or_else(|| {
        Error::with_detail(ErrorCode::MalformedInput, "not a key of this group").into()
    })
}

/// The group and all groups under it, the group first.
pub async fn group_and_descendants(
    connection: &mut AnyConnection,
    group_id: &str,
) -> ApiResult<Vec<String>> {
    let ids = sqlx::query_scalar(
        "WITH RECURSIVE tree(id) AS (
             SELECT id FROM groups WHERE id = $1
             UNION ALL
             SELECT groups.id FROM groups JOIN tree ON groups.parent_id = tree.id
         )
         SELECT id FROM tree",
    )
    .bind(group_id)
    .fetch_all(connection)
    .await?;
    Ok(ids)
}

/// Removes a member (a user, or a group from connected groups) from every group, with its key
/// copies, requests, pending rotations and key sessions there.
pub async fn remove_as_member(connection: &mut AnyConnection, member_id: &str) -> ApiResult<()> {
    for sql in [
        "DELETE FROM group_members WHERE member_id = $1",
        "DELETE FROM group_member_keys WHERE member_id = $1",
        "DELETE FROM group_requests WHERE member_id = $1",
        "DELETE FROM group_pending_rotations WHERE member_id = $1",
        "DELETE FROM group_key_sessions WHERE member_id = $1",
    ] {
        sqlx::query(sql)
            .bind(member_id)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Deletes a group's row (the schema's cascades take its children, keys and members).
pub async fn delete_group_row(connection: &mut AnyConnection, group_id: &str) -> ApiResult<()> {
    sqlx::query("DELETE FROM groups WHERE id = $1")
        .bind(group_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// A page of a group's members, by joining time.
pub async fn members_page(
    connection: &mut AnyConnection,
    group_id: &str,
    (time, id): (i64, String),
) -> ApiResult<Vec<sentc_core::protocol::group::MemberInfo>> {
    let rows = sqlx::query(
        "SELECT member_id, member_type, rank, joined_at FROM group_members WHERE group_id = $1 \
         AND (joined_at > $2 OR (joined_at = $2 AND member_id > $3)) ORDER BY joined_at, member_id LIMIT $4",
    )
    .bind(group_id)
    .bind(time)
    .bind(id)
    .bind(PAGE)
    .fetch_all(connection)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(sentc_core::protocol::group::MemberInfo {
                member_id: row.try_get("member_id")?,
                member_type: member_type(row.try_get("member_type")?),
                rank: row.try_get("rank")?,
                joined_time: row.try_get("joined_at")?,
            })
        })
        .collect()
}

/// Forgets a member's key copies, pending rotations and key sessions in a group (before they
/// get every generation again).
pub async fn clear_member_keys(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
) -> ApiResult<()> {
    for sql in [
        "DELETE FROM group_member_keys WHERE group_id = $1 AND member_id = $2",
        "DELETE FROM group_pending_rotations WHERE group_id = $1 AND member_id = $2",
        "DELETE FROM group_key_sessions WHERE group_id = $1 AND member_id = $2",
    ] {
        sqlx::query(sql)
            .bind(group_id)
            .bind(member_id)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Sets a member's rank.
pub async fn set_rank(
    connection: &mut AnyConnection,
    group_id: &str,
    member_id: &str,
    rank: i64,
) -> ApiResult<()> {
    sqlx::query("UPDATE group_members SET rank = $1 WHERE group_id = $2 AND member_id = $3")
        .bind(rank)
        .bind(group_id)
        .bind(member_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Allows or stops invites and join requests.
pub async fn set_invites_allowed(
    connection: &mut AnyConnection,
    group_id: &str,
    allowed: bool,
) -> ApiResult<()> {
    sqlx::query("UPDATE groups SET invites_allowed = $1 WHERE id = $2")
        .bind(i64::from(allowed))
        .bind(group_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Sets the highest rank that may create files in the group.
pub async fn set_file_rank(
    connection: &mut AnyConnection,
    group_id: &str,
    rank: i64,
) -> ApiResult<()> {
    sqlx::query("UPDATE groups SET file_rank = $1 WHERE id = $2")
        .bind(rank)
        .bind(group_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Rotation jobs not finished yet (for the metrics).
pub async fn open_rotation_jobs(connection: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM group_rotation_jobs WHERE done = 0")
        .fetch_one(connection)
        .await
}

/// Frees a rotation job's lease if `worker` holds it.
pub async fn release_rotation_job(
    connection: &mut AnyConnection,
    job_id: &str,
    worker: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE group_rotation_jobs SET lease_until = 0 WHERE id = $1 AND lease_owner = $2",
    )
    .bind(job_id)
    .bind(worker)
    .execute(connection)
    .await?;
    Ok(())
}
