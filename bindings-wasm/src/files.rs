//! Files in the browser, sans-IO: the package's JS layer sends the requests itself (it reads a
//! `Blob` slice by slice, streams downloads, reports progress and cancels), and every body and
//! check comes from here: the registration body, the checks of the server's answers (the file
//! asked for, its key's id, parts in order), and the chunks (`SymKey.fileEncryptor`,
//! `SymKey.fileDecryptor`). Sending the requests from JS keeps the core's async file client out
//! of the `.wasm` (BENCHMARKS.md: it cost twice as much).

use sentc_core::ErrorCode;
use sentc_core::file::{
    check_file_meta, check_part_page, decrypt_file_name, done_register_file, done_upload_part,
    prepare_file_name_update, prepare_register_file,
};
use sentc_core::protocol::envelope::response_result;
use sentc_core::protocol::file::BelongsToType;
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult, js_error};
use crate::sym_key::{SymKey, key_id, wrapped_key};

/// The registration of a file whose content key `key` is wrapped as `wrapped` (base64), for
/// `belongsToType` ("group", "user" or "none") `belongsTo`, with an optional name:
/// `[serverInput, fileId, masterKeyId, encryptedFileName]`.
#[wasm_bindgen(js_name = prepareRegisterFile)]
pub fn prepare_register(
    key: &SymKey,
    wrapped: &str,
    belongs_to_type: &str,
    belongs_to: Option<String>,
    file_name: Option<String>,
) -> JsResult<js_sys::Array> {
    let kind = match belongs_to_type {
        "group" => BelongsToType::Group,
        "user" => BelongsToType::User,
        "none" => BelongsToType::None,
        _ => return Err(js_error(ErrorCode::MalformedInput, "belongs to type")),
    };
    let prepared = prepare_register_file(
        key.key().clone(),
        wrapped_key(wrapped)?,
        kind,
        belongs_to,
        file_name.as_deref(),
    )
    .js()?;
    let name = prepared
        .encrypted_file_name
        .map_or(JsValue::UNDEFINED, JsValue::from);
    Ok(js_sys::Array::of4(
        &prepared.server_input.into(),
        &prepared.file_id.to_hex().into(),
        &prepared.master_key_id.to_hex().into(),
        &name,
    ))
}

/// sentc's `doneFileRegister`: `[fileId, sessionId]`; with `fileId`, an answer naming another
/// file is refused.
#[wasm_bindgen(js_name = doneFileRegister)]
pub fn done_register(server_output: &str, file_id: Option<String>) -> JsResult<js_sys::Array> {
    let response = match file_id {
        Some(id) => done_register_file(server_output, &key_id(&id)?),
        None => sentc_core::protocol::parse_response(server_output),
    }
    .js()?;
    Ok(js_sys::Array::of2(
        &response.file_id.to_hex().into(),
        &response.session_id.into(),
    ))
}

/// The metadata of file `fileId` (JSON text of the result), checked: the file asked for, its
/// content key carrying its id, its parts in order.
#[wasm_bindgen(js_name = doneFileMeta)]
pub fn done_meta(server_output: &str, file_id: &str) -> JsResult<String> {
    check_file_meta(server_output, &key_id(file_id)?).js()?;
    result_text(server_output)
}

/// A page of the part list after `lastSequence` (JSON text), checked to continue it.
#[wasm_bindgen(js_name = donePartList)]
pub fn done_parts(server_output: &str, last_sequence: i32) -> JsResult<String> {
    check_part_page(server_output, i64::from(last_sequence)).js()?;
    result_text(server_output)
}

/// Checks the answer to a part upload: the part sent was stored.
#[wasm_bindgen(js_name = doneUploadPart)]
pub fn done_upload(server_output: &str, part: u32, end: bool) -> JsResult<()> {
    done_upload_part(server_output, i64::from(part), end).js()
}

/// The result of a server answer (JSON text), or its error.
#[wasm_bindgen(js_name = serverResult)]
pub fn result_text(server_output: &str) -> JsResult<String> {
    response_result(server_output).map(str::to_owned).js()
}

#[wasm_bindgen]
impl SymKey {
    /// The name of file `fileId` encrypted under this content key (base64).
    #[wasm_bindgen(js_name = decryptFileName)]
    pub fn decrypt_file_name(&self, file_id: &str, encrypted: &str) -> JsResult<String> {
        decrypt_file_name(self.key(), &key_id(file_id)?, encrypted).js()
    }

    /// The body of a rename of file `fileId` (no name: removes it).
    #[wasm_bindgen(js_name = fileNameBody)]
    pub fn file_name_body(&self, file_id: &str, file_name: Option<String>) -> JsResult<String> {
        prepare_file_name_update(self.key(), &key_id(file_id)?, file_name.as_deref()).js()
    }
}
