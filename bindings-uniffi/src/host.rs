//! Networking and storage from the host: an app implements [`HostTransport`] (OkHttp,
//! `URLSession`, `java.net.http`, urllib, …) and [`HostStore`] (Keychain, Keystore, a file) in its
//! own language. Without a transport the SDK uses its native HTTP client (feature `native-http`,
//! not for mobile builds: its TLS needs a C toolchain); without a store, memory.

use std::sync::Arc;

use sentc_core::client::{
    Body, EncryptedFileStore, HttpRequest, HttpResponse, MemoryStore, Method, Store, Transport,
};
use sentc_core::{ErrorCode, Result};
use zeroize::Zeroizing;

use crate::error::SentcError;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum HttpMethod {
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

/// One header.
#[derive(Debug, Clone, uniffi::Record)]
pub struct HttpHeader {
    /// The name, e.g. "authorization".
    pub name: String,
    /// The value (may be a JWT or the app token: never log it).
    pub value: String,
}

/// A request for the host to send; the headers include the body's content type.
#[derive(Clone, uniffi::Record)]
pub struct HostRequest {
    /// The method.
    pub method: HttpMethod,
    /// The absolute URL.
    pub url: String,
    /// The headers.
    pub headers: Vec<HttpHeader>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
}

/// The host's answer: any HTTP status is an answer (the SDK reads sentc's error body).
#[derive(Clone, uniffi::Record)]
pub struct HostResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

/// Sends HTTP requests for the SDK. Throw (any exception) only when no response arrived; it
/// becomes `10001 TransportFailed`.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait HostTransport: Send + Sync {
    /// Sends one request.
    async fn send(&self, request: HostRequest) -> std::result::Result<HostResponse, SentcError>;
}

/// Keeps the logged-in user's session: the values hold the user's keys, so keep them in the
/// platform's protected storage (Keychain, Keystore-encrypted preferences, an encrypted file).
#[uniffi::export(with_foreign)]
pub trait HostStore: Send + Sync {
    /// The value under `key`, if any.
    fn get(&self, key: String) -> std::result::Result<Option<String>, SentcError>;
    /// Stores `value` under `key`.
    fn set(&self, key: String, value: String) -> std::result::Result<(), SentcError>;
    /// Removes `key`.
    fn delete(&self, key: String) -> std::result::Result<(), SentcError>;
}

/// The transport the client uses.
pub(crate) enum AnyTransport {
    Host(Arc<dyn HostTransport>),
    #[cfg(feature = "native-http")]
    Native(sentc_core::client::HttpTransport),
}

impl AnyTransport {
    /// The host's transport, or the native one without it.
    pub(crate) fn new(host: Option<Arc<dyn HostTransport>>) -> Result<Self> {
        match host {
            Some(host) => Ok(Self::Host(host)),
            None => native(),
        }
    }
}

#[cfg(feature = "native-http")]
fn native() -> Result<AnyTransport> {
    Ok(AnyTransport::Native(
        sentc_core::client::HttpTransport::new()?,
    ))
}

#[cfg(not(feature = "native-http"))]
fn native() -> Result<AnyTransport> {
    Err(sentc_core::Error::with_detail(
        ErrorCode::MalformedInput,
        "this build has no native HTTP transport: pass a HostTransport",
    ))
}

impl Transport for AnyTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        match self {
            Self::Host(host) => {
                let response = host.send(host_request(request)).await.map_err(|error| {
                    let SentcError::Failed { detail, .. } = error;
                    sentc_core::Error::with_detail(ErrorCode::TransportFailed, detail)
                })?;
                Ok(HttpResponse {
                    status: response.status,
                    body: response.body,
                })
            }
            #[cfg(feature = "native-http")]
            Self::Native(native) => native.send(request).await,
        }
    }
}

fn host_request(request: HttpRequest) -> HostRequest {
    // The client has put the body's content type among the headers.
    let headers = request
        .headers
        .into_iter()
        .map(|(name, value)| HttpHeader { name, value })
        .collect();
    HostRequest {
        method: match request.method {
            Method::Get => HttpMethod::Get,
            Method::Post => HttpMethod::Post,
            Method::Put => HttpMethod::Put,
            Method::Patch => HttpMethod::Patch,
            Method::Delete => HttpMethod::Delete,
        },
        url: request.url,
        headers,
        body: request.body.map(|body| match body {
            Body::Json(text) => text.into_bytes(),
            Body::Bytes(bytes) => bytes,
        }),
    }
}

/// Hands the SDK the 32-byte key of its encrypted file store, from where the platform keeps
/// secrets (the Android Keystore, the iOS Keychain, a secret the app is configured with). The
/// key is never written beside the file.
#[uniffi::export(with_foreign)]
pub trait StoreKeySource: Send + Sync {
    /// The key (32 bytes; the same every time for the same store).
    fn store_key(&self) -> std::result::Result<Vec<u8>, SentcError>;
}

/// The store the client uses.
pub(crate) enum AnyStore {
    Host(Arc<dyn HostStore>),
    Memory(MemoryStore),
    File(EncryptedFileStore),
}

impl AnyStore {
    /// The host's store, or memory without it.
    pub(crate) fn new(host: Option<Arc<dyn HostStore>>) -> Self {
        host.map_or_else(|| Self::Memory(MemoryStore::default()), Self::Host)
    }

    /// The encrypted file store at `path`, its key from the host.
    pub(crate) fn file(path: &str, key: &dyn StoreKeySource) -> Result<Self> {
        let key = zeroize::Zeroizing::new(key.store_key().map_err(store_failed)?);
        Ok(Self::File(EncryptedFileStore::open(path, &key)?))
    }
}

fn store_failed(error: SentcError) -> sentc_core::Error {
    let SentcError::Failed { detail, .. } = error;
    sentc_core::Error::with_detail(ErrorCode::StoreFailed, detail)
}

impl Store for AnyStore {
    async fn get(&self, key: &str) -> Result<Option<Zeroizing<String>>> {
        match self {
            Self::Host(host) => Ok(host
                .get(key.into())
                .map_err(store_failed)?
                .map(Zeroizing::new)),
            Self::Memory(memory) => memory.get(key).await,
            Self::File(file) => file.get(key).await,
        }
    }

    async fn set(&self, key: &str, value: &str) -> Result<()> {
        match self {
            Self::Host(host) => host.set(key.into(), value.into()).map_err(store_failed),
            Self::Memory(memory) => memory.set(key, value).await,
            Self::File(file) => file.set(key, value).await,
        }
    }

    async fn delete(&self, key: &str) -> Result<()> {
        match self {
            Self::Host(host) => host.delete(key.into()).map_err(store_failed),
            Self::Memory(memory) => memory.delete(key).await,
            Self::File(file) => file.delete(key).await,
        }
    }
}
