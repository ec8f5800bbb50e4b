//! sentc's "raw" encrypted items (`encryptRaw` / `decryptRaw`): the header kept apart from the
//! rest. The JS layer splits and joins; where the header ends is the core's to say.

use sentc_core::crypto::Header;
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult};

/// The length of the header at the front of an encrypted item.
#[wasm_bindgen(js_name = rawHeadLength)]
pub fn raw_head_length(item: &[u8]) -> JsResult<u32> {
    let (head, _) = Header::split(item).js()?;
    Ok(u32::try_from(head.len()).unwrap_or(u32::MAX))
}
