//! Who may do what with a file: readers (the group's members, through parents and connected
//! groups as the group endpoints resolve them; the user it belongs to; its creator) and
//! managers (its creator, or a group admin for a group's file).

use sentc_core::ErrorCode;
use sentc_core::protocol::file::BelongsToType;
use sqlx::AnyConnection;

use super::store::FileRow;
use crate::error::ApiResult;
use crate::groups::access::{GroupCaller, resolve};
use crate::groups::rules;

/// The caller's rank in the file's group, or `None` for a file of a user. A caller who cannot
/// reach the group gets `FileNotFound`, as if the file did not exist.
async fn group_rank(
    connection: &mut AnyConnection,
    caller: &GroupCaller,
    file: &FileRow,
) -> ApiResult<Option<i64>> {
    let (BelongsToType::Group, Some(group_id)) = (file.belongs_to_type, &file.belongs_to) else {
        return Ok(None);
    };
    let session = &caller.session;
    let access = resolve(
        connection,
        &session.app.app.id,
        &session.user_id,
        group_id,
        caller.via.as_deref(),
    )
    .await
    .map_err(|_| ErrorCode::FileNotFound)?;
    Ok(Some(access.rank))
}

/// Fails with `FileNotFound` unless the caller may read the file.
pub async fn check_read(
    connection: &mut AnyConnection,
    caller: &GroupCaller,
    file: &FileRow,
) -> ApiResult<()> {
    let user_id = &caller.session.user_id;
    let allowed = match file.belongs_to_type {
        BelongsToType::Group => group_rank(connection, caller, file).await?.is_some(),
        BelongsToType::User => {
            file.owner_id == *user_id || file.belongs_to.as_deref() == Some(user_id)
        }
        BelongsToType::None => file.owner_id == *user_id,
    };
    if allowed {
        Ok(())
    } else {
        Err(ErrorCode::FileNotFound.into())
    }
}

/// Fails unless the caller may rename or delete the file: its creator (still able to read it),
/// or an admin of its group.
pub async fn check_manage(
    connection: &mut AnyConnection,
    caller: &GroupCaller,
    file: &FileRow,
) -> ApiResult<()> {
    check_read(connection, caller, file).await?;
    if file.owner_id == caller.session.user_id {
        return Ok(());
    }
    match group_rank(connection, caller, file).await? {
        Some(rank) if rules::administer(rank).is_ok() => Ok(()),
        _ => Err(ErrorCode::FileAccessDenied.into()),
    }
}
