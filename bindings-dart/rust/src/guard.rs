//! Every call Dart makes runs here: its panics caught (a panic never crosses into Dart: it is
//! `9002 Internal`), its core error turned into [`SentcError`].

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use sentc_core::ErrorCode;

use crate::api::error::SentcError;

impl From<sentc_core::Error> for SentcError {
    fn from(error: sentc_core::Error) -> Self {
        let code = error.code();
        Self {
            code: code.code(),
            code_name: code.name().to_string(),
            area: error.area().name().to_string(),
            key_id: error.key_id().map(|id| id.to_string()),
            detail: error.message(),
        }
    }
}

/// The error of a caught panic.
fn panicked() -> SentcError {
    sentc_core::Error::with_detail(
        ErrorCode::Internal,
        "the SDK panicked; the call was abandoned",
    )
    .into()
}

/// Runs a call, its panics caught.
pub(crate) fn guard<T>(call: impl FnOnce() -> sentc_core::Result<T>) -> Result<T, SentcError> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(result) => result.map_err(SentcError::from),
        Err(_) => Err(panicked()),
    }
}

/// Awaits a call, panics in any of its polls caught.
pub(crate) async fn guard_async<T>(
    call: impl Future<Output = sentc_core::Result<T>>,
) -> Result<T, SentcError> {
    match CatchUnwind(Box::pin(call)).await {
        Ok(result) => result.map_err(SentcError::from),
        Err(()) => Err(panicked()),
    }
}

/// A future whose polls run under `catch_unwind`: `Err(())` when one panicked.
pub(crate) struct CatchUnwind<F: ?Sized>(pub(crate) Pin<Box<F>>);

impl<F: Future + ?Sized> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_code_name_area_and_key() {
        let key = sentc_core::crypto::KeyId::from_bytes([7; 16]);
        let error = SentcError::from(sentc_core::Error::for_key(ErrorCode::KeyRequired, key));
        assert_eq!(
            (error.code, error.code_name.as_str(), error.area.as_str()),
            (2002, "KeyRequired", "key")
        );
        assert_eq!(error.key_id, Some(key.to_string()));
    }

    #[test]
    fn panics_become_internal_errors() {
        let error = guard::<()>(|| panic!("boom")).unwrap_err();
        assert_eq!(error.code, 9002);
        let waker = std::task::Waker::noop();
        let mut context = Context::from_waker(waker);
        let mut future = Box::pin(guard_async::<()>(async { panic!("boom") }));
        let Poll::Ready(Err(error)) = future.as_mut().poll(&mut context) else {
            panic!("the future did not fail at once");
        };
        assert_eq!(error.code, 9002);
    }
}
