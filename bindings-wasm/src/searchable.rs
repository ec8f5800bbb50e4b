//! Searchable hashes and sortable numbers for `Group` and `User` (the JS layer gives them
//! sentc's names: `createSearchRaw`, `search`, `encryptSortableNumber`, …): the core's
//! `SearchableKeys` methods with the JS conversions, once for both holders.

use sentc_core::ErrorCode;
use sentc_core::crypto::MAX_SORTABLE_NUMBER;
use sentc_core::keys::SearchableKeys;
use wasm_bindgen::prelude::*;

use crate::convert::to_object;
use crate::error::{IntoJs, JsResult, js_error};

/// `{ hashes, alg, key_id }` of `data` with the newest search key.
pub fn create(
    holder: &impl SearchableKeys,
    data: &str,
    full: bool,
    limit: Option<u32>,
) -> JsResult<JsValue> {
    let limit = limit.map(|limit| limit as usize);
    to_object(&holder.create_search(data, full, limit).js()?)
}

/// The hash of the query `data`: under the newest key, or under every key (newest first).
pub fn query(holder: &impl SearchableKeys, data: &str, every_key: bool) -> JsResult<Vec<String>> {
    if every_key {
        holder.search_all(data).js()
    } else {
        holder.search(data).map(|hash| vec![hash]).js()
    }
}

/// `{ number, alg, key_id }` of a JS number (an integer from 0 to 2^48 − 1) or string.
pub fn sortable(holder: &impl SearchableKeys, value: &JsValue) -> JsResult<JsValue> {
    let item = if let Some(text) = value.as_string() {
        holder.encrypt_sortable_string(&text)
    } else {
        holder.encrypt_sortable_number(sortable_number(value)?)
    };
    to_object(&item.js()?)
}
fn sortable_number(value: &JsValue) -> JsResult<u64> {
    let number = value
        .as_f64()
        .ok_or_else(|| js_error(ErrorCode::MalformedInput, "a number or a string"))?;
    if number.fract() != 0.0 || !(0.0..=MAX_SORTABLE_NUMBER as f64).contains(&number) {
        return Err(js_error(
            ErrorCode::OutOfDomain,
            "sortable numbers are integers from 0 to 2^48 - 1",
        ));
    }
    Ok(number as u64)
}
