//! A file's metadata and part list as a client checks them (sans-IO): the file must be the one
//! asked for, its content key must carry the file's id, and parts must come in order without
//! gaps. What the part list cannot prove (that no part is missing at the end) the chunks prove:
//! the last chunk carries the final flag.

use crate::crypto::KeyId;
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::envelope::parse_response;
use crate::protocol::file::{FileMetaResponse, FilePartListItem};
use crate::protocol::paths;

/// The path of a file's metadata (`GET`), rename (`PUT`) and delete (`DELETE`).
pub fn file_path(file_id: &KeyId) -> String {
    paths::fill(paths::FILE_OF, &[&file_id.to_hex()])
}

/// The path of the parts after `last_sequence`.
pub fn part_fetch_path(file_id: &KeyId, last_sequence: i64) -> String {
    paths::fill(
        paths::FILE_PART_FETCH,
        &[&file_id.to_hex(), &last_sequence.to_string()],
    )
}

/// The path of one part's bytes.
pub fn part_path(file_id: &KeyId, sequence: i64) -> String {
    paths::fill(
        paths::FILE_PART,
        &[&file_id.to_hex(), &sequence.to_string()],
    )
}

/// The path a part is uploaded to.
pub fn upload_part_path(session_id: &str, sequence: i64, end: bool) -> String {
    paths::fill(
        paths::FILE_PART_UPLOAD,
        &[
            session_id,
            &sequence.to_string(),
            if end { "true" } else { "false" },
        ],
    )
}

fn inconsistent(detail: &'static str) -> Error {
    Error::with_detail(ErrorCode::InvalidServerResponse, detail)
}

/// Checks that a page of parts continues the list after `last_sequence`.
pub fn check_part_list(parts: &[FilePartListItem], last_sequence: i64) -> Result<()> {
    let mut expected = last_sequence;
    for part in parts {
        expected = expected.saturating_add(1);
        if part.sequence != expected {
            return Err(Error::with_detail(
                ErrorCode::FileChunkOutOfOrder,
                "the part list is not in order",
            ));
        }
    }
    Ok(())
}

/// The metadata of file `file_id` as the server answered it, checked.
pub fn done_file_meta(server_output: &str, file_id: &KeyId) -> Result<FileMetaResponse> {
    let meta: FileMetaResponse = parse_response(server_output)?;
    if meta.file_id != *file_id || meta.wrapped_key.key_id() != *file_id {
        return Err(Error::for_key(ErrorCode::KeyIdMismatch, *file_id));
    }
    if meta.master_key_id != meta.wrapped_key.wrapping_key_id() {
        return Err(inconsistent("the master key id is not the wrapping key's"));
    }
    check_part_list(&meta.part_list, -1)?;
    Ok(meta)
}

/// A page of the part list after `last_sequence`, checked.
pub fn done_part_list(server_output: &str, last_sequence: i64) -> Result<Vec<FilePartListItem>> {
    let parts: Vec<FilePartListItem> = parse_response(server_output)?;
    check_part_list(&parts, last_sequence)?;
    Ok(parts)
}
