//! Errors as HTTP responses: the status of the code and the envelope body.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sentc_core::protocol::error_body;
use sentc_core::{Error, ErrorCode};

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// A [`sentc_core::Error`] on its way to the client.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        Self(error)
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self(Error::new(code))
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        // The database's message can contain values; log it, answer with the code only.
        tracing::error!(%error, "database error");
        Self(Error::new(ErrorCode::Database))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.0.code().http_status() >= 500 {
            tracing::warn!(error = %self.0, "request failed");
        }
        let status = StatusCode::from_u16(self.0.code().http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            error_body(&self.0),
        )
            .into_response()
    }
}

/// Whether a database error is a unique-constraint violation.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|db_error| db_error.is_unique_violation())
}
