//! An upload cut off by a crash: the `sentc-server` process killed (SIGKILL) while a part is on
//! its way, then started again on the same database and storage. The purge job removes the
//! abandoned upload's parts (those it recorded and the one it may have written unrecorded) and
//! its rows; a finished file beside it stays readable.

mod common;

use std::time::Duration;

use common::process::{Deployment, ServerProcess, free_port};
use sentc_core::group::VerifyLevel;
use sentc_server::files::storage::{FileStorage, StorageConfig};

const CHUNK: usize = 1024 * 1024;

async fn leaves_no_orphan_parts(database_url: String) {
    let dir = std::env::temp_dir().join(format!(
        "sentc-file-durability-{}",
        sentc_core::crypto::KeyId::random().unwrap()
    ));
    let storage_config = StorageConfig::Local(dir.clone());
    // The test's own view of the database and the storage.
    let deployment = Deployment::new(&database_url, storage_config.clone()).await;
    let storage = FileStorage::open(&storage_config).unwrap();
    let pool = deployment.state.db.pool.clone();

    let port = free_port();
    let env = [
        ("DATABASE_URL", database_url.as_str()),
        ("SENTC_ROOT_KEY", deployment.root_text.as_str()),
        ("SENTC_FILE_DIR", dir.to_str().unwrap()),
        ("SENTC_FILE_SESSION_LIFETIME_MS", "2000"),
        ("SENTC_ROTATION_LEASE_MS", "1000"),
    ];
    let server = ServerProcess::start(port, &env).await;
    let base_url = format!("http://127.0.0.1:{port}");
    let user = deployment.user(&base_url, "uploader", "a password").await;
    let group_id = user.create_group(false).await.unwrap();
    let group = user.get_group(&group_id, VerifyLevel::Chain).await.unwrap();
    let finished = group
        .create_file(&vec![1u8; 2 * CHUNK], None, false, Some(CHUNK))
        .await
        .unwrap()
        .file_id;

    // Two parts stored, the third on its way when the process dies.
    let prepared = group.prepare_register_file(Some("cut off"), false).unwrap();
    let session = group.register_file(&prepared).await.unwrap();
    let mut upload = group.upload(&prepared.key, &session.session_id, 0);
    upload.upload_chunk(&vec![2u8; CHUNK], false).await.unwrap();
    upload.upload_chunk(&vec![3u8; CHUNK], false).await.unwrap();
    let in_flight = tokio::spawn(async move {
        let _ = upload.upload_chunk(&vec![4u8; CHUNK], false).await;
    });
    tokio::time::sleep(Duration::from_millis(5)).await;
    server.kill();
    let _ = in_flight.await;
    let file_id = prepared.file_id.to_hex();
    assert!(storage.get_part(&file_id, 0).await.is_ok());

    // Started again: once the session has expired, the purge job removes everything.
    let _server = ServerProcess::start(port, &env).await;
    let rows = "SELECT COUNT(*) FROM files WHERE id = $1";
    let mut left = 1;
    for _ in 0..300 {
        left = sqlx::query_scalar::<_, i64>(rows)
            .bind(&file_id)
            .fetch_one(&pool)
            .await
            .unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0, "the abandoned upload was not purged");
    let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM file_parts WHERE file_id = $1")
        .bind(&file_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(parts, 0);
    assert!(
        !dir.join("files").join(&file_id).exists(),
        "orphan parts left"
    );
    for index in 0..3 {
        assert!(storage.get_part(&file_id, index).await.is_err());
    }
    // The finished file is untouched.
    let (read, _, _) = group.download_file(finished, None).await.unwrap();
    assert_eq!(read, vec![1u8; 2 * CHUNK]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_cut_off_by_a_crash_on_sqlite() {
    let dir = std::env::temp_dir().join(format!(
        "sentc-file-durability-db-{}",
        sentc_core::crypto::KeyId::random().unwrap()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    leaves_no_orphan_parts(format!("sqlite://{}/sentc.db?mode=rwc", dir.display())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_cut_off_by_a_crash_on_postgres() {
    let url = std::env::var("SENTC_TEST_POSTGRES_URL")
        .expect("SENTC_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts PostgreSQL");
    leaves_no_orphan_parts(url).await;
}
