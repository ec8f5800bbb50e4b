//! Path parameters; ones that do not parse (a sequence that is not a number, a flag that is not
//! `true`/`false`, percent-encoding that is not UTF-8) become the error envelope (`1001`), not
//! axum's plain-text rejection.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sentc_core::{Error, ErrorCode};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The route's path parameters.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(|rejection| {
                Error::with_detail(
                    ErrorCode::MalformedInput,
                    format!("path: {}", rejection.body_text()),
                )
                .into()
            })
    }
}
