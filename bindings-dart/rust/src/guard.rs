//! Every call Dart makes runs here: its panics caught (a panic never crosses into Dart: it is
//! `9002 Internal`), its core error turned into [`SentcError`].

use std::future::Future;

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

    use sentc_core::ErrorCode;

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
