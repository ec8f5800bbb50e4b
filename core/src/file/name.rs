//! A file's name, encrypted under the file's content key and bound to the file's id, so a
//! server cannot show one file under another file's name.

use crate::crypto::{KeyId, SymmetricKey, base64_decode, base64_encode};
use crate::error::{Error, ErrorCode, Result};

/// The longest name (bytes of UTF-8).
pub const MAX_FILE_NAME_LEN: usize = 1024;

/// Binds a name to its file.
const CONTEXT: &[u8] = b"sentc-file-name-v1";

fn context(file_id: &KeyId) -> Vec<u8> {
    [CONTEXT, file_id.as_bytes()].concat()
}

/// The name of file `file_id` encrypted under its content key (base64).
pub fn encrypt_file_name(key: &SymmetricKey, file_id: &KeyId, name: &str) -> Result<String> {
    if name.is_empty() {
        return Err(Error::with_detail(ErrorCode::EmptyInput, "file name"));
    }
    if name.len() > MAX_FILE_NAME_LEN {
        return Err(Error::with_detail(ErrorCode::InputTooLarge, "file name"));
    }
    let item = key.encrypt_with_context(name.as_bytes(), &context(file_id), None)?;
    Ok(base64_encode(&item))
}

/// The name of file `file_id`; a name of another file (or changed) fails to decrypt (`3001`).
pub fn decrypt_file_name(key: &SymmetricKey, file_id: &KeyId, encrypted: &str) -> Result<String> {
    // The item adds its header, nonce and tag; 512 bytes bound them generously.
    let item = base64_decode(encrypted, MAX_FILE_NAME_LEN.saturating_add(512))?;
    let plain = key.decrypt_with_context(&item, &context(file_id), None)?;
    String::from_utf8(plain)
        .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "file name is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::{MAX_FILE_NAME_LEN, decrypt_file_name, encrypt_file_name};
    use crate::crypto::{KeyId, SymmetricKey};
    use crate::error::ErrorCode;

    #[test]
    fn names_open_only_for_their_file_and_key() {
        let key = SymmetricKey::generate().unwrap();
        let file_id = KeyId::random().unwrap();
        let encrypted = encrypt_file_name(&key, &file_id, "report 2026.pdf").unwrap();
        assert_eq!(
            decrypt_file_name(&key, &file_id, &encrypted).unwrap(),
            "report 2026.pdf"
        );
        let other_file = KeyId::random().unwrap();
        let code = |result: crate::Result<String>| result.unwrap_err().code();
        assert_eq!(
            code(decrypt_file_name(&key, &other_file, &encrypted)),
            ErrorCode::DecryptionFailed
        );
        let other_key = SymmetricKey::generate().unwrap();
        assert_eq!(
            code(decrypt_file_name(&other_key, &file_id, &encrypted)),
            ErrorCode::WrongKey
        );
        assert_eq!(
            code(encrypt_file_name(&key, &file_id, "")),
            ErrorCode::EmptyInput
        );
        let long = "n".repeat(MAX_FILE_NAME_LEN + 1);
        assert_eq!(
            code(encrypt_file_name(&key, &file_id, &long)),
            ErrorCode::InputTooLarge
        );
        let longest = "n".repeat(MAX_FILE_NAME_LEN);
        let sealed = encrypt_file_name(&key, &file_id, &longest).unwrap();
        assert_eq!(decrypt_file_name(&key, &file_id, &sealed).unwrap(), longest);
    }
}
