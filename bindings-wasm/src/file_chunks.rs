//! File chunks in the browser: a writer and a reader over a `SymKey` handle, one chunk per call,
//! so the package's JS layer can read a `Blob` slice by slice and never hold a whole file. The
//! index crosses as a number (4 MiB chunks reach 2^32 at 16 PiB).

use sentc_core::crypto;
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult};
use crate::sym_key::{SymKey, key_id};

/// Encrypts a file chunk by chunk (see docs/crypto.md, "File chunks").
#[wasm_bindgen]
pub struct FileEncryptor {
    inner: crypto::FileEncryptor,
}

#[wasm_bindgen]
impl FileEncryptor {
    /// Encrypts the next chunk (at most 16 MiB); `last` ends the file.
    #[wasm_bindgen(js_name = sealChunk)]
    pub fn seal_chunk(&mut self, data: &[u8], last: bool) -> JsResult<Vec<u8>> {
        self.inner.seal_chunk(data, last).js()
    }
}

/// Decrypts a file's chunks in order.
#[wasm_bindgen]
pub struct FileDecryptor {
    inner: crypto::FileDecryptor,
}

#[wasm_bindgen]
impl FileDecryptor {
    /// Checks and decrypts the next chunk: 7001 another file's, 7002 out of order, 7004 after
    /// the last, 3001 changed.
    #[wasm_bindgen(js_name = openChunk)]
    pub fn open_chunk(&mut self, chunk: Vec<u8>) -> JsResult<Vec<u8>> {
        self.inner.open_chunk(chunk).js()
    }

    /// Ends the reading: 7003 FileTruncated unless the last chunk was read.
    pub fn finish(&self) -> JsResult<()> {
        self.inner.finish().js()
    }
}

#[wasm_bindgen]
impl SymKey {
    /// A writer of the file `file_id` under this key, from chunk `next_index` (default 0).
    #[wasm_bindgen(js_name = fileEncryptor)]
    pub fn file_encryptor(
        &self,
        file_id: &str,
        next_index: Option<u32>,
    ) -> JsResult<FileEncryptor> {
        let inner = crypto::FileEncryptor::resume(
            self.key().clone(),
            key_id(file_id)?,
            u64::from(next_index.unwrap_or(0)),
        );
        Ok(FileEncryptor { inner })
    }

    /// A reader of the file `file_id` under this key, from chunk `next_index` (default 0).
    #[wasm_bindgen(js_name = fileDecryptor)]
    pub fn file_decryptor(
        &self,
        file_id: &str,
        next_index: Option<u32>,
    ) -> JsResult<FileDecryptor> {
        let inner = crypto::FileDecryptor::resume(
            self.key().clone(),
            key_id(file_id)?,
            u64::from(next_index.unwrap_or(0)),
        );
        Ok(FileDecryptor { inner })
    }
}
