//! Networking and storage from Dart: [`SentcTransport::dart`] sends the SDK's requests with a
//! Dart function (on `package:http`: no C toolchain in a mobile build), [`SentcStore::dart`]
//! keeps the session with Dart functions (`flutter_secure_storage` by default, lib/sentc.dart).
//! Or the native HTTP client (builds with `native-http`), memory, or the core's encrypted file.

use std::sync::Arc;

use flutter_rust_bridge::{DartFnFuture, frb};
use sentc_core::client::MemoryStore;
use zeroize::Zeroizing;

use crate::api::error::SentcError;
use crate::guard::guard;
use crate::host::{AnyStore, AnyTransport, DartStore};

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone)]
pub struct HttpHeader {
    /// The name, e.g. "authorization".
    pub name: String,
    /// The value (may be a JWT or the app token: never log it).
    pub value: String,
}

/// A request for Dart to send; the headers include the body's content type.
#[derive(Clone)]
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

/// Dart's answer: any HTTP status is an answer (the SDK reads sentc's error body). Throw only
/// when no answer came; that is `10001 TransportFailed`.
#[derive(Clone)]
pub struct HostResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

/// How the SDK sends its requests.
#[frb(opaque)]
pub struct SentcTransport {
    pub(crate) inner: AnyTransport,
}

impl SentcTransport {
    /// Requests sent by the Dart function `send`.
    #[frb(sync)]
    pub fn dart(
        send: impl Fn(HostRequest) -> DartFnFuture<HostResponse> + Send + Sync + 'static,
    ) -> SentcTransport {
        Self {
            inner: AnyTransport::Dart(Arc::new(send)),
        }
    }

    /// The SDK's own HTTP client (builds with the `native-http` feature; not on mobile, whose
    /// builds have no C toolchain for its TLS).
    #[frb(sync)]
    pub fn native() -> Result<SentcTransport, SentcError> {
        guard(|| {
            Ok(Self {
                inner: AnyTransport::native()?,
            })
        })
    }
}

/// Where the SDK keeps the logged-in user's session (it holds the user's keys).
#[frb(opaque)]
pub struct SentcStore {
    pub(crate) inner: AnyStore,
}

impl SentcStore {
    /// Memory: nothing survives a restart.
    #[frb(sync)]
    pub fn memory() -> SentcStore {
        Self {
            inner: AnyStore::Memory(MemoryStore::default()),
        }
    }

    /// Dart functions: keep the values in the platform's protected storage. A function that
    /// throws is `10004 StoreFailed`.
    #[frb(sync)]
    pub fn dart(
        get: impl Fn(String) -> DartFnFuture<Option<String>> + Send + Sync + 'static,
        set: impl Fn(String, String) -> DartFnFuture<()> + Send + Sync + 'static,
        delete: impl Fn(String) -> DartFnFuture<()> + Send + Sync + 'static,
    ) -> SentcStore {
        let dart = DartStore {
            get: Arc::new(get),
            set: Arc::new(set),
            delete: Arc::new(delete),
        };
        Self {
            inner: AnyStore::Dart(dart),
        }
    }

    /// The SDK's encrypted file at `path` (in the app's private folder), with the 32-byte `key`
    /// from the platform's key store (never kept beside the file). A wrong key or a changed file
    /// is `3001 DecryptionFailed`, never an empty store. Not on the web.
    #[frb(sync)]
    pub fn encrypted_file(path: String, key: Vec<u8>) -> Result<SentcStore, SentcError> {
        let key = Zeroizing::new(key);
        guard(|| open_file_store(&path, &key))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn open_file_store(path: &str, key: &[u8]) -> sentc_core::Result<SentcStore> {
    let store = sentc_core::client::EncryptedFileStore::open(path, key)?;
    Ok(SentcStore {
        inner: AnyStore::File(store),
    })
}

#[cfg(target_arch = "wasm32")]
fn open_file_store(_path: &str, _key: &[u8]) -> sentc_core::Result<SentcStore> {
    Err(sentc_core::Error::with_detail(
        sentc_core::ErrorCode::LocalIoFailed,
        "the web has no files: use SentcStore.dart",
    ))
}
