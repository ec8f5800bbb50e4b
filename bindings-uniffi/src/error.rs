//! The one error of every language: sentc's stable `code` (docs/errors.md), its `code_name`, its
//! `area`, the `key_id` it is about, and a message. Kotlin sees `SentcException.Failed`, Swift
//! `SentcError.failed`, Python `SentcError.Failed`; all carry the same fields.
//!
//! A Rust panic never crosses the boundary: [`guard`] and [`guard_async`] turn it into
//! `9002 Internal`, and the process lives.

use std::future::Future;

use sentc_core::ErrorCode;

/// A sentc error.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
pub enum SentcError {
    /// Every error has this shape (the one variant: catch `SentcError` / `SentcException`).
    Failed {
        /// The stable code, e.g. 2002.
        code: u32,
        /// The code's name, e.g. "KeyRequired".
        code_name: String,
        /// "input", "key", "crypto", "app", "user", "group", "file", "otp", "server", "client".
        area: String,
        /// The key the error is about (e.g. the missing key of "KeyRequired").
        key_id: Option<String>,
        /// What happened, for people (never a secret). Not `message`: Kotlin exceptions have one.
        detail: String,
    },
}

impl std::fmt::Display for SentcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self::Failed {
            code,
            code_name,
            detail,
            ..
        } = self;
        write!(f, "{code} {code_name}: {detail}")
    }
}

impl std::error::Error for SentcError {}

impl From<sentc_core::Error> for SentcError {
    fn from(error: sentc_core::Error) -> Self {
        let code = error.code();
        Self::Failed {
            code: code.code(),
            code_name: code.name().to_string(),
            area: error.area().name().to_string(),
            key_id: error.key_id().map(|id| id.to_string()),
            detail: error.message(),
        }
    }
}

/// An exception the host's transport or store threw (or a result it could not hand over)
/// becomes `10001 TransportFailed`: the request did not get an answer.
impl From<uniffi::UnexpectedUniFFICallbackError> for SentcError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        sentc_core::Error::with_detail(ErrorCode::TransportFailed, error.reason).into()
    }
}

/// Runs a call, its panics caught (`9002 Internal`, the core's `catch_panic`).
pub(crate) fn guard<T>(call: impl FnOnce() -> sentc_core::Result<T>) -> Result<T, SentcError> {
    sentc_core::client::catch_panic(call).map_err(SentcError::from)
}

/// Awaits a call, panics in any of its polls caught.
pub(crate) async fn guard_async<T>(
    call: impl Future<Output = sentc_core::Result<T>>,
) -> Result<T, SentcError> {
    sentc_core::client::catch_panic_async(call)
        .await
        .map_err(SentcError::from)
}

#[cfg(test)]
mod tests {
    use std::task::{Context, Poll};

    use super::*;

    #[test]
    fn core_errors_keep_their_code_name_area_and_key() {
        let key = sentc_core::crypto::KeyId::from_bytes([7; 16]);
        let error = SentcError::from(sentc_core::Error::for_key(ErrorCode::KeyRequired, key));
        let SentcError::Failed {
            code,
            code_name,
            area,
            key_id,
            ..
        } = error;
        assert_eq!(
            (code, code_name.as_str(), area.as_str()),
            (2002, "KeyRequired", "key")
        );
        assert_eq!(key_id, Some(key.to_string()));
    }

    #[test]
    fn panics_become_internal_errors() {
        let error = guard::<()>(|| panic!("boom")).unwrap_err();
        assert!(matches!(error, SentcError::Failed { code: 9002, .. }));
        let error = pollster_block_on(guard_async::<()>(async { panic!("boom") })).unwrap_err();
        assert!(matches!(error, SentcError::Failed { code: 9002, .. }));
    }

    /// Polls a future that never waits.
    fn pollster_block_on<F: Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut context = Context::from_waker(waker);
        let mut future = Box::pin(future);
        loop {
            if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
                return value;
            }
        }
    }
}
