//! Request extractors: JSON and byte bodies with typed errors, the calling app, the user's session, the
//! client's address.

mod app;
mod bytes;
mod client_addr;
mod json;
mod path;
mod session;

pub use app::{RequestApp, endpoint};
pub use bytes::ApiBytes;
pub use client_addr::{ClientAddr, IpRange};
pub use json::{ApiJson, ApiOk, ApiQuery};
pub use path::ApiPath;
pub use session::Session;
