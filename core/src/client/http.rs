//! A native HTTP transport (reqwest with rustls, ring provider).

use super::transport::{Body, HttpRequest, HttpResponse, Method, Transport};
use crate::error::{Error, ErrorCode, Result};

/// Sends requests with reqwest (HTTP/1.1, rustls).
#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
}

impl HttpTransport {
    /// A transport with a 60-second timeout.
    pub fn new() -> Result<Self> {
        // Installing fails only when a provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|err| Error::with_detail(ErrorCode::TransportFailed, err.to_string()))?;
        Ok(Self { client })
    }
}

impl Transport for HttpTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        builder = match request.body {
            Some(Body::Json(text)) => builder.body(text),
            Some(Body::Bytes(bytes)) => builder.body(bytes),
            None => builder,
        };
        let failed =
            |err: reqwest::Error| Error::with_detail(ErrorCode::TransportFailed, err.to_string());
        let response = builder.send().await.map_err(failed)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(failed)?.to_vec();
        Ok(HttpResponse { status, body })
    }
}
