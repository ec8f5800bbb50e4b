//! The host's HTTP: `fetch` in the browser, a Dart or Kotlin function, or [`super::HttpTransport`].

use std::future::Future;

use super::maybe_send::{MaybeSend, MaybeSync};
use crate::error::Result;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// A request for the host to send.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Headers (the app token, the JWT, the content type).
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
    /// Whether the browser should send cookies (the cookie refresh strategy).
    pub with_credentials: bool,
}

/// The host's answer.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

/// Sends HTTP requests. Fails only when no response arrived (network, TLS, timeout) with
/// [`crate::ErrorCode::TransportFailed`]; HTTP error statuses are responses.
pub trait Transport: MaybeSend + MaybeSync + 'static {
    /// Sends one request.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse>> + MaybeSend;
}
