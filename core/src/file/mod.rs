//! Files: a content key and chunks ([`crate::crypto::FileEncryptor`]), and what a file carries
//! besides: its encrypted name. Registration, parts and metadata follow (issue 12).

mod name;

pub use name::{MAX_FILE_NAME_LEN, decrypt_file_name, encrypt_file_name};
