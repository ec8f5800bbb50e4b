//! sentc for Flutter and Dart over flutter_rust_bridge: [`api`] is the whole surface Dart sees
//! (`SentcClient`, `User`, `Group`, `SymKey`, `Backend`, the transport and the store), each a
//! thin adapter over the core client with sentc's names. This crate converts types and maps
//! errors; everything else is the core's. Networking and storage come from Dart (or, with the
//! `native-http` feature, the core's HTTP client).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod api;
mod callback;
mod convert;
// The codegen's output (scripts/dart-codegen.sh); it follows its own conventions.
#[allow(
    clippy::all,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    unused_qualifications
)]
mod frb_generated;
mod guard;
mod host;
mod progress;
mod transfer;
