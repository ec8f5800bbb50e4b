//! Helpers shared by the integration tests.
#![allow(dead_code)]

use sentc_core::{ErrorCode, Result};

/// The error code of a result that must be an error.
#[track_caller]
pub fn code<T>(result: Result<T>) -> ErrorCode {
    match result {
        Ok(_) => panic!("expected an error, got Ok"),
        Err(err) => err.code(),
    }
}
