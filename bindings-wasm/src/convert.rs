//! Protocol values to and from JS objects through JSON: the objects keep the wire's field
//! names (`group_id`, `member_type`, …), as in the server's documentation.

use sentc_core::ErrorCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::error::{JsResult, js_error};

/// A value as a plain JS object (or array).
pub fn to_object<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|_| js_error(ErrorCode::Internal, "value not serializable"))?;
    js_sys::JSON::parse(&text)
}

/// An optional argument (a paging cursor, say) as a value; absent, `undefined` and `null` are
/// `None`.
pub fn from_optional<T: DeserializeOwned>(value: Option<JsValue>) -> JsResult<Option<T>> {
    value.map_or(Ok(None), |value| from_object(&value))
}

/// A JS object as a value; `undefined` and `null` are `None`.
pub fn from_object<T: DeserializeOwned>(value: &JsValue) -> JsResult<Option<T>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = js_sys::JSON::stringify(value)?
        .as_string()
        .ok_or_else(|| js_error(ErrorCode::MalformedInput, "not a JSON value"))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|error| js_error(ErrorCode::MalformedInput, &error.to_string()))
}
