//! The browser binding of sentc: wasm-bindgen classes (`Sentc`, `User`, `Group`, `SymKey`,
//! `MfaLogin`) over the core client. Everything here adapts: JS values in and out, the host's
//! `fetch` and storage, JS errors with the core's stable codes. Protocol and crypto live in
//! `sentc-core`.
//!
//! Async methods borrow `self` for the length of the returned promise; calling `free()` on an
//! object while one of its promises is pending makes that promise reject.
//!
//! The crate is empty on other targets (its futures hold JS values, which are not `Send`).
#![cfg(target_arch = "wasm32")]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod convert;
mod error;
mod file_chunks;
mod files;
mod group;
mod host;
mod options;
mod panic_hook;
mod promise;
mod raw_item;
mod searchable;
mod sentc;
mod sym_key;
mod typescript;
mod user;

pub use file_chunks::{FileDecryptor, FileEncryptor};
pub use group::Group;
pub use sentc::{MfaLogin, RefreshEndpoint, Sentc};
pub use sym_key::SymKey;
pub use user::User;

use wasm_bindgen::prelude::*;

/// Talc rather than the default dlmalloc: a smaller `.wasm` (the browser build has no threads,
/// so the unsynchronised allocator is sound).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
fn start() {
    panic_hook::install();
}
