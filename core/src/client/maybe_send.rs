//! `Send` where threads exist: natively the client's futures are `Send`; in the browser
//! (wasm32) they hold JS values and are not. The feature `send-on-wasm` asks for `Send` on
//! wasm32 too, for a host whose values are all Rust's (Flutter on the web: flutter_rust_bridge
//! wants its objects `Send + Sync` everywhere).

use std::future::Future;
use std::pin::Pin;

/// `Send` natively, nothing on wasm32.
#[cfg(any(not(target_arch = "wasm32"), feature = "send-on-wasm"))]
pub trait MaybeSend: Send {}
#[cfg(any(not(target_arch = "wasm32"), feature = "send-on-wasm"))]
impl<T: Send + ?Sized> MaybeSend for T {}

/// `Send` natively, nothing on wasm32.
#[cfg(all(target_arch = "wasm32", not(feature = "send-on-wasm")))]
pub trait MaybeSend {}
#[cfg(all(target_arch = "wasm32", not(feature = "send-on-wasm")))]
impl<T: ?Sized> MaybeSend for T {}

/// `Sync` natively, nothing on wasm32.
#[cfg(any(not(target_arch = "wasm32"), feature = "send-on-wasm"))]
pub trait MaybeSync: Sync {}
#[cfg(any(not(target_arch = "wasm32"), feature = "send-on-wasm"))]
impl<T: Sync + ?Sized> MaybeSync for T {}

/// `Sync` natively, nothing on wasm32.
#[cfg(all(target_arch = "wasm32", not(feature = "send-on-wasm")))]
pub trait MaybeSync {}
#[cfg(all(target_arch = "wasm32", not(feature = "send-on-wasm")))]
impl<T: ?Sized> MaybeSync for T {}

/// A boxed future, `Send` natively.
#[cfg(any(not(target_arch = "wasm32"), feature = "send-on-wasm"))]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A boxed future, `Send` natively.
#[cfg(all(target_arch = "wasm32", not(feature = "send-on-wasm")))]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;
