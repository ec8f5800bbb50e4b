//! A raw request body (a file part, or the text of a JSON body), within the route's limit
//! ([`crate::body_limits`]), with an oversized or broken body reported as the error envelope.
//!
//! An oversized body is still read, and dropped, up to [`DRAIN_BEYOND_LIMIT`] past the limit
//! before the `413` answer, so a client still sending gets the answer instead of a reset
//! connection.

use axum::extract::{FromRequest, Request};
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use sentc_core::{Error, ErrorCode};

use crate::body_limits::{BodyLimit, DRAIN_BEYOND_LIMIT, MAX_BODY};
use crate::error::ApiError;

/// The request body's bytes, within the route's body limit.
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ApiError> {
        let limit = request
            .extensions()
            .get::<BodyLimit>()
            .map_or(MAX_BODY, |limit| limit.0);
        let mut body = request.into_body();
        let mut kept = BytesMut::new();
        let mut read = 0usize;
        while let Some(frame) = body.frame().await {
            let frame =
                frame.map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "request body"))?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            read = read.saturating_add(data.len());
            if read > limit.saturating_add(DRAIN_BEYOND_LIMIT) {
                break;
            }
            if read <= limit {
                kept.extend_from_slice(&data);
            }
        }
        if read > limit {
            return Err(Error::with_detail(ErrorCode::InputTooLarge, "request body").into());
        }
        Ok(Self(kept.freeze()))
    }
}
