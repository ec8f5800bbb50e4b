//! SIGTERM: the server stops accepting connections, finishes the request in flight (its body
//! still arriving) and exits with status 0.

mod common;

use std::time::Duration;

use common::process::{Deployment, ServerProcess, free_port};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::new_id;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight() {
    let dir = std::env::temp_dir().join(format!("sentc-shutdown-{}", new_id().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/sentc.db?mode=rwc", dir.display());
    let deployment = Deployment::new(&url, StorageConfig::Local(dir.join("files"))).await;
    let port = free_port();
    let server = ServerProcess::start(
        port,
        &[
            ("DATABASE_URL", &url),
            ("SENTC_ROOT_KEY", &deployment.root_text),
        ],
    )
    .await;

    // A registration whose body arrives in two halves, with SIGTERM in between.
    let body = sentc_core::user::prepare_register("late-user", "a password").unwrap();
    let (first, second) = body.split_at(body.len() / 2);
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let head = format!(
        "POST /api/v1/register HTTP/1.1\r\nhost: localhost\r\nx-sentc-app-token: {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n",
        deployment.app.secret_token.as_str(),
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.send_sigterm();
    tokio::time::sleep(Duration::from_millis(300)).await;

    // No new connections once shutdown began.
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err(),
        "the listener should be closed"
    );

    stream.write_all(second.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let (_, json) = response.split_once("\r\n\r\n").unwrap();
    sentc_core::user::done_register(json).unwrap();

    let status = server.wait_for_exit().await;
    assert!(status.success(), "{status:?}");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&deployment.state.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
    std::fs::remove_dir_all(&dir).ok();
}
