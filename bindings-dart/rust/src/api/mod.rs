//! The surface Dart sees, generated into `lib/src/rust/` by flutter_rust_bridge: every public
//! item here becomes Dart (snake_case names in camelCase). sentc's names and argument order
//! throughout; what is ours has its own name.

pub mod backend;
pub mod client;
pub mod error;
pub mod files;
pub mod group;
pub mod host;
pub mod records;
mod shared;
pub mod sym_key;
#[cfg(feature = "test-exports")]
pub mod test_exports;
pub mod user;
