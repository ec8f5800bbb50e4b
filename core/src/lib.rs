//! # sentc-core
//!
//! The one core of sentc: the crypto suite, key types and wire formats, and (in later modules)
//! the sans-IO protocol functions and the async client that every binding adapts.
//!
//! Library code never panics on input: `unwrap`, `expect`, `panic!`, unchecked indexing and
//! unchecked arithmetic (numbers a server sends included) are denied by lint outside tests, and
//! every failure is an [`Error`] with a stable [`ErrorCode`].

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::arithmetic_side_effects
    )
)]
#![deny(missing_docs, unsafe_code)]

pub mod client;
pub mod crypto;
pub mod error;
pub mod file;
pub mod group;
pub mod keys;
pub mod protocol;
pub mod user;

pub use error::{Error, ErrorArea, ErrorCode, Result};

/// The README's code runs as a doctest, so it cannot drift from the API.
#[doc = include_str!("../../README.md")]
#[cfg(all(doctest, feature = "http"))]
pub struct ReadmeDoctests;
