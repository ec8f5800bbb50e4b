//! Server side of groups: the rotation job wrapping a new key for 1,000 and 10,000 members, and
//! group fetches under load. SQLite file by default, PostgreSQL with `SENTC_BENCH_POSTGRES_URL`.
//! Run: `cargo bench -p sentc-server --bench groups`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sentc_core::client::{HttpTransport, LoginOutcome, MemoryStore, Sentc, SentcOptions};
use sentc_core::crypto::{PrivateKey, SignKey};
use sentc_core::group::prepare_group_key_rotation;
use sentc_core::keys::{GroupKey, group_chain_anchor};
use sentc_core::protocol::group::GroupKeyRotationRequest;
use sentc_server::apps;
use sentc_server::clock::{Clock, SystemClock};
use sentc_server::files::storage::StorageConfig;
use sentc_server::groups::jobs;
use sentc_server::secrets::{RootKey, new_id};
use sentc_server::state::{AppState, Settings};
use sentc_server::{Config, start_embedded};

/// A group with `members` members (written directly: user, newest user public key, membership)
/// and a started rotation; returns the wrapping time of the job.
async fn rotation(state: &AppState, app_id: &str, members: usize) -> Duration {
    let pool = &state.db.pool;
    let now = SystemClock.now_ms();
    let group_id = new_id().unwrap();
    let previous = GroupKey::generate().unwrap();
    let starter = PrivateKey::generate().unwrap();
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("INSERT INTO groups (id, app_id, created_at) VALUES ($1, $2, $3)")
        .bind(&group_id)
        .bind(app_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    let public = previous.public_key().to_json().unwrap();
    sqlx::query("INSERT INTO group_keys (id, group_id, seq, public_key, private_key, created_at) VALUES ($1, $2, 0, $3, '', $4)")
        .bind(previous.id().to_hex()).bind(&group_id).bind(&public).bind(now).execute(&mut *tx).await.unwrap();
    for _ in 0..members {
        let user_id = new_id().unwrap();
        let key = PrivateKey::generate().unwrap();
        sqlx::query("INSERT INTO users (id, app_id, created_at) VALUES ($1, $2, $3)")
            .bind(&user_id)
            .bind(app_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO user_keys (id, user_id, seq, public_key, verify_key, verify_key_id, private_key, sign_key, \
             public_key_signature, created_at) VALUES ($1, $2, 0, $3, '', '', '', '', '', $4)",
        )
        .bind(new_id().unwrap()).bind(&user_id).bind(key.public_key().to_json().unwrap()).bind(now)
        .execute(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO group_members (group_id, member_id, member_type, rank, joined_at) VALUES ($1, $2, 0, 4, $3)")
            .bind(&group_id).bind(&user_id).bind(now).execute(&mut *tx).await.unwrap();
    }
    // The starter's request, as the rotation endpoint stores it.
    // (The job does not look at the link's signature: any signer does here.)
    let chain = group_chain_anchor(&group_id, &previous);
    let signer = SignKey::generate().unwrap();
    let rotation = prepare_group_key_rotation(
        &chain,
        &previous,
        starter.public_key(),
        ("starter", &signer),
    )
    .unwrap();
    let (body, new) = (rotation.body, rotation.key);
    let request: GroupKeyRotationRequest = serde_json::from_str(&body).unwrap();
    sqlx::query(
        "INSERT INTO group_keys (id, group_id, seq, public_key, private_key, previous_key_id, new_key_by_ephemeral, \
         ephemeral_by_previous, created_at) VALUES ($1, $2, 1, $3, '', $4, $5, $6, $7)",
    )
    .bind(new.id().to_hex()).bind(&group_id).bind(new.public_key().to_json().unwrap())
    .bind(previous.id().to_hex()).bind(request.new_key_by_ephemeral.to_base64())
    .bind(request.ephemeral_by_previous.to_base64()).bind(now)
    .execute(&mut *tx).await.unwrap();
    sqlx::query("INSERT INTO group_rotation_jobs (id, group_id, key_id, skip_member, created_at) VALUES ($1, $2, $3, 'starter', $4)")
        .bind(new_id().unwrap()).bind(&group_id).bind(new.id().to_hex()).bind(now).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();

    let started = Instant::now();
    assert!(
        jobs::run_one(state, "bench")
            .await
            .map_err(|err| err.0)
            .unwrap()
    );
    let elapsed = started.elapsed();
    let wrapped: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM group_pending_rotations WHERE group_id = $1")
            .bind(&group_id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(wrapped as usize, members);
    elapsed
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    HttpTransport::new().unwrap();
    let dir = std::env::temp_dir().join(format!("sentc-bench-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (url, backend) = match std::env::var("SENTC_BENCH_POSTGRES_URL") {
        Ok(url) => (url, "PostgreSQL"),
        Err(_) => (
            format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            "SQLite (file, WAL)",
        ),
    };
    let (root, _) = RootKey::generate().unwrap();
    let server = start_embedded(Config {
        database_url: url,
        root_key: root.clone(),
        clock: Arc::new(SystemClock),
        // The embedded worker must not take the benchmark's jobs: give it nothing to find.
        settings: Settings {
            rotation_poll_ms: 3_600_000,
            ..Settings::default()
        },
        file_storage: StorageConfig::temporary().unwrap(),
    })
    .await
    .unwrap();
    let state = server.state.clone();
    let mut connection = state.db.pool.acquire().await.unwrap();
    let options = BTreeMap::from([(apps::Endpoint::Register, apps::Access::Public)]);
    let app = apps::create(
        &mut connection,
        &root,
        "bench",
        &options,
        SystemClock.now_ms(),
    )
    .await
    .map_err(|err| err.0)
    .unwrap();
    drop(connection);

    for members in [1_000, 10_000] {
        let elapsed = rotation(&state, &app.id, members).await;
        println!(
            "rotation wrap on {backend}: {members} members in {:.2} s = {:.0} µs per member",
            elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1e6 / members as f64
        );
    }

    // Group fetches: 16 clients fetching the same group (keys, access check, JWT check).
    let client = Sentc::new(
        SentcOptions::new(&server.base_url, app.public_token.as_str()),
        HttpTransport::new().unwrap(),
        MemoryStore::default(),
    );
    client.register("reader", "password").await.unwrap();
    let LoginOutcome::User(user) = client.login("reader", "password").await.unwrap() else {
        panic!("no MFA")
    };
    let group_id = user.create_group(false).await.unwrap();
    let jwt = user.jwt().await.unwrap();
    let url = format!("{}/api/v1/group/{group_id}", server.base_url);
    let http = reqwest::Client::new();
    let done = Arc::new(AtomicU64::new(0));
    let stop = Instant::now() + Duration::from_secs(10);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..16 {
        let (http, url, jwt, token, done) = (
            http.clone(),
            url.clone(),
            jwt.clone(),
            app.public_token.to_string(),
            done.clone(),
        );
        workers.push(tokio::spawn(async move {
            while Instant::now() < stop {
                let response = http
                    .get(&url)
                    .header("x-sentc-app-token", &token)
                    .header("authorization", format!("Bearer {jwt}"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                response.bytes().await.unwrap();
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let total = done.load(Ordering::Relaxed) as f64;
    println!(
        "group fetch on {backend}: {:.0} requests/s (16 concurrent clients, 10 s)",
        total / started.elapsed().as_secs_f64()
    );
    std::fs::remove_dir_all(&dir).ok();
}
