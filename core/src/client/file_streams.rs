//! Files from and to the host's streams (a local file, an `InputStream`, a socket): an upload
//! reads one chunk ahead so the last part is flagged, a download writes each chunk as it is
//! opened; both report progress after every part, and the progress callback may cancel
//! (`10007 Cancelled`: what was sent stays, an upload resumes from `next_sequence`). Memory stays
//! at two chunks whatever the file's size. Every binding's "file from a path or a stream" is
//! these two loops.

use std::io::{Read, Write};

use super::files::{FileDownload, FileUpload};
use super::store::Store;
use super::transport::Transport;
use crate::crypto::MAX_CHUNK_SIZE;
use crate::error::{Error, ErrorCode, Result};

/// What a transfer reports after each part: the bytes done so far; `false` cancels.
pub trait TransferProgress {
    /// Called after each part with the bytes sent or written so far.
    fn progress(&mut self, done: u64) -> bool;
}

impl<F: FnMut(u64) -> bool> TransferProgress for F {
    fn progress(&mut self, done: u64) -> bool {
        self(done)
    }
}

fn io_failed(error: &std::io::Error) -> Error {
    Error::with_detail(ErrorCode::LocalIoFailed, error.kind().to_string())
}

/// Opens the local file at `path` for an upload: the file and its name (the last part of the
/// path). `10008 LocalIoFailed` when it cannot be opened.
pub fn open_local_file(path: &str) -> Result<(std::fs::File, Option<String>)> {
    let file = std::fs::File::open(path).map_err(|error| io_failed(&error))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    Ok((file, name))
}

/// Creates (or truncates) the local file at `path` for a download. `10008 LocalIoFailed` when
/// it cannot be created.
pub fn create_local_file(path: &str) -> Result<std::fs::File> {
    std::fs::File::create(path).map_err(|error| io_failed(&error))
}

/// Reads up to `size` bytes (fewer only at the end of the stream).
fn read_chunk(reader: &mut impl Read, size: usize) -> Result<Vec<u8>> {
    let mut chunk = Vec::with_capacity(size);
    let limit = u64::try_from(size).unwrap_or(u64::MAX);
    reader
        .take(limit)
        .read_to_end(&mut chunk)
        .map_err(|error| io_failed(&error))?;
    Ok(chunk)
}

/// `1001` unless `0 < chunk_size <= MAX_CHUNK_SIZE`.
pub(super) fn check_chunk_size(chunk_size: usize) -> Result<()> {
    if chunk_size == 0 || chunk_size > MAX_CHUNK_SIZE {
        return Err(Error::with_detail(ErrorCode::MalformedInput, "chunk size"));
    }
    Ok(())
}

impl<T: Transport, S: Store> FileUpload<T, S> {
    /// Encrypts and uploads everything `reader` yields, in chunks of `chunk_size` (the last
    /// flagged; an empty stream is one empty chunk). Returns the bytes uploaded.
    pub async fn upload_from(
        &mut self,
        reader: &mut impl Read,
        chunk_size: usize,
        progress: &mut impl TransferProgress,
    ) -> Result<u64> {
        check_chunk_size(chunk_size)?;
        let mut done = 0u64;
        let mut current = read_chunk(reader, chunk_size)?;
        loop {
            let next = if current.len() < chunk_size {
                Vec::new()
            } else {
                read_chunk(reader, chunk_size)?
            };
            let last = next.is_empty();
            self.upload_chunk(&current, last).await?;
            done = done.saturating_add(current.len() as u64);
            if !progress.progress(done) && !last {
                return Err(ErrorCode::Cancelled.into());
            }
            if last {
                return Ok(done);
            }
            current = next;
        }
    }
}

impl<T: Transport, S: Store> FileDownload<T, S> {
    /// Downloads, decrypts and writes the whole file to `writer`, chunk by chunk. Returns the
    /// bytes written. A part that fails to check stops the download with its error; what was
    /// written before it is authentic but incomplete. `progress` returning `false` stops before
    /// the next part.
    pub async fn write_to(
        &mut self,
        writer: &mut impl Write,
        progress: &mut impl TransferProgress,
    ) -> Result<u64> {
        let mut done = 0u64;
        while let Some(chunk) = self.next_chunk().await? {
            writer
                .write_all(&chunk)
                .map_err(|error| io_failed(&error))?;
            done = done.saturating_add(chunk.len() as u64);
            if !progress.progress(done) {
                return Err(ErrorCode::Cancelled.into());
            }
        }
        writer.flush().map_err(|error| io_failed(&error))?;
        Ok(done)
    }
}
