//! The logged-in user of a request: `Authorization: Bearer <jwt>`, verified, and its device
//! still present with the session version the token was issued under.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sentc_core::{Error, ErrorCode};
use sqlx::Row;

use super::app::RequestApp;
use crate::error::{ApiError, ApiResult};
use crate::jwt;
use crate::state::AppState;

/// A verified session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The app.
    pub app: RequestApp,
    /// The user's id.
    pub user_id: String,
    /// The device's id.
    pub device_id: String,
    /// Whether the JWT came straight from a login.
    pub fresh: bool,
}

impl Session {
    /// Fails unless the JWT came straight from a login.
    pub fn require_fresh(&self) -> ApiResult<()> {
        if self.fresh {
            Ok(())
        } else {
            Err(ErrorCode::FreshJwtRequired.into())
        }
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let app = parts
            .extensions
            .get::<RequestApp>()
            .cloned()
            .ok_or(ErrorCode::Internal)?;
        let header = parts
            .headers
            .get("authorization")
            .ok_or(ErrorCode::JwtMissing)?
            .to_str()
            .map_err(|_| ErrorCode::JwtInvalid)?;
        let token = header
            .strip_prefix("Bearer ")
            .ok_or_else(|| Error::with_detail(ErrorCode::JwtInvalid, "not a bearer token"))?;
        let mut connection = state.db.pool.acquire().await?;
        let claims = jwt::verify(
            &mut connection,
            &state.jwt_keys,
            &app.app.id,
            token,
            state.now_ms(),
        )
        .await?;
        let row = sqlx::query(
            "SELECT user_id, session_version FROM devices WHERE id = $1 AND app_id = $2",
        )
        .bind(&claims.device_id)
        .bind(&app.app.id)
        .fetch_optional(&mut *connection)
        .await?
        .ok_or_else(|| Error::with_detail(ErrorCode::JwtInvalid, "the device is gone"))?;
        let user_id: Option<String> = row.try_get("user_id")?;
        let version: i64 = row.try_get("session_version")?;
        if user_id.as_deref() != Some(claims.sub.as_str()) || version != claims.session_version {
            return Err(
                Error::with_detail(ErrorCode::JwtInvalid, "the session was revoked").into(),
            );
        }
        Ok(Self {
            app,
            user_id: claims.sub,
            device_id: claims.device_id,
            fresh: claims.fresh,
        })
    }
}
