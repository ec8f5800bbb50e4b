//! A file's metadata and part list (paged), its name, and its deletion.

use axum::extract::State;
use sentc_core::crypto::KeyId;
use sentc_core::protocol::file::{FileMetaResponse, FileNameRequest, FilePartListItem, PARTS_PAGE};
use sentc_core::protocol::user::Empty;
use sqlx::AnyConnection;

use super::access;
use super::register::check_name;
use super::store::{self, FileRow};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk};
use crate::groups::access::GroupCaller;
use crate::state::AppState;

/// The file, if the caller may read it.
async fn readable(
    connection: &mut AnyConnection,
    caller: &GroupCaller,
    file_id: &str,
) -> ApiResult<FileRow> {
    let file_id: KeyId = file_id.parse()?;
    let file = store::live(connection, &caller.session.app.app.id, &file_id).await?;
    access::check_read(connection, caller, &file).await?;
    Ok(file)
}

async fn part_list(
    connection: &mut AnyConnection,
    file: &FileRow,
    after: i64,
) -> ApiResult<Vec<FilePartListItem>> {
    let parts = store::parts_page(connection, &file.id, after, PARTS_PAGE).await?;
    Ok(parts
        .into_iter()
        .map(|(sequence, size)| FilePartListItem {
            part_id: store::part_id(&file.id, sequence),
            sequence,
            size,
            extern_storage: file.extern_storage,
        })
        .collect())
}

/// `GET /api/v1/file/{file_id}`.
pub async fn fetch(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(file_id): ApiPath<String>,
) -> ApiResult<ApiOk<FileMetaResponse>> {
    let mut connection = state.db.pool.acquire().await?;
    let file = readable(&mut connection, &caller, &file_id).await?;
    let part_list = part_list(&mut connection, &file, -1).await?;
    Ok(ApiOk(FileMetaResponse {
        file_id: file.wrapped_key.key_id(),
        master_key_id: file.wrapped_key.wrapping_key_id(),
        wrapped_key: file.wrapped_key,
        belongs_to_type: file.belongs_to_type,
        belongs_to: file.belongs_to,
        owner: file.owner_id,
        encrypted_file_name: file.encrypted_file_name,
        complete: file.complete,
        created_at: file.created_at,
        part_list,
    }))
}

/// `GET /api/v1/file/{file_id}/part_fetch/{last_sequence}`.
pub async fn parts(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((file_id, last_sequence)): ApiPath<(String, i64)>,
) -> ApiResult<ApiOk<Vec<FilePartListItem>>> {
    let mut connection = state.db.pool.acquire().await?;
    let file = readable(&mut connection, &caller, &file_id).await?;
    Ok(ApiOk(
        part_list(&mut connection, &file, last_sequence).await?,
    ))
}

/// `PUT /api/v1/file/{file_id}`: a new encrypted name (the creator or a group admin).
pub async fn rename(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(file_id): ApiPath<String>,
    ApiJson(request): ApiJson<FileNameRequest>,
) -> ApiResult<ApiOk<Empty>> {
    check_name(request.encrypted_file_name.as_deref())?;
    let mut tx = state.db.begin().await?;
    let file = readable(&mut tx, &caller, &file_id).await?;
    access::check_manage(&mut tx, &caller, &file).await?;
    store::rename(&mut tx, &file.id, request.encrypted_file_name.as_deref()).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `DELETE /api/v1/file/{file_id}` (the creator or a group admin): the file is gone at once;
/// the purge job removes its parts.
pub async fn delete(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(file_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    let file = readable(&mut tx, &caller, &file_id).await?;
    access::check_manage(&mut tx, &caller, &file).await?;
    store::mark_deleted(&mut tx, &file.id, state.now_ms()).await?;
    tx.commit().await?;
    state.purge_wakeup.notify_one();
    Ok(ApiOk(Empty {}))
}
