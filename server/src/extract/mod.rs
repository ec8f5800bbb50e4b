//! Request extractors: JSON bodies with typed errors, the calling app, the user's session.

mod app;
mod json;
mod session;

pub use app::{RequestApp, endpoint};
pub use json::{ApiJson, ApiOk, ApiQuery};
pub use session::Session;
