//! The app backend's secret-token group endpoints (docs/groups.md): create and
//! delete groups for a user without their JWT.

use axum::Extension;
use axum::extract::State;
use sentc_core::ErrorCode;
use sentc_core::protocol::group::{CreateGroupRequest, GroupIdResponse};
use sentc_core::protocol::user::Empty;

use super::lifecycle::{self, Origin};
use super::{access, store};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::extract::{ApiJson, ApiOk, RequestApp};
use crate::state::AppState;

/// `DELETE /api/v1/group/forced/{group_id}`.
pub async fn delete(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath(group_id): ApiPath<String>,
) -> ApiResult<ApiOk<Empty>> {
    let mut tx = state.db.begin().await?;
    store::group(&mut tx, &app.app.id, &group_id).await?;
    lifecycle::delete_group(&mut tx, &group_id, state.now_ms()).await?;
    tx.commit().await?;
    Ok(ApiOk(Empty {}))
}

async fn create_for(
    state: &AppState,
    app: &RequestApp,
    user_id: &str,
    origin: Origin<'_>,
    request: &CreateGroupRequest,
) -> ApiResult<String> {
    store::check_id(user_id)?;
    let mut tx = state.db.begin().await?;
    let exists: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND app_id = $2")
            .bind(user_id)
            .bind(&app.app.id)
            .fetch_optional(&mut *tx)
            .await?;
    exists.ok_or(ErrorCode::UserNotFound)?;
    if let Some(from) = origin.hangs_from() {
        // The user must be allowed to do it themselves.
        origin.check_creator(&access::resolve(&mut tx, &app.app.id, user_id, from, None).await?)?;
    }
    let group_id = lifecycle::create(
        &mut tx,
        &app.app.id,
        user_id,
        (origin, lifecycle::Maker::Backend),
        request,
        state.now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(group_id)
}

/// `POST /api/v1/group/forced/{user_id}`: a group for the user.
pub async fn create(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    let group_id = create_for(&state, &app, &user_id, Origin::Root, &request).await?;
    Ok(ApiOk(GroupIdResponse { group_id }))
}

/// `POST /api/v1/group/forced/{user_id}/{parent}/child`.
pub async fn create_child(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath((user_id, parent)): ApiPath<(String, String)>,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    let group_id = create_for(&state, &app, &user_id, Origin::Child(&parent), &request).await?;
    Ok(ApiOk(GroupIdResponse { group_id }))
}

/// `POST /api/v1/group/forced/{user_id}/{group}/connected`.
pub async fn create_connected(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiPath((user_id, group)): ApiPath<(String, String)>,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> ApiResult<ApiOk<GroupIdResponse>> {
    let group_id = create_for(
        &state,
        &app,
        &user_id,
        Origin::ConnectedFrom(&group),
        &request,
    )
    .await?;
    Ok(ApiOk(GroupIdResponse { group_id }))
}
