//! The file storage (`sentc_server::files::storage`) on both backends it supports: a directory
//! and an S3-compatible server (moto on loopback, started by scripts/test.sh as PostgreSQL is).

use bytes::Bytes;
use sentc_core::ErrorCode;
use sentc_core::crypto::KeyId;
use sentc_server::files::storage::{FileStorage, S3Config, StorageConfig};

fn local() -> (FileStorage, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("sentc-files-{}", KeyId::random().unwrap()));
    let storage = FileStorage::open(&StorageConfig::Local(dir.clone())).unwrap();
    (storage, dir)
}

fn s3() -> FileStorage {
    let endpoint = std::env::var("SENTC_TEST_S3_URL")
        .expect("SENTC_TEST_S3_URL is not set: run scripts/test.sh, which starts moto");
    FileStorage::open(&StorageConfig::S3(S3Config {
        endpoint,
        bucket: "sentc-test".into(),
        region: "us-east-1".into(),
        access_key_id: "test".into(),
        secret_access_key: "test".into(),
    }))
    .unwrap()
}

#[tokio::test]
async fn parts_in_a_directory() {
    let (storage, dir) = local();
    parts_are_stored_replaced_and_deleted(&storage).await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn parts_in_an_s3_bucket() {
    parts_are_stored_replaced_and_deleted(&s3()).await;
}

fn code<T: std::fmt::Debug>(result: Result<T, sentc_core::Error>) -> ErrorCode {
    result.unwrap_err().code()
}

async fn parts_are_stored_replaced_and_deleted(storage: &FileStorage) {
    let file = KeyId::random().unwrap().to_hex();
    let other = KeyId::random().unwrap().to_hex();
    let parts: Vec<Bytes> = (0..3u8)
        .map(|index| Bytes::from(vec![index; 1000 + usize::from(index)]))
        .collect();
    for (index, part) in (0u32..).zip(&parts) {
        storage.put_part(&file, index, part.clone()).await.unwrap();
    }
    // A chunk of the default size plus its overhead, in one part.
    let large = Bytes::from(vec![7u8; 4 * 1024 * 1024 + 66]);
    storage.put_part(&other, 0, large.clone()).await.unwrap();
    for (index, part) in (0u32..).zip(&parts) {
        assert_eq!(&storage.get_part(&file, index).await.unwrap(), part);
    }
    assert_eq!(storage.get_part(&other, 0).await.unwrap(), large);

    // A part sent again (an upload that resumes) replaces the earlier one.
    let again = Bytes::from_static(b"sent again");
    storage.put_part(&file, 1, again.clone()).await.unwrap();
    assert_eq!(storage.get_part(&file, 1).await.unwrap(), again);

    assert_eq!(
        code(storage.get_part(&file, 3).await),
        ErrorCode::FilePartNotFound
    );
    // Only file ids name files: nothing outside the files' prefix can be reached.
    for bad in [
        "../etc",
        "files",
        "",
        "00112233445566778899aabbccddeeff/../x",
    ] {
        assert_ne!(
            code(storage.get_part(bad, 0).await),
            ErrorCode::FilePartNotFound,
            "{bad}"
        );
        assert!(
            storage.put_part(bad, 0, again.clone()).await.is_err(),
            "{bad}"
        );
    }

    assert_eq!(storage.delete_file(&file).await.unwrap(), 3);
    assert_eq!(
        code(storage.get_part(&file, 0).await),
        ErrorCode::FilePartNotFound
    );
    assert_eq!(storage.delete_file(&file).await.unwrap(), 0);
    assert_eq!(storage.get_part(&other, 0).await.unwrap(), large);
    assert_eq!(storage.delete_file(&other).await.unwrap(), 1);
}
