//! Dart functions the SDK calls (the transport's `send`, the store's `get`/`set`/`delete`, a
//! file's progress), as flutter_rust_bridge hands them over: functions returning a future.

use std::sync::Arc;

use flutter_rust_bridge::DartFnFuture;
use sentc_core::{Error, ErrorCode};

use sentc_core::client::CatchUnwind;

/// A Dart function of one argument.
pub(crate) type DartFn<A, R> = Arc<dyn Fn(A) -> DartFnFuture<R> + Send + Sync>;

/// A Dart function of two arguments.
pub(crate) type DartFn2<A, B, R> = Arc<dyn Fn(A, B) -> DartFnFuture<R> + Send + Sync>;

/// Awaits a Dart function's answer. When the Dart function threw, flutter_rust_bridge panics
/// on this side of the bridge (its callbacks cannot fail); that becomes `code` (the host's
/// failure), not `9002 Internal`.
pub(crate) async fn answer<R>(future: DartFnFuture<R>, code: ErrorCode) -> sentc_core::Result<R> {
    CatchUnwind(future)
        .await
        .map_err(|()| Error::with_detail(code, "the Dart function threw"))
}
