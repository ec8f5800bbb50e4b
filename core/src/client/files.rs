//! Files in the client, for groups and users: register a file, upload it chunk by chunk (a part
//! that failed can be sent again), read its metadata, download it chunk by chunk, rename and
//! delete it. Memory stays bounded by a few chunks whatever the file's size.

use std::collections::VecDeque;
use std::fmt;
use std::io::Read;

use super::file_streams::{TransferProgress, check_chunk_size};
use super::group::Group;
use super::store::Store;
use super::transport::{Body, HttpResponse, Method, Transport};
use super::user::User;
use crate::crypto::{
    DEFAULT_CHUNK_SIZE, FileDecryptor, FileEncryptor, KeyId, SymmetricKey, VerifyKey, WrappedKey,
    json_to_string,
};
use crate::error::{Error, ErrorCode, Result};
use crate::file::{
    PreparedFile, decrypt_file_name, done_file_meta, done_part_list, done_register_file,
    done_upload_part, file_path, part_fetch_path, part_path, prepare_file_name_update,
    prepare_register_file, upload_part_path,
};
use crate::protocol::envelope::{parse_response, response_result};
use crate::protocol::file::{
    BelongsToType, FileMetaResponse, FilePartListItem, FileRegisterResponse, GroupFileRankRequest,
    PARTS_PAGE,
};
use crate::protocol::paths;
use crate::protocol::user::Empty;

/// A file's metadata with its name decrypted.
#[derive(Debug, Clone)]
pub struct FileMeta {
    /// The metadata as the server keeps it (checked).
    pub meta: FileMetaResponse,
    /// The decrypted name.
    pub file_name: Option<String>,
}

/// What [`Group::create_file`] and [`User::create_file`] made.
#[derive(Debug, Clone)]
pub struct FileCreated {
    /// The file's id.
    pub file_id: KeyId,
    /// The key that wraps its content key.
    pub master_key_id: KeyId,
    /// Its encrypted name.
    pub encrypted_file_name: Option<String>,
}

/// The calls every file owner shares: the user's session and, for a connected group, the
/// member group to act through.
struct FileCalls<'a, T, S> {
    user: &'a User<T, S>,
    via: Option<&'a str>,
}

impl<T: Transport, S: Store> FileCalls<'_, T, S> {
    fn header(&self) -> Option<(&'static str, &str)> {
        self.via.map(|via| (paths::GROUP_ACCESS_HEADER, via))
    }

    async fn json(&self, method: Method, path: &str, body: Option<String>) -> Result<String> {
        self.user
            .call_raw(method, path, body.map(Body::Json), self.header())
            .await?
            .into_text()
    }

    async fn register(&self, path: &str, prepared: &PreparedFile) -> Result<FileRegisterResponse> {
        let output = self
            .json(Method::Post, path, Some(prepared.server_input.clone()))
            .await?;
        done_register_file(&output, &prepared.file_id)
    }

    fn upload(&self, key: &SymmetricKey, session_id: &str, next_sequence: u64) -> FileUpload<T, S> {
        FileUpload {
            user: self.user.clone(),
            via: self.via.map(str::to_owned),
            session_id: session_id.to_owned(),
            encryptor: FileEncryptor::resume(key.clone(), key.id(), next_sequence),
            pending: None,
        }
    }

    /// The metadata and content key; with `verify_user`, the key's wrapping must be signed by
    /// one of that user's verify keys (from their verified key chain).
    async fn meta(
        &self,
        file_id: KeyId,
        verify_user: Option<&str>,
        open: impl FnOnce(&WrappedKey, Option<&VerifyKey>) -> Result<SymmetricKey>,
    ) -> Result<(FileMeta, SymmetricKey)> {
        let output = self.json(Method::Get, &file_path(&file_id), None).await?;
        let meta = done_file_meta(&output, &file_id)?;
        let verify_key = match verify_user {
            Some(user_id) => Some(
                self.user
                    .client()
                    .signer_verify_key(meta.wrapped_key.as_bytes(), user_id)
                    .await?,
            ),
            None => None,
        };
        let key = open(&meta.wrapped_key, verify_key.as_ref())?;
        let file_name = meta
            .encrypted_file_name
            .as_deref()
            .map(|name| decrypt_file_name(&key, &file_id, name))
            .transpose()?;
        Ok((FileMeta { meta, file_name }, key))
    }

    /// Registers a prepared file at `path` and uploads what `reader` yields in chunks of
    /// `chunk_size`.
    async fn create(
        &self,
        path: &str,
        prepared: PreparedFile,
        reader: &mut impl Read,
        chunk_size: Option<usize>,
        progress: &mut impl TransferProgress,
    ) -> Result<FileCreated> {
        let chunk_size = chunk_size.unwrap_or(DEFAULT_CHUNK_SIZE);
        check_chunk_size(chunk_size)?;
        let session = self.register(path, &prepared).await?;
        let mut upload = self.upload(&prepared.key, &session.session_id, 0);
        upload.upload_from(reader, chunk_size, progress).await?;
        Ok(FileCreated {
            file_id: prepared.file_id,
            master_key_id: prepared.master_key_id,
            encrypted_file_name: prepared.encrypted_file_name,
        })
    }

    /// A whole file in memory, with its metadata and content key.
    async fn download_whole(
        &self,
        file_id: KeyId,
        verify_user: Option<&str>,
        open: impl FnOnce(&WrappedKey, Option<&VerifyKey>) -> Result<SymmetricKey>,
    ) -> Result<(Vec<u8>, FileMeta, SymmetricKey)> {
        let (meta, key) = self.meta(file_id, verify_user, open).await?;
        let data = download_all(&mut self.download(&meta, &key)).await?;
        Ok((data, meta, key))
    }

    fn download(&self, meta: &FileMeta, key: &SymmetricKey) -> FileDownload<T, S> {
        let parts = &meta.meta.part_list;
        FileDownload {
            user: self.user.clone(),
            via: self.via.map(str::to_owned),
            file_id: meta.meta.file_id,
            decryptor: FileDecryptor::new(key.clone(), meta.meta.file_id),
            parts: parts.iter().cloned().collect(),
            listed_to: parts.last().map_or(-1, |part| part.sequence),
            list_done: i64::try_from(parts.len()).unwrap_or(i64::MAX) < PARTS_PAGE,
        }
    }

    async fn rename(&self, file_id: KeyId, key: &SymmetricKey, name: Option<&str>) -> Result<()> {
        let body = prepare_file_name_update(key, &file_id, name)?;
        let output = self
            .json(Method::Put, &file_path(&file_id), Some(body))
            .await?;
        parse_response::<Empty>(&output).map(drop)
    }

    async fn delete(&self, file_id: KeyId) -> Result<()> {
        let output = self
            .json(Method::Delete, &file_path(&file_id), None)
            .await?;
        parse_response::<Empty>(&output).map(drop)
    }
}

/// Reads a whole file through `download` into memory (for small files; stream large ones with
/// [`FileDownload::next_chunk`]).
async fn download_all<T: Transport, S: Store>(
    download: &mut FileDownload<T, S>,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(chunk) = download.next_chunk().await? {
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// An upload in progress: each chunk is encrypted and sent as one part.
pub struct FileUpload<T, S> {
    user: User<T, S>,
    via: Option<String>,
    session_id: String,
    encryptor: FileEncryptor,
    /// A sealed part whose upload failed: sent again by [`Self::resend`].
    pending: Option<(u64, bool, Vec<u8>)>,
}

impl<T, S> fmt::Debug for FileUpload<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("next_sequence", &self.encryptor.next_index())
            .finish_non_exhaustive()
    }
}

impl<T: Transport, S: Store> FileUpload<T, S> {
    /// The sequence number of the next part.
    pub fn next_sequence(&self) -> u64 {
        self.encryptor.next_index()
    }

    /// Encrypts and uploads the next chunk (`last` for the file's last). If the upload fails, the
    /// encrypted part is kept: [`Self::resend`] sends it again.
    pub async fn upload_chunk(&mut self, plaintext: &[u8], last: bool) -> Result<()> {
        if self.pending.is_some() {
            return Err(Error::with_detail(
                ErrorCode::FileChunkOutOfOrder,
                "a failed part must be sent again first",
            ));
        }
        let sequence = self.encryptor.next_index();
        let sealed = self.encryptor.seal_chunk(plaintext, last)?;
        self.pending = Some((sequence, last, sealed));
        self.resend().await
    }

    /// Sends the part whose upload failed again (nothing when none failed).
    pub async fn resend(&mut self) -> Result<()> {
        let Some((sequence, last, bytes)) = &self.pending else {
            return Ok(());
        };
        let sequence = i64::try_from(*sequence)
            .map_err(|_| Error::with_detail(ErrorCode::InputTooLarge, "part sequence"))?;
        let path = upload_part_path(&self.session_id, sequence, *last);
        let header = self
            .via
            .as_deref()
            .map(|via| (paths::GROUP_ACCESS_HEADER, via));
        let output = self
            .user
            .call_raw(
                Method::Post,
                &path,
                Some(Body::Bytes(bytes.clone())),
                header,
            )
            .await?
            .into_text()?;
        done_upload_part(&output, sequence, *last)?;
        self.pending = None;
        Ok(())
    }
}

/// A download in progress: parts are fetched and decrypted one at a time, in order.
pub struct FileDownload<T, S> {
    user: User<T, S>,
    via: Option<String>,
    file_id: KeyId,
    decryptor: FileDecryptor,
    parts: VecDeque<FilePartListItem>,
    /// The last sequence listed so far.
    listed_to: i64,
    list_done: bool,
}

impl<T, S> fmt::Debug for FileDownload<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileDownload")
            .field("file_id", &self.file_id)
            .field("next_sequence", &self.decryptor.next_index())
            .finish_non_exhaustive()
    }
}

/// The error a part download answered, or the part's bytes.
fn part_bytes(response: HttpResponse) -> Result<Vec<u8>> {
    if response.status == 200 {
        return Ok(response.body);
    }
    let text = response.into_text()?;
    response_result(&text)?;
    Err(Error::with_detail(
        ErrorCode::InvalidServerResponse,
        "a part download answered an envelope",
    ))
}

impl<T: Transport, S: Store> FileDownload<T, S> {
    async fn list_more(&mut self) -> Result<()> {
        let header = self
            .via
            .as_deref()
            .map(|via| (paths::GROUP_ACCESS_HEADER, via));
        let path = part_fetch_path(&self.file_id, self.listed_to);
        let output = self
            .user
            .call_raw(Method::Get, &path, None, header)
            .await?
            .into_text()?;
        let page = done_part_list(&output, self.listed_to)?;
        self.list_done = i64::try_from(page.len()).unwrap_or(i64::MAX) < PARTS_PAGE;
        if let Some(last) = page.last() {
            self.listed_to = last.sequence;
        }
        self.parts.extend(page);
        Ok(())
    }

    /// The next chunk's plaintext, or `None` after the last. A missing, reordered, repeated or
    /// foreign part is an error (`7001`-`7004`), as is a changed one (`3001`).
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        if self.parts.is_empty() && !self.list_done {
            self.list_more().await?;
        }
        let Some(part) = self.parts.pop_front() else {
            self.decryptor.finish()?;
            return Ok(None);
        };
        if self.decryptor.is_finished() {
            return Err(ErrorCode::FileChunkAfterEnd.into());
        }
        if part.extern_storage {
            return Err(Error::with_detail(
                ErrorCode::FilePartNotFound,
                "the part is in the app's own storage",
            ));
        }
        let header = self
            .via
            .as_deref()
            .map(|via| (paths::GROUP_ACCESS_HEADER, via));
        let path = part_path(&self.file_id, part.sequence);
        let response = self.user.call_raw(Method::Get, &path, None, header).await?;
        let plaintext = self.decryptor.open_chunk(part_bytes(response)?)?;
        Ok(Some(plaintext))
    }

    /// The parts listed so far that are not yet read.
    pub fn parts_left(&self) -> usize {
        self.parts.len()
    }
}

impl<T: Transport, S: Store> Group<T, S> {
    fn files(&self) -> FileCalls<'_, T, S> {
        FileCalls {
            user: self.user(),
            via: self.header().map(|(_, via)| via),
        }
    }

    /// A new file for the group (not yet registered): a content key wrapped under the newest
    /// generation (the wrapping signed with the user's sign key with `sign`), and the name
    /// encrypted. Send `server_input` with [`Self::register_file`] or from the app's backend.
    pub fn prepare_register_file(
        &self,
        file_name: Option<&str>,
        sign: bool,
    ) -> Result<PreparedFile> {
        let (key, wrapped) = if sign {
            self.generate_signed_key()?
        } else {
            self.generate_key()?
        };
        prepare_register_file(
            key,
            wrapped,
            BelongsToType::Group,
            Some(self.id()?),
            file_name,
        )
    }

    /// Registers a prepared file; returns its upload session.
    pub async fn register_file(&self, prepared: &PreparedFile) -> Result<FileRegisterResponse> {
        let path = paths::fill(paths::GROUP_FILE, &[&self.id()?]);
        self.files().register(&path, prepared).await
    }

    /// The upload of a registered file's chunks from part `next_sequence`: 0 for a new upload,
    /// or the length of the file's part list to resume one that stopped.
    pub fn upload(
        &self,
        key: &SymmetricKey,
        session_id: &str,
        next_sequence: u64,
    ) -> FileUpload<T, S> {
        self.files().upload(key, session_id, next_sequence)
    }

    /// Registers, encrypts and uploads `data` (in memory; stream large files with
    /// [`Self::upload`]) in chunks of `chunk_size`; `sign` as [`Self::prepare_register_file`].
    pub async fn create_file(
        &self,
        data: &[u8],
        file_name: Option<&str>,
        sign: bool,
        chunk_size: Option<usize>,
    ) -> Result<FileCreated> {
        let mut reader = data;
        self.create_file_from(&mut reader, file_name, sign, chunk_size, &mut |_| true)
            .await
    }

    /// [`Self::create_file`] from a stream (a local file, a host's stream), `progress` told the
    /// bytes sent after each part (it may cancel: [`TransferProgress`]).
    pub async fn create_file_from(
        &self,
        reader: &mut impl Read,
        file_name: Option<&str>,
        sign: bool,
        chunk_size: Option<usize>,
        progress: &mut impl TransferProgress,
    ) -> Result<FileCreated> {
        let prepared = self.prepare_register_file(file_name, sign)?;
        let path = paths::fill(paths::GROUP_FILE, &[&self.id()?]);
        self.files()
            .create(&path, prepared, reader, chunk_size, progress)
            .await
    }

    /// A file's metadata (name decrypted) and content key; with `verify_user` (its creator),
    /// the content key must be signed by that user (`3003` unsigned, `3002` signed by another).
    pub async fn download_file_meta_info(
        &self,
        file_id: KeyId,
        verify_user: Option<&str>,
    ) -> Result<(FileMeta, SymmetricKey)> {
        self.files()
            .meta(file_id, verify_user, |wrapped, verify| {
                self.open_checked(wrapped, verify)
            })
            .await
    }

    fn open_checked(
        &self,
        wrapped: &WrappedKey,
        verify_key: Option<&VerifyKey>,
    ) -> Result<SymmetricKey> {
        match verify_key {
            Some(verify_key) => self.open_key_verified(wrapped, verify_key),
            None => self.open_key(wrapped),
        }
    }

    /// The download of a file's chunks.
    pub fn download(&self, meta: &FileMeta, key: &SymmetricKey) -> FileDownload<T, S> {
        self.files().download(meta, key)
    }

    /// Downloads and decrypts a whole file into memory (`verify_user` as
    /// [`Self::download_file_meta_info`]).
    pub async fn download_file(
        &self,
        file_id: KeyId,
        verify_user: Option<&str>,
    ) -> Result<(Vec<u8>, FileMeta, SymmetricKey)> {
        self.files()
            .download_whole(file_id, verify_user, |wrapped, verify| {
                self.open_checked(wrapped, verify)
            })
            .await
    }

    /// Sets (or, with `None`, removes) a file's name: its creator or a group admin.
    pub async fn update_file_name(
        &self,
        file_id: KeyId,
        key: &SymmetricKey,
        file_name: Option<&str>,
    ) -> Result<()> {
        self.files().rename(file_id, key, file_name).await
    }

    /// Deletes a file: its creator or a group admin.
    pub async fn delete_file(&self, file_id: KeyId) -> Result<()> {
        self.files().delete(file_id).await
    }

    /// Sets the highest rank (0-4) that may create files in the group (admins).
    pub async fn set_file_rank(&self, rank: i64) -> Result<()> {
        let body = json_to_string(&GroupFileRankRequest { rank })?;
        let path = paths::fill(paths::GROUP_FILE_RANK, &[&self.id()?]);
        let output = self.files().json(Method::Patch, &path, Some(body)).await?;
        parse_response::<Empty>(&output).map(drop)
    }
}

impl<T: Transport, S: Store> User<T, S> {
    fn files(&self) -> FileCalls<'_, T, S> {
        FileCalls {
            user: self,
            via: None,
        }
    }

    /// A new file for user `reply_id` (its content key wrapped for that user's public key, which
    /// must pass the key trust checks), or for this user alone without one; with `sign`, the
    /// wrapping is signed with this user's sign key. Not yet registered.
    pub async fn prepare_register_file(
        &self,
        reply_id: Option<&str>,
        file_name: Option<&str>,
        sign: bool,
    ) -> Result<PreparedFile> {
        let own_id = self.user_id()?;
        let reply_id = reply_id.filter(|id| *id != own_id);
        let (key, wrapped) = self
            .generate_key_with(reply_id.unwrap_or(&own_id), sign)
            .await?;
        let (kind, belongs_to) = match reply_id {
            Some(reply_id) => (BelongsToType::User, Some(reply_id.to_owned())),
            None => (BelongsToType::None, None),
        };
        prepare_register_file(key, wrapped, kind, belongs_to, file_name)
    }

    /// Registers a prepared file; returns its upload session.
    pub async fn register_file(&self, prepared: &PreparedFile) -> Result<FileRegisterResponse> {
        self.files().register(paths::FILE, prepared).await
    }

    /// The upload of a registered file's chunks from part `next_sequence`: 0 for a new upload,
    /// or the length of the file's part list to resume one that stopped.
    pub fn upload(
        &self,
        key: &SymmetricKey,
        session_id: &str,
        next_sequence: u64,
    ) -> FileUpload<T, S> {
        self.files().upload(key, session_id, next_sequence)
    }

    /// Registers, encrypts and uploads `data` for `reply_id` (or this user alone) in chunks of
    /// `chunk_size`; `sign` as [`Self::prepare_register_file`].
    pub async fn create_file(
        &self,
        data: &[u8],
        file_name: Option<&str>,
        reply_id: Option<&str>,
        sign: bool,
        chunk_size: Option<usize>,
    ) -> Result<FileCreated> {
        let mut reader = data;
        let mut progress = |_| true;
        self.create_file_from(
            &mut reader,
            file_name,
            reply_id,
            sign,
            chunk_size,
            &mut progress,
        )
        .await
    }

    /// [`Self::create_file`] from a stream, `progress` told the bytes sent after each part.
    pub async fn create_file_from(
        &self,
        reader: &mut impl Read,
        file_name: Option<&str>,
        reply_id: Option<&str>,
        sign: bool,
        chunk_size: Option<usize>,
        progress: &mut impl TransferProgress,
    ) -> Result<FileCreated> {
        let prepared = self
            .prepare_register_file(reply_id, file_name, sign)
            .await?;
        self.files()
            .create(paths::FILE, prepared, reader, chunk_size, progress)
            .await
    }

    /// A file's metadata (name decrypted) and content key; the key must be wrapped for one of
    /// this user's public keys; `verify_user` as for a group's file.
    pub async fn download_file_meta_info(
        &self,
        file_id: KeyId,
        verify_user: Option<&str>,
    ) -> Result<(FileMeta, SymmetricKey)> {
        self.files()
            .meta(file_id, verify_user, |wrapped, verify| {
                self.open_checked(wrapped, verify)
            })
            .await
    }

    fn open_checked(
        &self,
        wrapped: &WrappedKey,
        verify_key: Option<&VerifyKey>,
    ) -> Result<SymmetricKey> {
        match verify_key {
            Some(verify_key) => self.open_key_verified(wrapped, verify_key),
            None => self.open_key(wrapped),
        }
    }

    /// The download of a file's chunks.
    pub fn download(&self, meta: &FileMeta, key: &SymmetricKey) -> FileDownload<T, S> {
        self.files().download(meta, key)
    }

    /// Downloads and decrypts a whole file into memory (`verify_user` as
    /// [`Self::download_file_meta_info`]).
    pub async fn download_file(
        &self,
        file_id: KeyId,
        verify_user: Option<&str>,
    ) -> Result<(Vec<u8>, FileMeta, SymmetricKey)> {
        self.files()
            .download_whole(file_id, verify_user, |wrapped, verify| {
                self.open_checked(wrapped, verify)
            })
            .await
    }

    /// Sets (or removes) a file's name: its creator.
    pub async fn update_file_name(
        &self,
        file_id: KeyId,
        key: &SymmetricKey,
        file_name: Option<&str>,
    ) -> Result<()> {
        self.files().rename(file_id, key, file_name).await
    }

    /// Deletes a file: its creator.
    pub async fn delete_file(&self, file_id: KeyId) -> Result<()> {
        self.files().delete(file_id).await
    }
}
