//! sentc for Swift, Kotlin and Python over uniffi: `Sentc`, `User` and `Group` with sentc's
//! names, async where the core is async, one error type, and networking and storage the host
//! may supply. This crate only converts types and maps errors; everything else is the core's.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod error;
mod group;
mod host;
mod sentc;
mod user;

pub use error::SentcError;
pub use group::{Group, SearchableItem, SortableItem};
pub use host::{HostRequest, HostResponse, HostStore, HostTransport, HttpHeader, HttpMethod};
pub use sentc::{LoginResult, MfaStep, Sentc, SentcOptions};
pub use user::User;

uniffi::setup_scaffolding!();
