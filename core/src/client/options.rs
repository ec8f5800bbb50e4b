//! Client options and the JWT refresh strategies (docs/design.md §4 "Users").

use std::fmt;
use std::sync::Arc;

use super::maybe_send::{BoxFuture, MaybeSend, MaybeSync};
use crate::error::Result;

/// An app-supplied refresh: gets the old JWT, returns a new one (e.g. from the app backend).
pub trait RefreshHandler: MaybeSend + MaybeSync + 'static {
    /// Returns a new JWT for the old one.
    fn refresh(&self, old_jwt: String) -> BoxFuture<'_, Result<String>>;
}

/// How the client gets a new JWT when the old one expires.
#[derive(Clone, Default)]
pub enum RefreshOption {
    /// The SDK keeps the refresh token and calls `PUT /api/v1/refresh` itself (the default).
    #[default]
    Sdk,
    /// The SDK calls the app's endpoint with the old JWT and the browser's cookies; the app
    /// backend holds the refresh token in a cookie, calls sentc's `/refresh` and answers with
    /// sentc's response.
    Cookie {
        /// The app's refresh endpoint.
        endpoint_url: String,
    },
    /// The app supplies a function; the SDK sends no refresh requests.
    Function(Arc<dyn RefreshHandler>),
}

impl fmt::Debug for RefreshOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sdk => f.write_str("Sdk"),
            Self::Cookie { endpoint_url } => write!(f, "Cookie({endpoint_url})"),
            Self::Function(_) => f.write_str("Function"),
        }
    }
}

/// How a client is set up.
#[derive(Clone, Debug)]
pub struct SentcOptions {
    /// The server, e.g. `https://api.example.com` (no trailing slash needed).
    pub base_url: String,
    /// The app's public token.
    pub app_token: String,
    /// The refresh strategy.
    pub refresh: RefreshOption,
    /// The current time in seconds since the Unix epoch, to refresh a JWT before it expires.
    /// `None` uses the system clock natively; in the browser the binding supplies `Date.now`.
    /// Without a clock the client refreshes only when the server reports an expired JWT.
    pub clock: Option<fn() -> i64>,
    /// A prefix for the keys in the store, to keep several apps apart.
    pub store_prefix: String,
}

impl SentcOptions {
    /// Options with the SDK refresh strategy and the system clock.
    pub fn new(base_url: impl Into<String>, app_token: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into().trim_end_matches('/').to_string(),
            app_token: app_token.into(),
            refresh: RefreshOption::Sdk,
            clock: None,
            store_prefix: "sentc".into(),
        }
    }

    /// Seconds since the Unix epoch, if a clock is available.
    pub(crate) fn now(&self) -> Option<i64> {
        if let Some(clock) = self.clock {
            return Some(clock());
        }
        system_now()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn system_now() -> Option<i64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|elapsed| i64::try_from(elapsed.as_secs()).ok())
}

#[cfg(target_arch = "wasm32")]
fn system_now() -> Option<i64> {
    None
}
