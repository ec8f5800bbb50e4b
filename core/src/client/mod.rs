//! The async client: [`Sentc`] composes the sans-IO functions with a host-injected
//! [`Transport`] and [`Store`]; [`User`] is a logged-in user with every user method.
//!
//! The core depends on no async runtime. On wasm the futures need not be `Send`
//! ([`MaybeSend`]); natively they are, so the client works on multi-threaded runtimes.

mod backend;
mod chain_pins;
#[cfg(not(target_arch = "wasm32"))]
mod file_store;
mod file_streams;
mod files;
mod group;
mod group_chain;
mod identifier_pins;
mod identities;
mod maybe_send;
mod options;
mod panic_guard;
mod sentc;
mod store;
mod sym_keys;
mod transport;
mod user;

#[cfg(feature = "http")]
mod http;

pub use backend::Backend;
#[cfg(not(target_arch = "wasm32"))]
pub use file_store::EncryptedFileStore;
pub use file_streams::{TransferProgress, create_local_file, open_local_file};
pub use files::{FileCreated, FileDownload, FileMeta, FileUpload};
pub use group::Group;
#[cfg(feature = "http")]
pub use http::HttpTransport;
pub use maybe_send::{BoxFuture, MaybeSend, MaybeSync};
pub use options::{RefreshHandler, RefreshOption, SentcOptions};
pub use panic_guard::{CatchUnwind, catch_panic, catch_panic_async};
pub use sentc::{LoginOutcome, MfaLogin, Sentc};
pub use store::{MemoryStore, Store};
pub use transport::{Body, HttpRequest, HttpResponse, Method, Transport};
pub use user::User;
