//! Files end to end (docs/files.md): the real client against the real server, on SQLite and
//! PostgreSQL, with parts in a directory and in an S3-compatible server (moto).

mod common;

use common::hostile::HostileUser;
use common::{TestEnv, code, group_of, group_with};
use sentc_core::ErrorCode;
use sentc_core::client::Method;
use sentc_core::crypto::{CHUNK_OVERHEAD, KeyId};
use sentc_core::group::VerifyLevel;
use sentc_core::protocol::file::{FileOptions, FileStorageMode, PARTS_PAGE};
use sentc_core::protocol::paths;
use sentc_server::files::purge;

on_every_backend!(
    sizes_round_trip,
    tampered_files_are_refused,
    who_reads_and_who_manages,
    deletion_purges_parts,
    uploads_resume_and_expire,
    quota_and_options,
    files_for_users,
    rotation_keeps_old_files,
    long_part_lists_and_large_parts,
    signed_files,
);

/// A small chunk size, so the boundaries around it are cheap to test.
const CHUNK: usize = 1024;

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|index| (index % 251) as u8).collect()
}

/// Runs the purge job until nothing of this app is left to purge (the server's own worker may
/// hold a file's lease meanwhile: then the test waits for it).
async fn purge_all(env: &TestEnv) {
    for _ in 0..600 {
        while purge::purge_one(&env.state, "test-purge").await.unwrap() {}
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM files WHERE app_id = $1 AND (deleted_at IS NOT NULL \
             OR (complete = 0 AND session_expires_at < $2))",
        )
        .bind(&env.app_id)
        .bind(env.state.now_ms())
        .fetch_one(&env.state.db.pool)
        .await
        .unwrap();
        if left == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("files were left unpurged");
}

async fn stored_part(env: &TestEnv, file_id: &KeyId, index: u32) -> Option<usize> {
    match env.state.files.get_part(&file_id.to_hex(), index).await {
        Ok(bytes) => Some(bytes.len()),
        Err(err) => {
            assert_eq!(err.code(), ErrorCode::FilePartNotFound);
            None
        }
    }
}

async fn sizes_round_trip(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group = group_with(&alice, &[&bob]).await;
    let bobs = group_of(&bob, &group.id().unwrap()).await;
    for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 1] {
        let name = format!("file-{len}.bin");
        let created = group
            .create_file(&data(len), Some(&name), false, Some(CHUNK))
            .await
            .unwrap();
        let (read, meta, _) = bobs.download_file(created.file_id, None).await.unwrap();
        assert_eq!(read, data(len), "{len} bytes");
        assert_eq!(meta.file_name.as_deref(), Some(name.as_str()));
        assert!(meta.meta.complete);
        assert_eq!(meta.meta.part_list.len(), len.div_ceil(CHUNK).max(1));
        assert_eq!(meta.meta.owner, alice.user_id().unwrap());
        let stored: i64 = meta.meta.part_list.iter().map(|part| part.size).sum();
        let parts = meta.meta.part_list.len();
        assert_eq!(stored as usize, len + parts * CHUNK_OVERHEAD);
    }
    // The default chunk size (4 MiB): three chunks and one byte.
    let len = 3 * sentc_core::crypto::DEFAULT_CHUNK_SIZE + 1;
    let created = group
        .create_file(&data(len), None, false, None)
        .await
        .unwrap();
    let (read, meta, key) = bobs.download_file(created.file_id, None).await.unwrap();
    assert!(read == data(len));
    assert_eq!(meta.meta.part_list.len(), 4);
    assert_eq!(meta.file_name, None);
    // Renamed by its creator; the new name reads back.
    group
        .update_file_name(created.file_id, &key, Some("renamed"))
        .await
        .unwrap();
    let (meta, _) = bobs
        .download_file_meta_info(created.file_id, None)
        .await
        .unwrap();
    assert_eq!(meta.file_name.as_deref(), Some("renamed"));
}

/// Bob reads through a hostile server; each change to the file is a typed error.
async fn tampered_files_are_refused(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (client, transport) = env.hostile_client();
    env.register("bob").await;
    let bob: HostileUser = common::login(&client, "bob", common::PASSWORD).await;
    let group = group_with(&alice, &[]).await;
    group
        .invite_auto(&bob.user_id().unwrap(), None)
        .await
        .unwrap();
    let bobs = bob
        .get_group(&group.id().unwrap(), VerifyLevel::Chain)
        .await
        .unwrap();
    let file = group
        .create_file(&data(3 * CHUNK + 1), None, false, Some(CHUNK))
        .await
        .unwrap()
        .file_id;
    let other = group
        .create_file(&data(CHUNK), None, false, Some(CHUNK))
        .await
        .unwrap()
        .file_id;
    let meta_path = paths::fill(paths::FILE_OF, &[&file.to_hex()]);
    let part = |id: &KeyId, sequence: i64| {
        paths::fill(paths::FILE_PART, &[&id.to_hex(), &sequence.to_string()])
    };
    let expect = async |want: ErrorCode| {
        assert_eq!(code(bobs.download_file(file, None).await), want);
        transport.honest();
    };

    // A dropped last chunk.
    transport.rewrite(Method::Get, &meta_path, |meta| {
        meta["part_list"].as_array_mut().unwrap().pop();
    });
    expect(ErrorCode::FileTruncated).await;
    // Swapped chunks.
    transport.redirect(Method::Get, &part(&file, 0), &part(&file, 1));
    expect(ErrorCode::FileChunkOutOfOrder).await;
    // A chunk of another file.
    transport.redirect(Method::Get, &part(&file, 1), &part(&other, 0));
    expect(ErrorCode::FileChunkForeign).await;
    // A flipped byte.
    transport.rewrite_bytes(Method::Get, &part(&file, 2), |bytes| {
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
    });
    expect(ErrorCode::DecryptionFailed).await;
    // Another file's key (and so another file) under this file's id.
    let other_meta = bobs
        .download_file_meta_info(other, None)
        .await
        .unwrap()
        .0
        .meta;
    let other_key = serde_json::to_value(&other_meta.wrapped_key).unwrap();
    transport.rewrite(Method::Get, &meta_path, move |meta| {
        meta["wrapped_key"] = other_key.clone();
    });
    expect(ErrorCode::KeyIdMismatch).await;
    // A duplicated chunk in the part list.
    transport.rewrite(Method::Get, &meta_path, |meta| {
        let first = meta["part_list"][0].clone();
        meta["part_list"].as_array_mut().unwrap().insert(1, first);
    });
    expect(ErrorCode::FileChunkOutOfOrder).await;
    // Honest again: the file reads.
    assert_eq!(
        bobs.download_file(file, None).await.unwrap().0,
        data(3 * CHUNK + 1)
    );
    // A wrong key cannot open a chunk.
    let bytes = env.state.files.get_part(&file.to_hex(), 0).await.unwrap();
    let wrong = sentc_core::crypto::SymmetricKey::generate().unwrap();
    let mut reader = sentc_core::crypto::FileDecryptor::new(wrong, file);
    assert_eq!(
        reader.open_chunk(bytes.to_vec()).unwrap_err().code(),
        ErrorCode::DecryptionFailed
    );
}

async fn who_reads_and_who_manages(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let (_, dave) = env.user("dave").await;
    let group = group_with(&alice, &[&bob, &carol]).await;
    let group_id = group.id().unwrap();
    let bobs = group_of(&bob, &group_id).await;
    let carols = group_of(&carol, &group_id).await;
    let created = bobs
        .create_file(&data(2 * CHUNK), Some("bob's"), false, Some(CHUNK))
        .await
        .unwrap();
    let file = created.file_id;
    // A non-member sees no file; a member who did not create it may not rename or delete it.
    let daves_user_call = dave.download_file_meta_info(file, None).await;
    assert_eq!(code(daves_user_call), ErrorCode::FileNotFound);
    let (_, key) = carols.download_file_meta_info(file, None).await.unwrap();
    assert_eq!(
        code(carols.update_file_name(file, &key, Some("carol's")).await),
        ErrorCode::FileAccessDenied
    );
    assert_eq!(
        code(carols.delete_file(file).await),
        ErrorCode::FileAccessDenied
    );
    // A kicked member can no longer read its metadata or a part.
    let (meta, key) = carols.download_file_meta_info(file, None).await.unwrap();
    group.kick(&carol.user_id().unwrap()).await.unwrap();
    assert_eq!(
        code(carols.download_file_meta_info(file, None).await),
        ErrorCode::FileNotFound
    );
    let mut download = carols.download(&meta, &key);
    assert_eq!(code(download.next_chunk().await), ErrorCode::FileNotFound);
    // The group decides which ranks may create files (admins set it).
    assert_eq!(
        code(bobs.set_file_rank(3).await),
        ErrorCode::GroupRankTooLow
    );
    group.set_file_rank(3).await.unwrap();
    assert_eq!(
        code(bobs.create_file(b"x", None, false, None).await),
        ErrorCode::GroupRankTooLow
    );
    assert_eq!(
        code(group.set_file_rank(5).await),
        ErrorCode::GroupRankInvalid
    );
    // An admin may delete a member's file; then nobody reads it.
    group.delete_file(file).await.unwrap();
    assert_eq!(
        code(bobs.download_file(file, None).await),
        ErrorCode::FileNotFound
    );
}

async fn deletion_purges_parts(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let group = group_with(&alice, &[]).await;
    let child_id = group.create_child_group(false).await.unwrap();
    let child = group_of(&alice, &child_id).await;
    let deleted = group
        .create_file(&data(CHUNK), None, false, Some(CHUNK))
        .await
        .unwrap();
    let kept = group
        .create_file(&data(CHUNK), None, false, Some(CHUNK))
        .await
        .unwrap();
    let in_child = child
        .create_file(&data(CHUNK), None, false, Some(CHUNK))
        .await
        .unwrap();
    let mine = alice
        .create_file(&data(CHUNK), Some("mine"), None, false, Some(CHUNK))
        .await
        .unwrap();
    for file in [&deleted, &kept, &in_child, &mine] {
        assert!(stored_part(&env, &file.file_id, 0).await.is_some());
    }
    group.delete_file(deleted.file_id).await.unwrap();
    purge_all(&env).await;
    assert_eq!(stored_part(&env, &deleted.file_id, 0).await, None);
    assert!(stored_part(&env, &kept.file_id, 0).await.is_some());
    let rows = env
        .count(
            "SELECT COUNT(*) FROM file_parts WHERE file_id = $1",
            &deleted.file_id.to_hex(),
        )
        .await;
    assert_eq!(rows, 0);
    // Deleting the group deletes its files and its children's.
    group.delete().await.unwrap();
    purge_all(&env).await;
    for file in [&kept, &in_child] {
        assert_eq!(stored_part(&env, &file.file_id, 0).await, None);
        let rows = env
            .count(
                "SELECT COUNT(*) FROM files WHERE id = $1",
                &file.file_id.to_hex(),
            )
            .await;
        assert_eq!(rows, 0);
    }
    // Deleting a user deletes the files made for it.
    assert!(stored_part(&env, &mine.file_id, 0).await.is_some());
    let body = serde_json::json!({ "user_identifier": "alice" }).to_string();
    let (status, _) = env
        .raw(
            "DELETE",
            paths::FORCED_DELETE,
            Some(&env.secret_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 200);
    purge_all(&env).await;
    assert_eq!(stored_part(&env, &mine.file_id, 0).await, None);
    let used: i64 = sqlx::query_scalar("SELECT file_bytes_used FROM apps WHERE id = $1")
        .bind(&env.app_id)
        .fetch_one(&env.state.db.pool)
        .await
        .unwrap();
    assert_eq!(used, 0);
}

async fn uploads_resume_and_expire(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let group = group_with(&alice, &[]).await;
    // Two parts, then the client goes away; the upload resumes from the part list.
    let prepared = group.prepare_register_file(Some("resumed"), false).unwrap();
    let session = group.register_file(&prepared).await.unwrap();
    let mut upload = group.upload(&prepared.key, &session.session_id, 0);
    upload.upload_chunk(&data(CHUNK), false).await.unwrap();
    upload.upload_chunk(&data(CHUNK), false).await.unwrap();
    // A part sent again replaces the one stored.
    let (meta, key) = group
        .download_file_meta_info(prepared.file_id, None)
        .await
        .unwrap();
    assert!(!meta.meta.complete);
    assert_eq!(meta.meta.part_list.len(), 2);
    let mut resumed = group.upload(&key, &session.session_id, 1);
    resumed.upload_chunk(&data(CHUNK), false).await.unwrap();
    resumed.upload_chunk(b"end", true).await.unwrap();
    let finished = prepared.file_id;
    let finished_group = group.clone();
    let (read, _, _) = group.download_file(finished, None).await.unwrap();
    assert_eq!(read, [data(CHUNK), data(CHUNK), b"end".to_vec()].concat());
    // No part after the last: the client refuses, and so does the server (the session ended).
    assert_eq!(
        code(resumed.upload_chunk(b"more", true).await),
        ErrorCode::FileChunkAfterEnd
    );
    let mut late = group.upload(&key, &session.session_id, 4);
    assert_eq!(
        code(late.upload_chunk(b"more", true).await),
        ErrorCode::FileSessionNotFound
    );
    // Parts must come in order.
    let prepared = group.prepare_register_file(None, false).unwrap();
    let session = group.register_file(&prepared).await.unwrap();
    let mut gap = group.upload(&prepared.key, &session.session_id, 1);
    assert_eq!(
        code(gap.upload_chunk(b"gap", true).await),
        ErrorCode::FileChunkOutOfOrder
    );
    // An abandoned upload expires and is purged with its parts: on a server whose sessions
    // last a second (the test does not move its clock: on PostgreSQL, the servers of the tests
    // running beside it share the database and would purge their uploads too).
    let short = env
        .with_settings(|settings| settings.file_session_lifetime_ms = 1000)
        .await;
    let (_, erin) = short.user("erin").await;
    let group = group_with(&erin, &[]).await;
    let prepared = group.prepare_register_file(None, false).unwrap();
    let session = group.register_file(&prepared).await.unwrap();
    let mut abandoned = group.upload(&prepared.key, &session.session_id, 0);
    abandoned.upload_chunk(&data(CHUNK), false).await.unwrap();
    assert!(stored_part(&short, &prepared.file_id, 0).await.is_some());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        code(abandoned.upload_chunk(b"late", true).await),
        ErrorCode::FileSessionNotFound
    );
    purge_all(&short).await;
    assert_eq!(stored_part(&short, &prepared.file_id, 0).await, None);
    assert_eq!(
        code(group.download_file_meta_info(prepared.file_id, None).await),
        ErrorCode::FileNotFound
    );
    // The finished file stays.
    assert!(finished_group.download_file(finished, None).await.is_ok());
}

/// A request of the app's backend (secret token): status and body.
async fn backend(env: &TestEnv, method: &str, path: &str, body: Option<String>) -> (u16, String) {
    env.raw(method, path, Some(&env.secret_token), None, body.as_deref())
        .await
}

/// The result of a backend `GET`.
async fn backend_get(env: &TestEnv, path: &str) -> serde_json::Value {
    let (_, body) = backend(env, "GET", path, None).await;
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["result"].take()
}

async fn set_options(env: &TestEnv, options: &FileOptions) -> (u16, String) {
    let body = serde_json::to_string(options).unwrap();
    backend(env, "PUT", paths::FILE_OPTIONS, Some(body)).await
}

async fn quota_and_options(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let group = group_with(&alice, &[]).await;
    // Only the app's backend sets the options.
    let (status, body) = env
        .raw(
            "GET",
            paths::FILE_OPTIONS,
            Some(&env.public_token),
            None,
            None,
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (403, ErrorCode::SecretTokenRequired)
    );
    let quota = (2 * (CHUNK + CHUNK_OVERHEAD)) as i64;
    let options = FileOptions {
        storage: FileStorageMode::Server,
        quota_bytes: Some(quota),
    };
    assert_eq!(set_options(&env, &options).await.0, 200);
    group
        .create_file(&data(2 * CHUNK), None, false, Some(CHUNK))
        .await
        .unwrap();
    assert_eq!(
        code(group.create_file(b"one byte more", None, false, None).await),
        ErrorCode::FileQuotaExceeded
    );
    let usage = backend_get(&env, paths::FILE_OPTIONS).await;
    assert_eq!(usage["used_bytes"], quota);
    // No files at all.
    let none = FileOptions {
        storage: FileStorageMode::None,
        quota_bytes: None,
    };
    assert_eq!(set_options(&env, &none).await.0, 200);
    assert_eq!(
        code(group.create_file(b"x", None, false, None).await),
        ErrorCode::FilesDisabled
    );
    // The app's own storage: the part upload is the app backend's, with the secret token.
    let own = FileOptions {
        storage: FileStorageMode::Own,
        quota_bytes: None,
    };
    assert_eq!(set_options(&env, &own).await.0, 200);
    let prepared = group.prepare_register_file(None, false).unwrap();
    let session = group.register_file(&prepared).await.unwrap();
    assert_eq!(
        code(
            group
                .upload(&prepared.key, &session.session_id, 0)
                .upload_chunk(b"x", true)
                .await
        ),
        ErrorCode::SecretTokenRequired
    );
    let jwt = common::current_jwt(&alice).await;
    let path = paths::fill(paths::FILE_PART_UPLOAD, &[&session.session_id, "0", "true"]);
    let (status, body) = env
        .raw("POST", &path, Some(&env.secret_token), Some(&jwt), None)
        .await;
    assert_eq!(status, 200, "{body}");
    let (meta, _) = group
        .download_file_meta_info(prepared.file_id, None)
        .await
        .unwrap();
    let part_id = meta.meta.part_list[0].part_id.clone();
    assert!(meta.meta.part_list[0].extern_storage);
    // Deleted: the backend is told which parts to remove, and says when it did.
    group.delete_file(prepared.file_id).await.unwrap();
    purge_all(&env).await;
    let listed = backend_get(&env, paths::FILE_DELETED_PARTS).await;
    assert_eq!(listed["part_ids"], serde_json::json!([part_id]));
    let done = serde_json::json!({ "part_ids": [part_id] }).to_string();
    let (status, _) = backend(&env, "POST", paths::FILE_DELETED_PARTS, Some(done)).await;
    assert_eq!(status, 200);
    let listed = backend_get(&env, paths::FILE_DELETED_PARTS).await;
    assert_eq!(listed["part_ids"], serde_json::json!([]));
}

async fn files_for_users(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let bob_id = bob.user_id().unwrap();
    let created = alice
        .create_file(
            &data(CHUNK + 1),
            Some("for bob"),
            Some(&bob_id),
            false,
            Some(CHUNK),
        )
        .await
        .unwrap();
    let (read, meta, _) = bob.download_file(created.file_id, None).await.unwrap();
    assert_eq!(read, data(CHUNK + 1));
    assert_eq!(meta.file_name.as_deref(), Some("for bob"));
    // Another user sees nothing; the creator sees the file but cannot open a key made for Bob.
    assert_eq!(
        code(carol.download_file_meta_info(created.file_id, None).await),
        ErrorCode::FileNotFound
    );
    assert!(
        alice
            .download_file_meta_info(created.file_id, None)
            .await
            .is_err()
    );
    // A file for oneself.
    let mine = alice
        .create_file(b"mine", None, None, false, None)
        .await
        .unwrap();
    assert_eq!(
        alice.download_file(mine.file_id, None).await.unwrap().0,
        b"mine"
    );
    assert_eq!(
        code(bob.download_file_meta_info(mine.file_id, None).await),
        ErrorCode::FileNotFound
    );
    // A user that does not exist.
    let nobody = "0".repeat(32);
    assert_eq!(
        code(
            alice
                .create_file(b"x", None, Some(&nobody), false, None)
                .await
        ),
        ErrorCode::UserNotFound
    );
    // Deleted by its creator only.
    assert_eq!(
        code(bob.delete_file(created.file_id).await),
        ErrorCode::FileAccessDenied
    );
    alice.delete_file(created.file_id).await.unwrap();
    assert_eq!(
        code(bob.download_file(created.file_id, None).await),
        ErrorCode::FileNotFound
    );
}

async fn rotation_keeps_old_files(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group = group_with(&alice, &[&bob]).await;
    let before = group
        .create_file(&data(CHUNK * 2), None, false, Some(CHUNK))
        .await
        .unwrap();
    env.rotate(&group, 2).await;
    env.wait_for_rotations().await;
    let bobs = group_of(&bob, &group.id().unwrap()).await;
    let after = bobs.create_file(b"after", None, false, None).await.unwrap();
    assert_ne!(before.master_key_id, after.master_key_id);
    assert_eq!(
        bobs.download_file(before.file_id, None).await.unwrap().0,
        data(CHUNK * 2)
    );
    assert_eq!(
        group.download_file(after.file_id, None).await.unwrap().0,
        b"after"
    );
}

async fn long_part_lists_and_large_parts(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let group = group_with(&alice, &[]).await;
    // More parts than one page of the part list holds.
    let parts = usize::try_from(PARTS_PAGE).unwrap() + 2;
    let len = parts * 8 - 3;
    let created = group
        .create_file(&data(len), None, false, Some(8))
        .await
        .unwrap();
    let (meta, key) = group
        .download_file_meta_info(created.file_id, None)
        .await
        .unwrap();
    assert_eq!(meta.meta.part_list.len() as i64, PARTS_PAGE);
    let mut download = group.download(&meta, &key);
    let mut read = Vec::new();
    while let Some(chunk) = download.next_chunk().await.unwrap() {
        read.extend(chunk);
    }
    assert_eq!(read, data(len));
    // A part larger than the largest chunk is refused before it is stored.
    let prepared = group.prepare_register_file(None, false).unwrap();
    let session = group.register_file(&prepared).await.unwrap();
    let jwt = common::current_jwt(&alice).await;
    let path = paths::fill(paths::FILE_PART_UPLOAD, &[&session.session_id, "0", "true"]);
    let response = env
        .http
        .post(format!("{}{path}", env.base_url))
        .header("x-sentc-app-token", &env.public_token)
        .header("authorization", format!("Bearer {jwt}"))
        .body(vec![0u8; sentc_server::files::MAX_PART + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(
        TestEnv::code_of(&response.text().await.unwrap()),
        ErrorCode::InputTooLarge
    );
    assert_eq!(stored_part(&env, &prepared.file_id, 0).await, None);
}

/// A signed file's content key names its maker: a reader that asks for that maker's signature
/// gets the file; one made (or signed) by anyone else, or not signed, is refused.
async fn signed_files(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let alice_id = alice.user_id().unwrap();
    let bob_id = bob.user_id().unwrap();
    let group = group_with(&alice, &[&bob, &carol]).await;
    let bobs = group_of(&bob, &group.id().unwrap()).await;
    let carols = group_of(&carol, &group.id().unwrap()).await;
    let signed = group
        .create_file(b"by alice", None, true, None)
        .await
        .unwrap();
    let (read, _, _) = bobs
        .download_file(signed.file_id, Some(&alice_id))
        .await
        .unwrap();
    assert_eq!(read, b"by alice");
    // Carol's file passed off as Alice's.
    let forged = carols
        .create_file(b"by carol", None, true, None)
        .await
        .unwrap();
    assert_eq!(
        code(bobs.download_file(forged.file_id, Some(&alice_id)).await),
        ErrorCode::UserKeyNotFound
    );
    let unsigned = carols
        .create_file(b"unsigned", None, false, None)
        .await
        .unwrap();
    assert_eq!(
        code(bobs.download_file(unsigned.file_id, Some(&alice_id)).await),
        ErrorCode::SignatureMissing
    );
    // A file for a user, signed by its maker.
    let for_bob = alice
        .create_file(b"for bob", None, Some(&bob_id), true, None)
        .await
        .unwrap();
    let (read, _, _) = bob
        .download_file(for_bob.file_id, Some(&alice_id))
        .await
        .unwrap();
    assert_eq!(read, b"for bob");
    let from_carol = carol
        .create_file(b"not alice", None, Some(&bob_id), true, None)
        .await
        .unwrap();
    assert_eq!(
        code(bob.download_file(from_carol.file_id, Some(&alice_id)).await),
        ErrorCode::UserKeyNotFound
    );
}
