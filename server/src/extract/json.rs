//! JSON bodies in and out. Malformed or oversized bodies become the error envelope with a
//! stable code instead of axum's plain-text rejections.

use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sentc_core::protocol::ok_body;
use sentc_core::{Error, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::bytes::ApiBytes;
use crate::error::ApiError;

/// A JSON request body.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let ApiBytes(bytes) = ApiBytes::from_request(request, state).await?;
        if has_escaped_nul(&bytes) {
            // PostgreSQL refuses NUL in text; no field of the protocol needs one.
            return Err(
                Error::with_detail(ErrorCode::MalformedInput, "NUL character in JSON").into(),
            );
        }
        serde_json::from_slice(&bytes)
            .map(Self)
            .map_err(|err| Error::with_detail(ErrorCode::InvalidJson, err.to_string()).into())
    }
}

/// Whether a JSON text holds the escape `\u0000` (a raw NUL is invalid JSON anyway). Escaped
/// backslashes are skipped, so the text `\\u0000` (a backslash, then "u0000") is not one.
fn has_escaped_nul(json: &[u8]) -> bool {
    let mut rest = json;
    while let Some(at) = rest.iter().position(|byte| *byte == b'\\') {
        let escape = rest.get(at + 1..).unwrap_or_default();
        if escape.starts_with(b"u0000") {
            return true;
        }
        rest = escape.get(1..).unwrap_or_default();
    }
    false
}

/// A success response: `{"status":true,"result":…}`.
pub struct ApiOk<T>(pub T);

impl<T: Serialize> IntoResponse for ApiOk<T> {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "application/json")],
            ok_body(&self.0),
        )
            .into_response()
    }
}

/// A query string; malformed ones become the error envelope (`1001`), not axum's plain text.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|rejection| {
                Error::with_detail(
                    ErrorCode::MalformedInput,
                    format!("query: {}", rejection.body_text()),
                )
                .into()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::has_escaped_nul;

    #[test]
    fn escaped_nul_is_found_and_escaped_backslashes_are_not() {
        assert!(has_escaped_nul(br#"{"a":"x\u0000y"}"#));
        assert!(has_escaped_nul(br#"{"a":"\\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"a":"\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"a":"\u0001"}"#));
        assert!(!has_escaped_nul(br#"{"a":"plain"}"#));
        assert!(!has_escaped_nul(br#"\"#));
    }
}
