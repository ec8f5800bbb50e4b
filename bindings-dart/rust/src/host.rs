//! The transport and store the core client runs on: Dart's (functions flutter_rust_bridge
//! calls back), the core's native HTTP client (feature `native-http`), memory, or the core's
//! encrypted file.

use flutter_rust_bridge::DartFnFuture;
use sentc_core::client::{Body, HttpRequest, HttpResponse, MemoryStore, Method, Store, Transport};
use sentc_core::{ErrorCode, Result};
use zeroize::Zeroizing;

use crate::api::host::{HostRequest, HostResponse, HttpHeader, HttpMethod};
use crate::callback::{DartFn, DartFn2, answer};

/// The transport the client uses.
pub(crate) enum AnyTransport {
    Dart(DartFn<HostRequest, HostResponse>),
    #[cfg(feature = "native-http")]
    Native(sentc_core::client::HttpTransport),
}

impl AnyTransport {
    /// The core's HTTP client, in builds with `native-http`.
    #[cfg(feature = "native-http")]
    pub(crate) fn native() -> Result<Self> {
        Ok(Self::Native(sentc_core::client::HttpTransport::new()?))
    }

    /// The core's HTTP client, in builds with `native-http`.
    #[cfg(not(feature = "native-http"))]
    pub(crate) fn native() -> Result<Self> {
        Err(sentc_core::Error::with_detail(
            ErrorCode::MalformedInput,
            "this build has no native HTTP transport: use SentcTransport.dart",
        ))
    }
}

impl Transport for AnyTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        match self {
            Self::Dart(send) => {
                let future: DartFnFuture<HostResponse> = send(host_request(request));
                let response = answer(future, ErrorCode::TransportFailed).await?;
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

/// Dart's store functions.
pub(crate) struct DartStore {
    pub(crate) get: DartFn<String, Option<String>>,
    pub(crate) set: DartFn2<String, String, ()>,
    pub(crate) delete: DartFn<String, ()>,
}

/// The store the client uses.
pub(crate) enum AnyStore {
    Dart(DartStore),
    Memory(MemoryStore),
    #[cfg(not(target_arch = "wasm32"))]
    File(sentc_core::client::EncryptedFileStore),
}

impl Store for AnyStore {
    async fn get(&self, key: &str) -> Result<Option<Zeroizing<String>>> {
        match self {
            Self::Dart(dart) => {
                let value = answer((dart.get)(key.to_owned()), ErrorCode::StoreFailed).await?;
                Ok(value.map(Zeroizing::new))
            }
            Self::Memory(memory) => memory.get(key).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(file) => file.get(key).await,
        }
    }

    async fn set(&self, key: &str, value: &str) -> Result<()> {
        match self {
            Self::Dart(dart) => {
                let future = (dart.set)(key.to_owned(), value.to_owned());
                answer(future, ErrorCode::StoreFailed).await
            }
            Self::Memory(memory) => memory.set(key, value).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(file) => file.set(key, value).await,
        }
    }

    async fn delete(&self, key: &str) -> Result<()> {
        match self {
            Self::Dart(dart) => answer((dart.delete)(key.to_owned()), ErrorCode::StoreFailed).await,
            Self::Memory(memory) => memory.delete(key).await,
            #[cfg(not(target_arch = "wasm32"))]
            Self::File(file) => file.delete(key).await,
        }
    }
}
