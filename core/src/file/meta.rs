//! A file's metadata and part list as a client checks them (sans-IO): the file must be the one
//! asked for, its content key must carry the file's id, and parts must come in order without
//! gaps. What the part list cannot prove (that no part is missing at the end) the chunks prove:
//! the last chunk carries the final flag.

use serde::Deserialize;

use crate::crypto::{KeyId, WrappedKey};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::envelope::parse_response;
use crate::protocol::file::{FileMetaResponse, FilePartListItem, FilePartResponse};
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

/// What the checks read of a part: its place.
#[derive(Deserialize)]
struct PartView {
    sequence: i64,
}

/// What the checks read of a file's metadata (the rest is the app's to show).
#[derive(Deserialize)]
struct MetaView {
    file_id: KeyId,
    master_key_id: KeyId,
    wrapped_key: WrappedKey,
    part_list: Vec<PartView>,
}

/// Checks that a page of parts continues the list after `last_sequence`.
fn check_sequences(sequences: impl Iterator<Item = i64>, last_sequence: i64) -> Result<()> {
    let mut expected = last_sequence;
    for sequence in sequences {
        expected = expected.saturating_add(1);
        if sequence != expected {
            return Err(Error::with_detail(
                ErrorCode::FileChunkOutOfOrder,
                "the part list is not in order",
            ));
        }
    }
    Ok(())
}

/// Checks the metadata of file `file_id` as the server answered it: the file asked for, its
/// content key carrying the file's id and wrapped by the master key named, its parts in order.
/// For hosts that keep the answer as they got it (the browser); [`done_file_meta`] also parses.
pub fn check_file_meta(server_output: &str, file_id: &KeyId) -> Result<()> {
    let meta: MetaView = parse_response(server_output)?;
    if meta.file_id != *file_id || meta.wrapped_key.key_id() != *file_id {
        return Err(Error::for_key(ErrorCode::KeyIdMismatch, *file_id));
    }
    if meta.master_key_id != meta.wrapped_key.wrapping_key_id() {
        return Err(inconsistent("the master key id is not the wrapping key's"));
    }
    check_sequences(meta.part_list.iter().map(|part| part.sequence), -1)
}

/// The metadata of file `file_id` as the server answered it, checked ([`check_file_meta`]).
pub fn done_file_meta(server_output: &str, file_id: &KeyId) -> Result<FileMetaResponse> {
    check_file_meta(server_output, file_id)?;
    parse_response(server_output)
}

/// Checks a page of the part list after `last_sequence`.
pub fn check_part_page(server_output: &str, last_sequence: i64) -> Result<()> {
    let parts: Vec<PartView> = parse_response(server_output)?;
    check_sequences(parts.iter().map(|part| part.sequence), last_sequence)
}

/// A page of the part list after `last_sequence`, checked.
pub fn done_part_list(server_output: &str, last_sequence: i64) -> Result<Vec<FilePartListItem>> {
    check_part_page(server_output, last_sequence)?;
    parse_response(server_output)
}

/// Checks the server's answer to a part upload: it stored the part sent, with the end flag
/// sent.
pub fn done_upload_part(server_output: &str, sequence: i64, end: bool) -> Result<()> {
    let stored: FilePartResponse = parse_response(server_output)?;
    if stored.sequence != sequence || stored.end != end {
        return Err(inconsistent("the server stored another part"));
    }
    Ok(())
}
