//! Logs never hold requests up: a server whose stderr is a pipe nobody reads (a supervisor that
//! stopped draining it) keeps answering although its log lines fill the pipe many times over.
//! Found by the npm package's Node.js test, whose harness reads the server's output on an event
//! loop that a synchronous child process blocked: the per-request log lines filled the pipe and
//! the server stopped answering.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::process::{Deployment, ServerProcess, free_port};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::new_id;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_stderr_pipe_does_not_stop_the_server() {
    let dir = std::env::temp_dir().join(format!("sentc-backpressure-{}", new_id().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/sentc.db?mode=rwc", dir.display());
    let deployment = Deployment::new(&url, StorageConfig::Local(dir.join("files"))).await;
    let port = free_port();
    // A pipe whose reading end the test holds and never reads: 64 KiB fill it.
    let server = ServerProcess::start_with_output(
        port,
        &[
            ("DATABASE_URL", &url),
            ("SENTC_ROOT_KEY", &deployment.root_text),
            ("SENTC_LOG_LEVEL", "debug"),
        ],
        Stdio::piped(),
    )
    .await;
    let http = reqwest::Client::new();
    // About 300 bytes of log per request: 3,000 requests write some 900 KiB.
    for i in 0..3000 {
        let response = tokio::time::timeout(
            Duration::from_secs(10),
            http.get(format!("http://127.0.0.1:{port}/api/v1/no/such/{i}"))
                .send(),
        )
        .await
        .unwrap_or_else(|_| panic!("request {i} hung: the server blocked on its logs"))
        .unwrap();
        assert_eq!(response.status(), 404);
    }
    drop(server);
    std::fs::remove_dir_all(&dir).ok();
}
