//! A file's parts: uploaded in order into an open upload session (a part may be sent again, so
//! an upload resumes where it stopped), and downloaded by those who may read the file.
//!
//! The bytes go to the file storage before the database records them: a part whose record
//! fails (a quota, an expired session, a crash) is removed with its file by the purge job,
//! which deletes everything stored under the file's id.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use sentc_core::protocol::file::FilePartResponse;
use sentc_core::{Error, ErrorCode};

use super::access;
use super::store::{self, FileRow};
use crate::apps::TokenKind;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiBytes, ApiOk, Session};
use crate::groups::access::GroupCaller;
use crate::state::AppState;

fn sequence_of(sequence: i64) -> ApiResult<u32> {
    u32::try_from(sequence)
        .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "part sequence").into())
}

/// Checks what a part upload carries: bytes for the server's storage; for the app's own
/// storage, nothing, from the app's backend (its secret token).
fn check_body(session: &Session, file: &FileRow, body: &Bytes) -> ApiResult<()> {
    match (file.extern_storage, body.is_empty()) {
        (false, false) => Ok(()),
        (true, true) if session.app.token == TokenKind::Secret => Ok(()),
        (true, _) => Err(Error::with_detail(
            ErrorCode::SecretTokenRequired,
            "parts in the app's own storage are registered by its backend, without a body",
        )
        .into()),
        (false, true) => Err(Error::with_detail(ErrorCode::MalformedInput, "an empty part").into()),
    }
}

/// `POST /api/v1/file/part/{session_id}/{sequence}/{end}`.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    ApiPath((session_id, sequence, end)): ApiPath<(String, i64, bool)>,
    ApiBytes(body): ApiBytes,
) -> ApiResult<ApiOk<FilePartResponse>> {
    let index = sequence_of(sequence)?;
    let app_id = &session.app.app.id;
    let mut connection = state.db.pool.acquire().await?;
    let file = store::by_session(&mut connection, app_id, &session_id, state.now_ms()).await?;
    if file.owner_id != session.user_id {
        return Err(ErrorCode::FileSessionNotFound.into());
    }
    check_body(&session, &file, &body)?;
    if sequence > store::part_count(&mut connection, &file.id).await? {
        return Err(Error::with_detail(ErrorCode::FileChunkOutOfOrder, "parts go in order").into());
    }
    drop(connection);
    let size = i64::try_from(body.len()).map_err(|_| ErrorCode::InputTooLarge)?;
    if !file.extern_storage {
        state.files.put_part(&file.id, index, body).await?;
    }
    let mut tx = state.db.begin().await?;
    let now = state.now_ms();
    let expires_at = now.saturating_add(state.settings.file_session_lifetime_ms);
    store::extend_session(&mut tx, &file.id, now, expires_at).await?;
    // Again under the file row's lock: two uploads into one session cannot leave a gap.
    if sequence > store::part_count(&mut tx, &file.id).await? {
        return Err(Error::with_detail(ErrorCode::FileChunkOutOfOrder, "parts go in order").into());
    }
    let previous = store::part_size(&mut tx, &file.id, sequence).await?;
    if !file.extern_storage {
        store::reserve_bytes(&mut tx, app_id, size - previous.unwrap_or(0)).await?;
    }
    store::put_part(&mut tx, &file.id, sequence, size).await?;
    if end {
        if store::part_count(&mut tx, &file.id).await? != sequence.saturating_add(1) {
            return Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "the last part must follow every other part",
            )
            .into());
        }
        store::finish(&mut tx, &file.id).await?;
    }
    tx.commit().await?;
    Ok(ApiOk(FilePartResponse {
        part_id: store::part_id(&file.id, sequence),
        sequence,
        end,
    }))
}

/// `GET /api/v1/file/{file_id}/part/{sequence}`: the part's bytes.
pub async fn download(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath((file_id, sequence)): ApiPath<(String, i64)>,
) -> ApiResult<impl IntoResponse> {
    let index = sequence_of(sequence)?;
    let file_id = file_id.parse()?;
    let mut connection = state.db.pool.acquire().await?;
    let file = store::live(&mut connection, &caller.session.app.app.id, &file_id).await?;
    access::check_read(&mut connection, &caller, &file).await?;
    if file.extern_storage
        || store::part_size(&mut connection, &file.id, sequence)
            .await?
            .is_none()
    {
        return Err(ErrorCode::FilePartNotFound.into());
    }
    drop(connection);
    let bytes = state.files.get_part(&file.id, index).await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes))
}
