//! Registering a file (sans-IO): the body that registers a fresh content key and encrypted name,
//! and the check of the server's answer. The file's id is its content key's id.

use std::fmt;

use super::name::encrypt_file_name;
use crate::crypto::{KeyId, SymmetricKey, WrappedKey, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::envelope::parse_response;
use crate::protocol::file::{BelongsToType, FileRegisterRequest, FileRegisterResponse};

/// A file ready to register: the body for the server and what the client keeps.
#[derive(Clone)]
pub struct PreparedFile {
    /// The file's id (the content key's id).
    pub file_id: KeyId,
    /// The content key: it encrypts the chunks.
    pub key: SymmetricKey,
    /// The key that wraps the content key (a group generation or a user's public key).
    pub master_key_id: KeyId,
    /// The name, encrypted under the content key.
    pub encrypted_file_name: Option<String>,
    /// The JSON body of `POST /api/v1/file` or `POST /api/v1/group/{id}/file`.
    pub server_input: String,
}

impl fmt::Debug for PreparedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedFile")
            .field("file_id", &self.file_id)
            .field("master_key_id", &self.master_key_id)
            .finish_non_exhaustive()
    }
}

/// The registration of a file whose content key is `key`, wrapped as `wrapped` (which must
/// wrap that key), belonging to `belongs_to`, with an optional name.
pub fn prepare_register_file(
    key: SymmetricKey,
    wrapped: WrappedKey,
    belongs_to_type: BelongsToType,
    belongs_to: Option<String>,
    file_name: Option<&str>,
) -> Result<PreparedFile> {
    let file_id = key.id();
    if wrapped.key_id() != file_id {
        return Err(Error::for_key(ErrorCode::KeyIdMismatch, wrapped.key_id()));
    }
    let encrypted_file_name = file_name
        .map(|name| encrypt_file_name(&key, &file_id, name))
        .transpose()?;
    let master_key_id = wrapped.wrapping_key_id();
    let server_input = json_to_string(&FileRegisterRequest {
        wrapped_key: wrapped,
        belongs_to_type,
        belongs_to,
        encrypted_file_name: encrypted_file_name.clone(),
    })?;
    Ok(PreparedFile {
        file_id,
        key,
        master_key_id,
        encrypted_file_name,
        server_input,
    })
}

/// The server's answer to a registration: the upload session. A server that names another file
/// is refused.
pub fn done_register_file(server_output: &str, file_id: &KeyId) -> Result<FileRegisterResponse> {
    let response: FileRegisterResponse = parse_response(server_output)?;
    if response.file_id != *file_id {
        return Err(Error::for_key(ErrorCode::KeyIdMismatch, response.file_id));
    }
    Ok(response)
}
