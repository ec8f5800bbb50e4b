//! A raw request body (a file part, or the text of a JSON body), with an oversized or broken
//! body reported as the error envelope rather than axum's plain-text rejection.

use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use bytes::Bytes;
use sentc_core::{Error, ErrorCode};

use crate::error::ApiError;

/// The request body's bytes, within the route's body limit.
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(request, state)
            .await
            .map(Self)
            .map_err(|rejection| {
                match rejection {
                    BytesRejection::FailedToBufferBody(_) => {
                        Error::with_detail(ErrorCode::InputTooLarge, "request body")
                    }
                    _ => Error::new(ErrorCode::MalformedInput),
                }
                .into()
            })
    }
}
