//! The host's HTTP: `fetch` in the browser, a Dart or Kotlin function, or [`super::HttpTransport`].

use std::fmt;
use std::future::Future;

use super::maybe_send::{MaybeSend, MaybeSync};
use crate::error::{Error, ErrorCode, Result};

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

/// A request body. The client sets the matching `content-type` header.
#[derive(Clone, PartialEq, Eq)]
pub enum Body {
    /// JSON text (`application/json`).
    Json(String),
    /// Bytes, e.g. one encrypted file part (`application/octet-stream`). A part is one bounded
    /// chunk: a file streams as a sequence of requests, so no request holds a whole file.
    Bytes(Vec<u8>),
}

impl Body {
    /// The body's `content-type`.
    pub const fn content_type(&self) -> &'static str {
        match self {
            Self::Json(_) => "application/json",
            Self::Bytes(_) => "application/octet-stream",
        }
    }

    /// The body's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Json(text) => text.as_bytes(),
            Self::Bytes(bytes) => bytes,
        }
    }
}

// Bodies carry auth keys, wrapped keys and file data: Debug shows only their kind and length.
impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            Self::Json(_) => "Json",
            Self::Bytes(_) => "Bytes",
        };
        write!(f, "{kind}({} bytes)", self.as_bytes().len())
    }
}

/// A request for the host to send.
#[derive(Clone)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Headers (the app token, the JWT, the content type).
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Body>,
    /// Whether the browser should send cookies (the cookie refresh strategy).
    pub with_credentials: bool,
}

// Headers carry the JWT and the app token: Debug names them without their values.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body", &self.body)
            .field("with_credentials", &self.with_credentials)
            .finish()
    }
}

/// The host's answer.
#[derive(Clone)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body's bytes (JSON text for every response but a downloaded file part).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The body as text; `10002 InvalidServerResponse` when it is not UTF-8.
    pub fn into_text(self) -> Result<String> {
        String::from_utf8(self.body).map_err(|_| {
            Error::with_detail(ErrorCode::InvalidServerResponse, "the body is not UTF-8")
        })
    }
}

// Responses carry JWTs, refresh tokens and wrapped keys.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// Sends HTTP requests. Fails only when no response arrived (network, TLS, timeout) with
/// [`crate::ErrorCode::TransportFailed`]; HTTP error statuses are responses.
pub trait Transport: MaybeSend + MaybeSync + 'static {
    /// Sends one request.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse>> + MaybeSend;
}

#[cfg(test)]
mod tests {
    use super::{Body, HttpRequest, HttpResponse, Method};
    use crate::error::ErrorCode;

    #[test]
    fn bodies_name_their_content_type() {
        assert_eq!(Body::Json("{}".into()).content_type(), "application/json");
        assert_eq!(
            Body::Bytes(vec![0, 255]).content_type(),
            "application/octet-stream"
        );
        assert_eq!(Body::Bytes(vec![0, 255]).as_bytes(), &[0, 255]);
    }

    #[test]
    fn debug_shows_no_secrets() {
        let request = HttpRequest {
            method: Method::Post,
            url: "https://api.example/api/v1/verify_login".into(),
            headers: vec![("authorization".into(), "Bearer secret-jwt".into())],
            body: Some(Body::Json(r#"{"auth_key":"secret-key"}"#.into())),
            with_credentials: false,
        };
        let shown = format!("{request:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("authorization") && shown.contains("Json(25 bytes)"));
        let response = HttpResponse {
            status: 200,
            body: b"{\"jwt\":\"secret\"}".to_vec(),
        };
        assert!(!format!("{response:?}").contains("secret"));
    }

    #[test]
    fn a_body_that_is_not_utf8_is_a_typed_error() {
        let response = HttpResponse {
            status: 200,
            body: vec![0xff, 0xfe],
        };
        let error = response.into_text().err().map(|error| error.code());
        assert_eq!(error, Some(ErrorCode::InvalidServerResponse));
    }
}
