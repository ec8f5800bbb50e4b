//! The app backend's file endpoints (secret token): the app's file options and usage, and the
//! parts of deleted files its own storage should remove.

use axum::Extension;
use axum::extract::State;
use sentc_core::protocol::file::{
    DeletedPartsDone, DeletedPartsResponse, FileOptions, FileOptionsResponse,
};
use sentc_core::protocol::user::Empty;
use sentc_core::{Error, ErrorCode};

use super::store;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiOk, RequestApp};
use crate::state::AppState;

/// Deleted parts listed per request.
const DELETED_PAGE: i64 = 500;

/// `GET /api/v1/file_options`.
pub async fn get(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
) -> ApiResult<ApiOk<FileOptionsResponse>> {
    let mut connection = state.db.pool.acquire().await?;
    let (options, used_bytes) = store::options(&mut connection, &app.app.id).await?;
    Ok(ApiOk(FileOptionsResponse {
        options,
        used_bytes,
    }))
}

/// `PUT /api/v1/file_options`. Existing files keep the storage they were registered with.
pub async fn set(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(options): ApiJson<FileOptions>,
) -> ApiResult<ApiOk<Empty>> {
    if options.quota_bytes.is_some_and(|quota| quota < 0) {
        return Err(Error::with_detail(ErrorCode::MalformedInput, "a negative quota").into());
    }
    let mut tx = state.db.begin().await?;
    store::set_options(&mut tx, &app.app.id, &options).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

/// `GET /api/v1/file_deleted_parts`: the oldest parts to remove.
pub async fn deleted_parts(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
) -> ApiResult<ApiOk<DeletedPartsResponse>> {
    let mut connection = state.db.pool.acquire().await?;
    let part_ids = store::deleted_parts(&mut connection, &app.app.id, DELETED_PAGE).await?;
    Ok(ApiOk(DeletedPartsResponse { part_ids }))
}

/// `POST /api/v1/file_deleted_parts`: parts the app's storage removed.
pub async fn deleted_parts_done(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(done): ApiJson<DeletedPartsDone>,
) -> ApiResult<ApiOk<Empty>> {
    if done.part_ids.len() > usize::try_from(DELETED_PAGE).unwrap_or(usize::MAX) {
        return Err(Error::with_detail(ErrorCode::MalformedInput, "too many part ids").into());
    }
    let mut tx = state.db.begin().await?;
    store::forget_deleted_parts(&mut tx, &app.app.id, &done.part_ids).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}
