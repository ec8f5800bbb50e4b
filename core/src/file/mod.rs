//! Files: a content key and chunks ([`crate::crypto::FileEncryptor`]), an encrypted name, and
//! the sans-IO steps of registering, uploading, reading, renaming and deleting a file (for apps
//! with their own backend or storage; the client in [`crate::client`] runs them over HTTP).

mod meta;
mod name;
mod register;

pub use meta::{
    check_file_meta, check_part_page, done_file_meta, done_part_list, done_upload_part, file_path,
    part_fetch_path, part_path, upload_part_path,
};
pub use name::{MAX_FILE_NAME_LEN, decrypt_file_name, encrypt_file_name};
pub use register::{PreparedFile, done_register_file, prepare_register_file};

use crate::crypto::{KeyId, SymmetricKey, json_to_string};
use crate::error::Result;
use crate::protocol::file::FileNameRequest;

/// The body of a rename (`PUT /api/v1/file/{id}`): the name encrypted under the content key, or
/// no name.
pub fn prepare_file_name_update(
    key: &SymmetricKey,
    file_id: &KeyId,
    file_name: Option<&str>,
) -> Result<String> {
    let encrypted_file_name = file_name
        .map(|name| encrypt_file_name(key, file_id, name))
        .transpose()?;
    json_to_string(&FileNameRequest {
        encrypted_file_name,
    })
}
