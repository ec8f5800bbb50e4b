//! Durability of the rotation job: a group of 500 members, the `sentc-server` process killed
//! (SIGKILL) in the middle of the wrapping job and started again on the same database. Every
//! member ends with exactly one blob for the new key, and real members finish and decrypt.

use std::time::Duration;

use sentc_core::group::VerifyLevel;
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::new_id;

mod common;

use common::process::{Deployment, ServerProcess, free_port};

const MEMBERS: usize = 500;
const PASSWORD: &str = "durable password";

async fn start_server(database_url: &str, root_key: &str, port: u16) -> ServerProcess {
    let files = std::env::temp_dir().join("sentc-durability-files");
    ServerProcess::start(
        port,
        &[
            ("DATABASE_URL", database_url),
            ("SENTC_ROOT_KEY", root_key),
            ("SENTC_ROTATION_BATCH", "10"),
            ("SENTC_ROTATION_PAUSE_MS", "40"),
            ("SENTC_ROTATION_LEASE_MS", "1000"),
            ("SENTC_FILE_DIR", files.to_str().unwrap()),
        ],
    )
    .await
}

async fn count(pool: &sqlx::AnyPool, sql: &'static str, key: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(key)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn survives_a_killed_server(database_url: String) {
    // The test's own view of the database (migrations, the app, the synthetic members).
    let deployment = Deployment::new(&database_url, StorageConfig::temporary().unwrap()).await;
    let (state, root_text, app) = (&deployment.state, &deployment.root_text, &deployment.app);
    let pool = state.db.pool.clone();

    let port = free_port();
    let base_url = format!("http://127.0.0.1:{port}");
    let server = start_server(&database_url, root_text, port).await;
    let mut real = Vec::new();
    for name in ["owner", "member-a", "member-b"] {
        real.push(deployment.user(&base_url, name, PASSWORD).await);
    }
    let owner = &real[0];
    let group_id = owner.create_group(false).await.unwrap();
    let group = owner
        .get_group(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    for member in &real[1..] {
        group
            .invite_auto(&member.user_id().unwrap(), None)
            .await
            .unwrap();
    }

    // The other 497 members, written straight into the database with real keys.
    let symmetric = group.keys().unwrap().newest().unwrap().symmetric().clone();
    common::bulk::add_members(&pool, &app.id, &group_id, &symmetric, MEMBERS - real.len()).await;

    // Rotate, and kill the server while it wraps.
    let new_key = group.key_rotation(false).await.unwrap().to_hex();
    let pending = "SELECT COUNT(*) FROM group_pending_rotations WHERE key_id = $1";
    for _ in 0..2000 {
        if count(&pool, pending, &new_key).await >= 60 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();
    let done_at_kill = count(&pool, pending, &new_key).await;
    assert!(
        (60..(MEMBERS as i64 - 1)).contains(&done_at_kill),
        "the kill should land in the middle of the job ({done_at_kill} wrapped)"
    );
    let open = "SELECT COUNT(*) FROM group_rotation_jobs WHERE key_id = $1 AND done = 0";
    assert_eq!(count(&pool, open, &new_key).await, 1);

    // Start again: the lease runs out and the job resumes where it stopped.
    let server = start_server(&database_url, root_text, port).await;
    for _ in 0..3000 {
        if count(&pool, open, &new_key).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(count(&pool, open, &new_key).await, 0, "the job finished");
    // Every member but the starter has exactly one blob (the table's key forbids duplicates).
    assert_eq!(count(&pool, pending, &new_key).await, MEMBERS as i64 - 1);
    let distinct =
        "SELECT COUNT(DISTINCT member_id) FROM group_pending_rotations WHERE key_id = $1";
    assert_eq!(count(&pool, distinct, &new_key).await, MEMBERS as i64 - 1);
    let missing = "SELECT COUNT(*) FROM group_members m WHERE m.group_id = $1 AND m.rank = 4 AND NOT EXISTS \
                   (SELECT 1 FROM group_pending_rotations p WHERE p.group_id = m.group_id AND p.member_id = m.member_id)";
    assert_eq!(count(&pool, missing, &group_id).await, 0);

    // Real members finish and read data under the new key.
    let secret = group.encrypt(b"after the crash").unwrap();
    for member in &real[1..] {
        let theirs = member
            .get_group(&group_id, VerifyLevel::Chain)
            .await
            .unwrap();
        assert_eq!(
            theirs.keys().unwrap().newest().unwrap().id().to_hex(),
            new_key
        );
        assert_eq!(theirs.decrypt(&secret).unwrap(), b"after the crash");
    }
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_survives_a_killed_server_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("sentc-durability-{}", new_id().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    survives_a_killed_server(format!("sqlite://{}/sentc.db?mode=rwc", dir.display())).await;
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_survives_a_killed_server_on_postgres() {
    let url = std::env::var("SENTC_TEST_POSTGRES_URL")
        .expect("SENTC_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts PostgreSQL");
    survives_a_killed_server(url).await;
}
