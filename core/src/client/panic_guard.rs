//! Panics stopped at an FFI boundary: every binding runs its calls through these, so a panic is
//! `9002 Internal` and the host process lives.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::{Error, ErrorCode, Result};

/// The error of a caught panic.
fn panicked() -> Error {
    Error::with_detail(
        ErrorCode::Internal,
        "the SDK panicked; the call was abandoned",
    )
}

/// Runs a call, its panics caught.
pub fn catch_panic<T>(call: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|_| Err(panicked()))
}

/// Awaits a call, panics in any of its polls caught.
pub async fn catch_panic_async<T>(call: impl Future<Output = Result<T>>) -> Result<T> {
    CatchUnwind(Box::pin(call))
        .await
        .unwrap_or_else(|()| Err(panicked()))
}

/// A future whose polls run under `catch_unwind`: `Err(())` when one panicked.
pub struct CatchUnwind<F: ?Sized>(pub Pin<Box<F>>);

impl<F: Future + ?Sized> Future for CatchUnwind<F> {
    type Output = std::result::Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}
