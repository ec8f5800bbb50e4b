//! Tracing each request: its id (the `X-Request-Id` a proxy sent, if it is a plain token, else a
//! new one; returned in the response's `X-Request-Id`), a span carrying the id, method and
//! matched route for every event logged while it runs, one log line when it ends, and its count
//! and latency in the metrics.
//!
//! The route is the matched pattern (`/api/v1/group/{group_id}`), never the concrete path: ids
//! and query strings stay out of the logs, and the metrics' label values stay few.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument as _;

use crate::state::AppState;

/// The header carrying a request's id, both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The route label of requests that matched no route.
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// Gives the request an id and a span, logs its end and counts it.
pub async fn trace(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_plain_id(value))
        .map(str::to_owned)
        .unwrap_or_else(new_request_id);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED_ROUTE, MatchedPath::as_str)
        .to_owned();
    let method = method_label(request.method());
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state
        .metrics
        .observe_request(method, &route, status, elapsed);
    span.in_scope(|| {
        let latency_ms = elapsed.as_secs_f64() * 1000.0;
        if status >= 500 {
            tracing::warn!(status, latency_ms, "request finished");
        } else {
            tracing::info!(status, latency_ms, "request finished");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// The method as a label: the standard ones by name, any other as `OTHER` (a client choosing
/// the method must not grow the metrics without bound).
fn method_label(method: &Method) -> &'static str {
    let known = [
        (Method::GET, "GET"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::PATCH, "PATCH"),
        (Method::DELETE, "DELETE"),
        (Method::OPTIONS, "OPTIONS"),
        (Method::HEAD, "HEAD"),
    ];
    known
        .iter()
        .find(|(known, _)| known == method)
        .map_or("OTHER", |(_, name)| *name)
}

/// Whether a client's request id may be kept: 1 to 64 letters, digits, `-`, `_`, `.` (nothing
/// that could forge a log line or a JSON field).
fn is_plain_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
}

/// 16 random bytes in hex; a process-wide counter keeps requests apart if randomness fails.
fn new_request_id() -> String {
    static FALLBACK: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        return format!("n{}", FALLBACK.fetch_add(1, Ordering::Relaxed));
    }
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{is_plain_id, method_label, new_request_id};
    use axum::http::Method;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::OPTIONS), "OPTIONS");
        let odd = Method::from_bytes(b"BREW").unwrap();
        assert_eq!(method_label(&odd), "OTHER");
    }

    #[test]
    fn only_plain_ids_are_kept() {
        assert!(is_plain_id("3f2a-b_c.9"));
        assert!(!is_plain_id(""));
        assert!(!is_plain_id("a\"b"));
        assert!(!is_plain_id("a b"));
        assert!(!is_plain_id(&"a".repeat(65)));
        let id = new_request_id();
        assert_eq!(id.len(), 32);
        assert!(is_plain_id(&id));
        assert_ne!(id, new_request_id());
    }
}
