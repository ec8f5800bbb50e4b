//! Searchable hashes and sortable numbers for `Group` and `User` (the JS layer gives them
//! sentc's names: `createSearchRaw`, `search`, `encryptSortableNumber`, …). Each holder passes
//! its keys in, so the conversions here exist once.

use sentc_core::crypto::{MAX_SORTABLE_NUMBER, SearchKey, SortableKey};
use sentc_core::keys::{SearchableItem, SortableItem};
use sentc_core::{ErrorCode, Result};
use wasm_bindgen::prelude::*;

use crate::convert::to_object;
use crate::error::{IntoJs, JsResult, js_error};

/// `{ hashes, alg, key_id }` of `data` with the newest search key.
pub fn create(
    key: Result<SearchKey>,
    data: &str,
    full: bool,
    limit: Option<u32>,
) -> JsResult<JsValue> {
    let limit = limit.map(|limit| limit as usize);
    to_object(&SearchableItem::new(&key.js()?, data, full, limit).js()?)
}

/// The hash of the query `data` under each key.
pub fn query(keys: Result<Vec<SearchKey>>, data: &str) -> JsResult<Vec<String>> {
    keys.js()?.iter().map(|key| key.hash(data).js()).collect()
}

/// `{ number, alg, key_id }` of a JS number (an integer from 0 to 2^48 − 1) or string.
pub fn sortable(key: Result<SortableKey>, value: &JsValue) -> JsResult<JsValue> {
    let key = key.js()?;
    let item = if let Some(text) = value.as_string() {
        SortableItem::string(&key, &text)
    } else {
        SortableItem::number(&key, sortable_number(value)?)
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
