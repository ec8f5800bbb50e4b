//! Registering a file: for a group (members of the group's file rank or better) or for a user
//! (or for nobody else). The file's id is its content key's id; the upload session that follows
//! expires unless parts keep it open.

use axum::extract::State;
use sentc_core::protocol::file::{
    BelongsToType, FileRegisterRequest, FileRegisterResponse, FileStorageMode,
};
use sentc_core::{Error, ErrorCode};
use sqlx::AnyConnection;

use super::store::{self, NewFile};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, Session};
use crate::groups::access::GroupCaller;
use crate::groups::store as group_store;
use crate::secrets::new_id;
use crate::state::AppState;
use crate::users::store as user_store;

/// The longest encrypted name accepted (a 1024-byte name, encrypted and in base64).
const MAX_ENCRYPTED_NAME: usize = 4096;

/// The app's storage mode; `FilesDisabled` if the app has no files.
pub(super) async fn storage_mode(
    connection: &mut AnyConnection,
    app_id: &str,
) -> ApiResult<FileStorageMode> {
    match store::options(connection, app_id).await?.0.storage {
        FileStorageMode::None => Err(ErrorCode::FilesDisabled.into()),
        mode => Ok(mode),
    }
}

/// Checks an encrypted name's size.
pub(super) fn check_name(name: Option<&str>) -> ApiResult<()> {
    match name {
        Some(name) if name.is_empty() || name.len() > MAX_ENCRYPTED_NAME => Err(
            Error::with_detail(ErrorCode::MalformedInput, "the encrypted file name's size").into(),
        ),
        _ => Ok(()),
    }
}

async fn insert(
    state: &AppState,
    connection: &mut AnyConnection,
    session: &Session,
    request: &FileRegisterRequest,
    extern_storage: bool,
) -> ApiResult<FileRegisterResponse> {
    let session_id = new_id()?;
    let now = state.now_ms();
    let expires_at = now.saturating_add(state.settings.file_session_lifetime_ms);
    store::insert(
        connection,
        &NewFile {
            app_id: &session.app.app.id,
            owner_id: &session.user_id,
            belongs_to_type: request.belongs_to_type,
            belongs_to: request.belongs_to.as_deref(),
            wrapped_key: &request.wrapped_key,
            encrypted_file_name: request.encrypted_file_name.as_deref(),
            extern_storage,
            session_id: &session_id,
            session_expires_at: expires_at,
            now_ms: now,
        },
    )
    .await?;
    Ok(FileRegisterResponse {
        file_id: request.wrapped_key.key_id(),
        session_id,
        expires_at,
    })
}

/// `POST /api/v1/group/{group_id}/file`: the content key is wrapped under one of the group's
/// generations.
pub async fn for_group(
    State(state): State<AppState>,
    caller: GroupCaller,
    ApiPath(group_id): ApiPath<String>,
    ApiJson(request): ApiJson<FileRegisterRequest>,
) -> ApiResult<ApiOk<FileRegisterResponse>> {
    if request.belongs_to_type != BelongsToType::Group
        || request.belongs_to.as_deref() != Some(group_id.as_str())
    {
        return Err(
            Error::with_detail(ErrorCode::MalformedInput, "not a file of this group").into(),
        );
    }
    check_name(request.encrypted_file_name.as_deref())?;
    let mut tx = state.db.begin().await?;
    let mode = storage_mode(&mut tx, &caller.session.app.app.id).await?;
    let access = caller.access(&mut tx, &group_id).await?;
    if access.rank > access.group.file_rank {
        return Err(ErrorCode::GroupRankTooLow.into());
    }
    let master = request.wrapped_key.wrapping_key_id().to_hex();
    group_store::key_seq(&mut tx, &group_id, &master).await?;
    let response = insert(
        &state,
        &mut tx,
        &caller.session,
        &request,
        mode == FileStorageMode::Own,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(response))
}

/// `POST /api/v1/file`: a file for a user (the content key wrapped for the user's public key)
/// or for nobody else (wrapped for the creator).
pub async fn for_user(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<FileRegisterRequest>,
) -> ApiResult<ApiOk<FileRegisterResponse>> {
    check_name(request.encrypted_file_name.as_deref())?;
    let mut tx = state.db.begin().await?;
    let mode = storage_mode(&mut tx, &session.app.app.id).await?;
    match (request.belongs_to_type, request.belongs_to.as_deref()) {
        (BelongsToType::User, Some(user_id)) => {
            if !user_store::user_exists(&mut tx, &session.app.app.id, user_id).await? {
                return Err(ErrorCode::UserNotFound.into());
            }
        }
        (BelongsToType::None, None) => {}
        _ => {
            return Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "a user's file names the user; a group's file is registered for the group",
            )
            .into());
        }
    }
    let response = insert(
        &state,
        &mut tx,
        &session,
        &request,
        mode == FileStorageMode::Own,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(response))
}
