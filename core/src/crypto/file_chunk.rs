//! File chunks: a file is encrypted as a sequence of chunks under one content key, each bound
//! to its file, its place and whether it is the last, so a server cannot drop, reorder,
//! duplicate or swap chunks without the reader noticing (a STREAM-like construction: Hoang,
//! Reyhanitabar, Rogaway, Vizár, "Online Authenticated-Encryption and its Nonce-Reuse
//! Misuse-Resistance", CRYPTO 2015).
//!
//! A chunk is `version (1) || flags (1) || index (8, big-endian) || file id (16) || nonce (24)
//! || ciphertext || tag (16)`. The first 26 bytes are in clear, so a reader can say what is
//! wrong (another file, out of order, after the end), and they are the AEAD's associated data,
//! so changing them fails authentication. Each chunk has a random XChaCha20 nonce: a part sent
//! again after a failure may hold other bytes without reusing a nonce.
//!
//! Readers and writers hold one chunk at a time, so memory stays bounded by the chunk size
//! whatever the file's size.

use super::encoding::Reader;
use super::key_id::KeyId;
use super::random;
use super::symmetric::SymmetricKey;
use crate::error::{Error, ErrorCode, Result};

/// The chunk format's version.
pub const FILE_CHUNK_VERSION: u8 = 1;

/// The default size of a chunk's plaintext (4 MiB, as sentc).
pub const DEFAULT_CHUNK_SIZE: usize = 4 * 1024 * 1024;

/// The largest plaintext a chunk may hold (16 MiB): a reader refuses larger chunks before it
/// allocates for them.
pub const MAX_CHUNK_SIZE: usize = 16 * 1024 * 1024;

/// The clear, authenticated part of a chunk: version, flags, index, file id.
const CLEAR_LEN: usize = 1 + 1 + 8 + KeyId::LEN;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Bytes a chunk adds to its plaintext.
pub const CHUNK_OVERHEAD: usize = CLEAR_LEN + NONCE_LEN + TAG_LEN;

/// The flag of the file's last chunk.
const FINAL: u8 = 1;

/// A chunk's clear part, as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChunkHead {
    last: bool,
    index: u64,
    file_id: KeyId,
}

impl ChunkHead {
    fn encode(&self) -> [u8; CLEAR_LEN] {
        let mut out = [0u8; CLEAR_LEN];
        let bytes = [FILE_CHUNK_VERSION, if self.last { FINAL } else { 0 }]
            .into_iter()
            .chain(self.index.to_be_bytes())
            .chain(*self.file_id.as_bytes());
        for (slot, byte) in out.iter_mut().zip(bytes) {
            *slot = byte;
        }
        out
    }

    fn parse(reader: &mut Reader<'_>) -> Result<Self> {
        let version = reader.u8()?;
        if version != FILE_CHUNK_VERSION {
            return Err(Error::with_detail(
                ErrorCode::UnsupportedVersion,
                format!("file chunk version {version}"),
            ));
        }
        let last = match reader.u8()? {
            0 => false,
            FINAL => true,
            _ => return Err(Error::with_detail(ErrorCode::MalformedInput, "chunk flags")),
        };
        Ok(Self {
            last,
            index: u64::from_be_bytes(reader.array()?),
            file_id: KeyId::from_bytes(reader.array()?),
        })
    }
}

/// Where a reader or writer is in a file: its key and id, the next chunk's index, and whether
/// the last chunk has passed.
#[derive(Debug)]
struct Position {
    key: SymmetricKey,
    file_id: KeyId,
    next_index: u64,
    finished: bool,
}

impl Position {
    fn at(key: SymmetricKey, file_id: KeyId, next_index: u64) -> Self {
        Self {
            key,
            file_id,
            next_index,
            finished: false,
        }
    }

    /// Refuses another chunk after the last.
    fn check_open(&self) -> Result<()> {
        if self.finished {
            Err(ErrorCode::FileChunkAfterEnd.into())
        } else {
            Ok(())
        }
    }

    /// Moves past a chunk.
    fn advance(&mut self, last: bool) -> Result<()> {
        self.next_index = self
            .next_index
            .checked_add(1)
            .ok_or(ErrorCode::InputTooLarge)?;
        self.finished = last;
        Ok(())
    }
}

/// Encrypts a file chunk by chunk: the caller reads the next piece of plaintext (at most
/// [`MAX_CHUNK_SIZE`] bytes, [`DEFAULT_CHUNK_SIZE`] by default) and says whether it is the last.
#[derive(Debug)]
pub struct FileEncryptor(Position);

impl FileEncryptor {
    /// Starts the file `file_id` under its content key.
    pub fn new(key: SymmetricKey, file_id: KeyId) -> Self {
        Self::resume(key, file_id, 0)
    }

    /// Continues an upload at chunk `next_index` (the chunks before it are on the server).
    pub fn resume(key: SymmetricKey, file_id: KeyId, next_index: u64) -> Self {
        Self(Position::at(key, file_id, next_index))
    }

    /// The index the next chunk gets.
    pub fn next_index(&self) -> u64 {
        self.0.next_index
    }

    /// Encrypts the next chunk; `last` ends the file (an empty file is one empty last chunk).
    /// After the last chunk, `7004 FileChunkAfterEnd`.
    pub fn seal_chunk(&mut self, plaintext: &[u8], last: bool) -> Result<Vec<u8>> {
        self.0.check_open()?;
        if plaintext.len() > MAX_CHUNK_SIZE {
            return Err(Error::with_detail(ErrorCode::InputTooLarge, "file chunk"));
        }
        let head = ChunkHead {
            last,
            index: self.0.next_index,
            file_id: self.0.file_id,
        }
        .encode();
        let nonce: [u8; NONCE_LEN] = random::array()?;
        let mut out = Vec::with_capacity(plaintext.len().saturating_add(CHUNK_OVERHEAD));
        out.extend_from_slice(&head);
        out.extend_from_slice(&nonce);
        self.0
            .key
            .append_sealed_raw(&mut out, &nonce, &head, plaintext)?;
        self.0.advance(last)?;
        Ok(out)
    }
}

/// Decrypts a file's chunks in order and tells whether the file is complete.
#[derive(Debug)]
pub struct FileDecryptor(Position);

impl FileDecryptor {
    /// Reads the file `file_id` (the id the app asked for, not one the server names).
    pub fn new(key: SymmetricKey, file_id: KeyId) -> Self {
        Self::resume(key, file_id, 0)
    }

    /// Continues a download at chunk `next_index`.
    pub fn resume(key: SymmetricKey, file_id: KeyId, next_index: u64) -> Self {
        Self(Position::at(key, file_id, next_index))
    }

    /// The index of the chunk expected next.
    pub fn next_index(&self) -> u64 {
        self.0.next_index
    }

    /// Whether the last chunk has been read.
    pub fn is_finished(&self) -> bool {
        self.0.finished
    }

    /// Checks and decrypts the next chunk (in place: the chunk's buffer becomes the plaintext).
    /// A chunk of another file is `7001`, one out of place (reordered, repeated, skipped)
    /// `7002`, one after the last `7004`; a changed byte fails authentication (`3001`).
    pub fn open_chunk(&mut self, mut chunk: Vec<u8>) -> Result<Vec<u8>> {
        self.0.check_open()?;
        if chunk.len() > MAX_CHUNK_SIZE.saturating_add(CHUNK_OVERHEAD) {
            return Err(Error::with_detail(ErrorCode::InputTooLarge, "file chunk"));
        }
        let mut reader = Reader::new(&chunk);
        let head = ChunkHead::parse(&mut reader)?;
        if head.file_id != self.0.file_id {
            return Err(ErrorCode::FileChunkForeign.into());
        }
        if head.index != self.0.next_index {
            return Err(Error::with_detail(
                ErrorCode::FileChunkOutOfOrder,
                format!(
                    "chunk {} where {} was expected",
                    head.index, self.0.next_index
                ),
            ));
        }
        let nonce: [u8; NONCE_LEN] = reader.array()?;
        let clear = head.encode();
        chunk.drain(..CLEAR_LEN.saturating_add(NONCE_LEN));
        self.0.key.open_raw_in_place(&nonce, &clear, &mut chunk)?;
        self.0.advance(head.last)?;
        Ok(chunk)
    }

    /// Ends the reading: `7003 FileTruncated` unless the last chunk was read.
    pub fn finish(&self) -> Result<()> {
        if self.0.finished {
            Ok(())
        } else {
            Err(ErrorCode::FileTruncated.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CHUNK_OVERHEAD, FileDecryptor, FileEncryptor, MAX_CHUNK_SIZE};
    use crate::crypto::{KeyId, SymmetricKey};
    use crate::error::{ErrorCode, Result};

    fn code<T>(result: Result<T>) -> ErrorCode {
        match result {
            Ok(_) => panic!("expected an error"),
            Err(error) => error.code(),
        }
    }

    /// The chunks of `data` in pieces of `size` bytes (an empty file is one empty chunk).
    fn encrypt(key: &SymmetricKey, file_id: KeyId, data: &[u8], size: usize) -> Vec<Vec<u8>> {
        let mut encryptor = FileEncryptor::new(key.clone(), file_id);
        let pieces: Vec<&[u8]> = if data.is_empty() {
            vec![&[]]
        } else {
            data.chunks(size).collect()
        };
        let count = pieces.len();
        pieces
            .into_iter()
            .enumerate()
            .map(|(index, piece)| encryptor.seal_chunk(piece, index + 1 == count).unwrap())
            .collect()
    }

    fn decrypt(key: &SymmetricKey, file_id: KeyId, chunks: &[Vec<u8>]) -> Result<Vec<u8>> {
        let mut decryptor = FileDecryptor::new(key.clone(), file_id);
        let mut out = Vec::new();
        for chunk in chunks {
            out.extend(decryptor.open_chunk(chunk.clone())?);
        }
        decryptor.finish()?;
        Ok(out)
    }

    #[test]
    fn sizes_around_the_chunk_size_round_trip() {
        let key = SymmetricKey::generate().unwrap();
        let file_id = KeyId::random().unwrap();
        let size = 1000;
        for len in [0, 1, size - 1, size, size + 1, 3 * size + 1] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let chunks = encrypt(&key, file_id, &data, size);
            assert_eq!(chunks.len(), len.div_ceil(size).max(1), "{len}");
            assert_eq!(
                chunks.iter().map(Vec::len).sum::<usize>(),
                len + chunks.len() * CHUNK_OVERHEAD
            );
            assert_eq!(decrypt(&key, file_id, &chunks).unwrap(), data, "{len}");
        }
    }

    #[test]
    fn a_server_cannot_drop_reorder_repeat_or_swap_chunks() {
        let key = SymmetricKey::generate().unwrap();
        let file_id = KeyId::random().unwrap();
        let chunks = encrypt(&key, file_id, &[7u8; 3500], 1000);
        assert_eq!(chunks.len(), 4);

        let dropped_last = &chunks[..3];
        assert_eq!(
            code(decrypt(&key, file_id, dropped_last)),
            ErrorCode::FileTruncated
        );
        let swapped = [&chunks[1], &chunks[0], &chunks[2], &chunks[3]].map(Clone::clone);
        assert_eq!(
            code(decrypt(&key, file_id, &swapped)),
            ErrorCode::FileChunkOutOfOrder
        );
        let repeated = [&chunks[0], &chunks[0], &chunks[1]].map(Clone::clone);
        assert_eq!(
            code(decrypt(&key, file_id, &repeated)),
            ErrorCode::FileChunkOutOfOrder
        );
        let skipped = [&chunks[0], &chunks[2]].map(Clone::clone);
        assert_eq!(
            code(decrypt(&key, file_id, &skipped)),
            ErrorCode::FileChunkOutOfOrder
        );
        let mut after_end = chunks.clone();
        after_end.push(chunks[3].clone());
        assert_eq!(
            code(decrypt(&key, file_id, &after_end)),
            ErrorCode::FileChunkAfterEnd
        );

        // A chunk of another file under the same key (same index), and the other file as a whole.
        let other_id = KeyId::random().unwrap();
        let other = encrypt(&key, other_id, &[8u8; 3500], 1000);
        let mixed = [&chunks[0], &other[1]].map(Clone::clone);
        assert_eq!(
            code(decrypt(&key, file_id, &mixed)),
            ErrorCode::FileChunkForeign
        );
        assert_eq!(
            code(decrypt(&key, file_id, &other)),
            ErrorCode::FileChunkForeign
        );
    }

    #[test]
    fn changed_bytes_and_wrong_keys_fail_authentication() {
        let key = SymmetricKey::generate().unwrap();
        let file_id = KeyId::random().unwrap();
        let chunks = encrypt(&key, file_id, &[1u8; 2500], 1000);
        // Every byte of a chunk is covered: the clear part through the associated data.
        for position in [1usize, 2, 9, 30, 60, chunks[0].len() - 1] {
            let mut changed = chunks.clone();
            changed[0][position] ^= 0x01;
            let expected = match position {
                // The flags byte: 0x01 turns a middle chunk into the last, which fails
                // authentication as well.
                1 => ErrorCode::DecryptionFailed,
                // The index: the reader expected 0.
                2..=9 => ErrorCode::FileChunkOutOfOrder,
                _ => ErrorCode::DecryptionFailed,
            };
            assert_eq!(
                code(decrypt(&key, file_id, &changed)),
                expected,
                "{position}"
            );
        }
        // The last chunk marked as a middle one: authentication fails, not a silent truncation.
        let mut unmarked = chunks.clone();
        unmarked[2][1] = 0;
        assert_eq!(
            code(decrypt(&key, file_id, &unmarked)),
            ErrorCode::DecryptionFailed
        );
        let wrong = SymmetricKey::generate().unwrap();
        assert_eq!(
            code(decrypt(&wrong, file_id, &chunks)),
            ErrorCode::DecryptionFailed
        );
        let mut truncated = chunks.clone();
        truncated[0].truncate(30);
        assert_eq!(
            code(decrypt(&key, file_id, &truncated)),
            ErrorCode::InputTruncated
        );
        let mut version = chunks;
        version[0][0] = 9;
        assert_eq!(
            code(decrypt(&key, file_id, &version)),
            ErrorCode::UnsupportedVersion
        );
    }

    #[test]
    fn uploads_and_downloads_resume_at_a_chunk() {
        let key = SymmetricKey::generate().unwrap();
        let file_id = KeyId::random().unwrap();
        let chunks = encrypt(&key, file_id, &[3u8; 2500], 1000);
        let mut resumed = FileEncryptor::resume(key.clone(), file_id, 2);
        let last = resumed.seal_chunk(&[3u8; 500], true).unwrap();
        assert_eq!(
            code(resumed.seal_chunk(&[], true)),
            ErrorCode::FileChunkAfterEnd
        );
        let mut reader = FileDecryptor::resume(key, file_id, 2);
        assert_eq!(reader.open_chunk(last).unwrap(), vec![3u8; 500]);
        assert!(reader.is_finished());
        assert_eq!(
            code(reader.open_chunk(chunks[2].clone())),
            ErrorCode::FileChunkAfterEnd
        );
    }

    #[test]
    fn oversized_chunks_are_refused_before_any_work() {
        let key = SymmetricKey::generate().unwrap();
        let file_id = KeyId::random().unwrap();
        let mut encryptor = FileEncryptor::new(key.clone(), file_id);
        let too_big = vec![0u8; MAX_CHUNK_SIZE + 1];
        assert_eq!(
            code(encryptor.seal_chunk(&too_big, true)),
            ErrorCode::InputTooLarge
        );
        let mut decryptor = FileDecryptor::new(key, file_id);
        let huge = vec![1u8; MAX_CHUNK_SIZE + CHUNK_OVERHEAD + 1];
        assert_eq!(code(decryptor.open_chunk(huge)), ErrorCode::InputTooLarge);
    }
}
