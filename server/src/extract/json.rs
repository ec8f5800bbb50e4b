//! JSON bodies in and out. Malformed or oversized bodies become the error envelope with a
//! stable code instead of axum's plain-text rejections.

use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sentc_core::protocol::ok_body;
use sentc_core::{Error, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON request body.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection {
                    BytesRejection::FailedToBufferBody(_) => {
                        Error::with_detail(ErrorCode::InputTooLarge, "request body")
                    }
                    _ => Error::new(ErrorCode::MalformedInput),
                })?;
        serde_json::from_slice(&bytes)
            .map(Self)
            .map_err(|err| Error::with_detail(ErrorCode::InvalidJson, err.to_string()).into())
    }
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
