//! The wire protocol: the response envelope, request and response bodies, and JWT claims.
//! Client and server share these types, so they cannot drift.

pub mod envelope;
pub mod file;
pub mod group;
pub mod jwt;
pub mod paths;
pub mod secret_text;
pub mod user;

pub use envelope::{error_body, ok_body, parse_response};
pub use secret_text::SecretText;
