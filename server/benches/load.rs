//! The load generator as a benchmark: `clients` users of the real client run the mixed workload
//! (server/tests/common/load.rs) for `seconds` against release-built `sentc-server` processes on
//! loopback, then the database is checked for lost writes. Prints p50/p99 per operation, the
//! error counts and the servers' peak RSS.
//!
//! Run: `cargo bench -p sentc-server --bench load -- --target sqlite` (or `postgres`,
//! `two-nodes`, which need `SENTC_BENCH_POSTGRES_URL`); `--seconds 60 --clients 100` are the
//! defaults.

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;

use std::time::Duration;

use common::nodes::start_two;
use common::process::{Deployment, ServerProcess, free_port};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::{RootKey, new_id};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|arg| arg == "--bench") {
        return; // `cargo test --benches` runs this without --bench: nothing to measure.
    }
    let seconds: u64 = arg(&args, "--seconds").map_or(60, |s| s.parse().unwrap());
    let clients: usize = arg(&args, "--clients").map_or(100, |s| s.parse().unwrap());
    let target = arg(&args, "--target").unwrap_or_else(|| "sqlite".into());
    let duration = Duration::from_secs(seconds);
    let dir = std::env::temp_dir().join(format!("sentc-load-bench-{}", new_id().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = dir.join("files");
    let files_text = files.display().to_string();
    let (_, root) = RootKey::generate().unwrap();
    let database_url = match target.as_str() {
        "sqlite" => format!("sqlite://{}/sentc.db?mode=rwc", dir.display()),
        "postgres" | "two-nodes" => {
            let admin = std::env::var("SENTC_BENCH_POSTGRES_URL")
                .expect("set SENTC_BENCH_POSTGRES_URL (scripts/postgres.sh start prints one)");
            common::create_postgres_database(&admin, "sentc_load_bench").await
        }
        other => panic!("unknown target {other} (sqlite, postgres, two-nodes)"),
    };
    let env = [
        ("DATABASE_URL", database_url.as_str()),
        ("SENTC_ROOT_KEY", root.as_str()),
        ("SENTC_FILE_DIR", files_text.as_str()),
        ("SENTC_MAX_KEY_ROTATIONS_PER_HOUR", "1000000"),
    ];
    let (processes, urls) = if target == "two-nodes" {
        let nodes = start_two(&env).await;
        let urls = nodes.iter().map(|node| node.base_url.clone()).collect();
        (
            nodes
                .into_iter()
                .map(|node| node.process)
                .collect::<Vec<_>>(),
            urls,
        )
    } else {
        let port = free_port();
        let process = ServerProcess::start(port, &env).await;
        (vec![process], vec![format!("http://127.0.0.1:{port}")])
    };
    let deployment = Deployment::with_root(&database_url, StorageConfig::Local(files), &root).await;
    let load = common::load::Target {
        urls,
        pids: processes.iter().map(ServerProcess::id).collect(),
        deployment: &deployment,
    };
    let report = common::load::run(&load, clients, duration).await;
    println!("load on {target}: {report}");
    drop(processes);
    std::fs::remove_dir_all(&dir).ok();
    if report.error_count > 0 || !report.lost_writes.is_empty() {
        std::process::exit(1);
    }
}
