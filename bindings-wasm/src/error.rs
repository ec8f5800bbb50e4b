//! Core errors as thrown JS `Error`s: `name` "SentcError", `code` (the stable number),
//! `codeName`, `area`, `message`, and `keyId` when a key is named (e.g. "key required").

use sentc_core::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

/// The result of every binding function: errors are thrown JS values.
pub type JsResult<T> = Result<T, JsValue>;

/// Converts a core error into the thrown JS error.
pub fn to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.message());
    js.set_name("SentcError");
    let code = error.code();
    set(&js, "code", &code.code().into());
    set(&js, "codeName", &code.name().into());
    set(&js, "area", &code.area().name().into());
    if let Some(key_id) = error.key_id() {
        set(&js, "keyId", &key_id.to_hex().into());
    }
    js.into()
}

fn set(target: &js_sys::Error, name: &str, value: &JsValue) {
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(target, &name.into(), value);
}

/// `?` for core results inside binding functions.
pub trait IntoJs<T> {
    /// The core result as a binding result.
    fn js(self) -> JsResult<T>;
}

impl<T> IntoJs<T> for sentc_core::Result<T> {
    fn js(self) -> JsResult<T> {
        self.map_err(|error| to_js(&error))
    }
}

/// A thrown error of `code` with a detail.
pub fn js_error(code: ErrorCode, detail: &str) -> JsValue {
    to_js(&Error::with_detail(code, detail.to_string()))
}
