//! What every request must satisfy before a handler sees it: a time limit for the whole
//! request (a client sending its body one byte a minute must not hold a connection and a
//! database transaction forever), and no control characters in the path or query (a
//! percent-encoded NUL would otherwise reach PostgreSQL, which refuses it in text).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sentc_core::{Error, ErrorCode};

use crate::error::ApiError;
use crate::state::AppState;

/// Fails the request with `1010 RequestTimeout` when it takes longer than the configured limit.
pub async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = Duration::from_millis(state.settings.request_timeout_ms);
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::from(ErrorCode::RequestTimeout).into_response(),
    }
}

/// Refuses paths and query strings with a percent-encoded control character (`%00`-`%1F`,
/// `%7F`) with `1001 MalformedInput`. Raw control characters never get this far: the HTTP
/// parser refuses them.
pub async fn no_control_characters(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let suspicious =
        has_encoded_control(uri.path()) || uri.query().is_some_and(has_encoded_control);
    if suspicious {
        return ApiError::from(Error::with_detail(
            ErrorCode::MalformedInput,
            "control character in the path or query",
        ))
        .into_response();
    }
    next.run(request).await
}

fn has_encoded_control(text: &str) -> bool {
    text.as_bytes().windows(3).any(|window| {
        let [b'%', high, low] = window else {
            return false;
        };
        let hex = |byte: &u8| char::from(*byte).to_digit(16);
        match (hex(high), hex(low)) {
            (Some(high), Some(low)) => {
                let value = high * 16 + low;
                value < 0x20 || value == 0x7f
            }
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::has_encoded_control;

    #[test]
    fn encoded_control_characters_are_found() {
        assert!(has_encoded_control("/api/v1/user/a%00b/public_key"));
        assert!(has_encoded_control("last_id=%0a"));
        assert!(has_encoded_control("x=%7F"));
        assert!(has_encoded_control("x=%1f"));
        assert!(!has_encoded_control("/api/v1/user/abc%20def"));
        assert!(!has_encoded_control("last_time=100&last_id=%41"));
        assert!(!has_encoded_control("100%"));
        assert!(!has_encoded_control("%0"));
    }
}
