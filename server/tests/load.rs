//! The load generator for 10 s (the figures come from `cargo bench -p sentc-server --bench
//! load`, BENCHMARKS.md): 100 clients of the mixed workload against a server process on SQLite
//! and against two processes on PostgreSQL. It asserts what must hold under load, never a
//! time: no failed operation, no server error, no lost write.

mod common;

use std::time::Duration;

use common::nodes::start_two;
use common::process::{Deployment, ServerProcess, free_port};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::{RootKey, new_id};

const CLIENTS: usize = 100;
const SECONDS: u64 = 10;

/// Raised limits: the load starts a rotation per group every few seconds.
const LOAD_LIMITS: &[(&str, &str)] = &[("SENTC_MAX_KEY_ROTATIONS_PER_HOUR", "1000000")];

fn assert_clean(report: &common::load::Report) {
    println!("{report}");
    assert_eq!(report.server_errors, 0, "{report}");
    assert_eq!(report.error_count, 0, "{report}");
    assert!(report.lost_writes.is_empty(), "{report}");
    // Every operation of the mix ran.
    assert_eq!(report.ops.len(), 6, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_on_sqlite_loses_nothing() {
    let dir = std::env::temp_dir().join(format!("sentc-load-{}", new_id().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/sentc.db?mode=rwc", dir.display());
    let files = dir.join("files");
    let deployment = Deployment::new(&url, StorageConfig::Local(files.clone())).await;
    let port = free_port();
    let files = files.display().to_string();
    let mut env = vec![
        ("DATABASE_URL", url.as_str()),
        ("SENTC_ROOT_KEY", deployment.root_text.as_str()),
        ("SENTC_FILE_DIR", files.as_str()),
    ];
    env.extend_from_slice(LOAD_LIMITS);
    let server = ServerProcess::start(port, &env).await;
    let target = common::load::Target {
        urls: vec![format!("http://127.0.0.1:{port}")],
        pids: vec![server.id()],
        deployment: &deployment,
    };
    let report = common::load::run(&target, CLIENTS, Duration::from_secs(SECONDS)).await;
    assert_clean(&report);
    drop(server);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_on_two_nodes_on_postgres_loses_nothing() {
    let url = common::fresh_postgres_database("sentc_load").await;
    let (_, root) = RootKey::generate().unwrap();
    let files = std::env::temp_dir().join(format!("sentc-load-{}", new_id().unwrap()));
    let files_text = files.display().to_string();
    let mut env = vec![
        ("DATABASE_URL", url.as_str()),
        ("SENTC_ROOT_KEY", root.as_str()),
        ("SENTC_FILE_DIR", files_text.as_str()),
    ];
    env.extend_from_slice(LOAD_LIMITS);
    let nodes = start_two(&env).await;
    let deployment = Deployment::with_root(&url, StorageConfig::Local(files), &root).await;
    let target = common::load::Target {
        urls: nodes.iter().map(|node| node.base_url.clone()).collect(),
        pids: nodes.iter().map(|node| node.process.id()).collect(),
        deployment: &deployment,
    };
    let report = common::load::run(&target, CLIENTS, Duration::from_secs(SECONDS)).await;
    assert_clean(&report);
}
