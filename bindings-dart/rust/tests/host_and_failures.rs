//! What Dart supplies and what can go wrong with it, through the bridge's API: files with
//! progress (from a path and from memory, cancelled), the store as Dart functions and the
//! encrypted file, the native transport, and bad input — garbage answers, a transport or store
//! that throws, a hostile server rewriting answers, truncated data, bad ids, a missing file.
//! Every failure is a `SentcError` with its stable code; none is a panic.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::{PASSWORD, Server, answering, code, dart_transport, dart_transport_with, log_in};
use flutter_rust_bridge::DartFnFuture;
use sentc_flutter::api::client::SentcClient;
use sentc_flutter::api::files::FileProgress;
use sentc_flutter::api::host::{HostResponse, HttpMethod, SentcStore, SentcTransport};

/// A progress that records what it got and answers `go_on(done)`.
fn recording(go_on: fn(u64) -> bool) -> (FileProgress, Arc<Mutex<Vec<u64>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let progress = FileProgress::dart(move |done| -> DartFnFuture<bool> {
        log.lock().unwrap().push(done);
        Box::pin(async move { go_on(done) })
    });
    (progress, seen)
}

#[tokio::test]
async fn files_from_a_path_and_from_memory_with_progress() {
    let server = Server::start("files").await;
    let (_, alice, _) = server.user("alice").await;
    let (_, bob, _) = server.user("bob").await;
    let group = alice
        .get_group(alice.create_group(false).await.unwrap(), false)
        .await
        .unwrap();
    group
        .invite_auto(bob.user_id().unwrap(), None)
        .await
        .unwrap();
    let bobs = bob
        .get_group(group.group_id().unwrap(), false)
        .await
        .unwrap();

    // Two chunks and a bit from a file, signed; Bob downloads and checks the signer.
    let dir = std::env::temp_dir().join(format!("sentc-dart-files-{}", common::unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let data: Vec<u8> = (0..(8 << 20) + 1000).map(|i| (i % 251) as u8).collect();
    let source = dir.join("report.pdf");
    std::fs::write(&source, &data).unwrap();
    let (progress, sent) = recording(|_| true);
    let created = group
        .create_file(source.display().to_string(), true, Some(progress))
        .await
        .unwrap();
    assert_eq!(*sent.lock().unwrap().last().unwrap(), data.len() as u64);
    assert_eq!(sent.lock().unwrap().len(), 3, "one report per part");
    let target = dir.join("downloaded");
    let (progress, written) = recording(|_| true);
    let downloaded = bobs
        .download_file(
            target.display().to_string(),
            created.file_id.clone(),
            Some(alice.user_id().unwrap()),
            Some(progress),
        )
        .await
        .unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), data);
    assert_eq!(downloaded.size, data.len() as u64);
    assert_eq!(downloaded.meta.file_name.as_deref(), Some("report.pdf"));
    assert_eq!(*written.lock().unwrap().last().unwrap(), data.len() as u64);

    // From memory (the web), renamed with the content key, then deleted.
    let created = bobs
        .create_file_with_bytes(b"small".to_vec(), Some("a.txt".into()), false, None)
        .await
        .unwrap();
    let meta = group
        .download_file_meta_info(created.file_id.clone(), None)
        .await
        .unwrap();
    assert_eq!(meta.meta.file_name.as_deref(), Some("a.txt"));
    group
        .update_file_name(created.file_id.clone(), &meta.key, Some("b.txt".into()))
        .await
        .unwrap();
    let bytes = group
        .download_file_bytes(created.file_id.clone(), None, None)
        .await
        .unwrap();
    assert_eq!(
        (bytes.data.as_slice(), bytes.meta.file_name.as_deref()),
        (&b"small"[..], Some("b.txt"))
    );
    group.delete_file(created.file_id.clone()).await.unwrap();
    let gone = group.download_file_bytes(created.file_id, None, None).await;
    assert_eq!(code(gone).1, "FileNotFound");

    // A progress answering false cancels; a missing path is a local failure.
    let (progress, _) = recording(|done| done < 4 << 20);
    let cancelled = group
        .create_file(source.display().to_string(), false, Some(progress))
        .await;
    assert_eq!(code(cancelled), (10007, "Cancelled".into()));
    let missing = dir.join("missing").display().to_string();
    let failed = group.create_file(missing, false, None).await;
    assert_eq!(code(failed), (10008, "LocalIoFailed".into()));
    // A file for a user: only Bob reads it.
    let for_bob = alice
        .create_file_with_bytes(
            b"for bob".to_vec(),
            None,
            false,
            Some(bob.user_id().unwrap()),
            None,
        )
        .await
        .unwrap();
    let read = bob.download_file_bytes(for_bob.file_id, None, None).await;
    assert_eq!(read.unwrap().data, b"for bob");
    std::fs::remove_dir_all(dir).ok();
}

/// The store functions Dart hands over (`SentcStore.dart`), over a map; `fail` makes them throw.
fn dart_store(values: Arc<Mutex<HashMap<String, String>>>, fail: bool) -> SentcStore {
    let (get, set, delete) = (values.clone(), values.clone(), values);
    SentcStore::dart(
        move |key| -> DartFnFuture<Option<String>> {
            let value = get.lock().unwrap().get(&key).cloned();
            Box::pin(async move {
                assert!(!fail, "the Dart function threw");
                value
            })
        },
        move |key, value| -> DartFnFuture<()> {
            set.lock().unwrap().insert(key, value);
            Box::pin(async move { assert!(!fail, "the Dart function threw") })
        },
        move |key| -> DartFnFuture<()> {
            delete.lock().unwrap().remove(&key);
            Box::pin(async move { assert!(!fail, "the Dart function threw") })
        },
    )
}

#[tokio::test]
async fn the_session_lives_in_the_store_dart_supplies() {
    let server = Server::start("store").await;
    let values = Arc::new(Mutex::new(HashMap::new()));
    let client = SentcClient::new(
        server.options(),
        dart_transport(),
        dart_store(values.clone(), false),
    );
    let identifier = format!("stored-{}", common::unique());
    client
        .register(identifier.clone(), PASSWORD.into())
        .await
        .unwrap();
    let user = log_in(&client, &identifier, PASSWORD).await;
    assert!(!values.lock().unwrap().is_empty());
    // The app restarts: a new client on the same store finds the user.
    let restarted = SentcClient::new(
        server.options(),
        dart_transport(),
        dart_store(values.clone(), false),
    );
    let again = restarted.get_actual_user().await.unwrap().unwrap();
    assert_eq!(again.user_id().unwrap(), user.user_id().unwrap());
    again.log_out().await.unwrap();
    assert!(restarted.get_actual_user().await.unwrap().is_none());

    // A store that throws is 10004; one that holds garbage is a JSON error.
    let throwing = SentcClient::new(
        server.options(),
        dart_transport(),
        dart_store(values.clone(), true),
    );
    let failed = throwing.login(identifier.clone(), PASSWORD.into()).await;
    assert_eq!(code(failed), (10004, "StoreFailed".into()));
    let garbage = SentcStore::dart(
        |_| -> DartFnFuture<Option<String>> { Box::pin(async { Some("{not a session".into()) }) },
        |_, _| -> DartFnFuture<()> { Box::pin(async {}) },
        |_| -> DartFnFuture<()> { Box::pin(async {}) },
    );
    let broken = SentcClient::new(server.options(), dart_transport(), garbage);
    assert_eq!(
        code(broken.get_actual_user().await),
        (1003, "InvalidJson".into())
    );
}

#[tokio::test]
async fn the_encrypted_file_store_keeps_the_session_and_refuses_a_wrong_key() {
    let server = Server::start("file-store").await;
    let path = std::env::temp_dir().join(format!("sentc-dart-store-{}", common::unique()));
    let path_text = path.display().to_string();
    let store = SentcStore::encrypted_file(path_text.clone(), vec![7; 32]).unwrap();
    let client = SentcClient::new(server.options(), dart_transport(), store);
    let identifier = format!("filed-{}", common::unique());
    client
        .register(identifier.clone(), PASSWORD.into())
        .await
        .unwrap();
    let user = log_in(&client, &identifier, PASSWORD).await;
    let store = SentcStore::encrypted_file(path_text.clone(), vec![7; 32]).unwrap();
    let restarted = SentcClient::new(server.options(), dart_transport(), store);
    let again = restarted.get_actual_user().await.unwrap().unwrap();
    assert_eq!(again.user_id().unwrap(), user.user_id().unwrap());
    let wrong = SentcStore::encrypted_file(path_text.clone(), vec![8; 32]);
    assert_eq!(code(wrong), (3001, "DecryptionFailed".into()));
    let short = SentcStore::encrypted_file(path_text, vec![7; 16]);
    assert_eq!(code(short), (2003, "InvalidKey".into()));
    std::fs::remove_file(path).ok();
}

#[tokio::test]
async fn the_native_transport_is_an_option() {
    let server = Server::start("native").await;
    let native = SentcTransport::native();
    assert_eq!(native.is_ok(), cfg!(feature = "native-http"));
    match native {
        Ok(native) => {
            let client = SentcClient::new(server.options(), native, SentcStore::memory());
            let identifier = format!("native-{}", common::unique());
            client
                .register(identifier.clone(), PASSWORD.into())
                .await
                .unwrap();
            log_in(&client, &identifier, PASSWORD).await;
        }
        Err(error) => {
            assert_eq!(error.code, 1001);
        }
    }
}

#[tokio::test]
async fn garbage_and_failing_answers_are_typed_errors() {
    let server = Server::start("garbage").await;
    for (status, body) in [
        (200, &b"not json"[..]),
        (200, &b"{}"[..]),
        (500, &b"<html>down</html>"[..]),
        (200, &br#"{"status":"ok","result":42}"#[..]),
    ] {
        let client = SentcClient::new(
            server.options(),
            answering(status, body),
            SentcStore::memory(),
        );
        let failed = client.login("someone".into(), PASSWORD.into()).await;
        assert_eq!(
            code(failed),
            (10002, "InvalidServerResponse".into()),
            "{status}"
        );
    }
    // A Dart transport that throws (flutter_rust_bridge panics on this side) is 10001.
    let throwing = SentcTransport::dart(|_| -> DartFnFuture<HostResponse> {
        Box::pin(async { panic!("SocketException: connection refused") })
    });
    let client = SentcClient::new(server.options(), throwing, SentcStore::memory());
    let failed = client.register("x".into(), PASSWORD.into()).await;
    assert_eq!(code(failed), (10001, "TransportFailed".into()));

    // Damaged data and bad ids.
    let (_, alice, _) = server.user("alice").await;
    let group = alice
        .get_group(alice.create_group(false).await.unwrap(), false)
        .await
        .unwrap();
    let item = group.encrypt(b"data".to_vec(), false).unwrap();
    let truncated = group.decrypt(item[..item.len() / 2].to_vec());
    assert_eq!(code(truncated).1, "InputTruncated");
    let mut flipped = item.clone();
    *flipped.last_mut().unwrap() ^= 1;
    assert_eq!(
        code(group.decrypt(flipped)),
        (3001, "DecryptionFailed".into())
    );
    assert_eq!(code(group.decrypt_string("%%%".into())).0, 1002);
    assert_eq!(
        code(alice.fetch_key("nope".into(), "nope".into()).await).0,
        1002
    );
    let bad_key = alice.get_non_registered_key(group.newest_key_id().unwrap(), "AAAA".into());
    assert_eq!(code(bad_key), (1004, "UnsupportedVersion".into()));
    let malformed = alice.get_group("no-such-group".into(), false).await;
    assert_eq!(code(malformed), (1001, "MalformedInput".into()));
    let (_, stranger, _) = server.user("stranger").await;
    let foreign = stranger.get_group(group.group_id().unwrap(), false).await;
    assert_eq!(code(foreign).0, 6002);
}

#[tokio::test]
async fn a_hostile_server_cannot_swap_the_password_parameters() {
    let server = Server::start("hostile").await;
    let (_, _, identifier) = server.user("pinned").await;
    let hostile = Arc::new(Mutex::new(false));
    let switch = hostile.clone();
    let transport = dart_transport_with(Arc::new(move |request, response| {
        if *switch.lock().unwrap()
            && request.method == HttpMethod::Post
            && request
                .url
                .ends_with(sentc_core::protocol::paths::PREPARE_LOGIN)
        {
            let mut body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
            body["result"]["password_params"]["salt"] = "CQkJCQkJCQkJCQkJCQkJCQ==".into();
            response.body = body.to_string().into_bytes();
        }
    }));
    let client = SentcClient::new(server.options(), transport, SentcStore::memory());
    log_in(&client, &identifier, PASSWORD).await;
    *hostile.lock().unwrap() = true;
    let refused = client.login(identifier.clone(), PASSWORD.into()).await;
    assert_eq!(code(refused), (3105, "PasswordParamsChanged".into()));
    *hostile.lock().unwrap() = false;
    log_in(&client, &identifier, PASSWORD).await;
}
