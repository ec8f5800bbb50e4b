//! The crypto benchmark of sentc, written once and measured twice: natively
//! (`sentc-native-bench`, `std::time::Instant`) and in the browser (this crate built with
//! wasm-pack, `performance.now()`), so the wasm/native ratios in BENCHMARKS.md compare the same
//! operations timed the same way. It mirrors `core/benches/crypto.rs`.
//!
//! Driver: `scripts/bench-wasm.sh`.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod measure;
mod workload;

#[cfg(target_arch = "wasm32")]
mod browser;

/// The npm package's allocator (bindings-wasm/src/lib.rs).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use measure::{Clock, Figure, measure_all};
pub use workload::{Operation, Workload};
