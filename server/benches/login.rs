//! Server side of login under load: prepare_login → done_login → verify_login against a
//! real server (SQLite file, or PostgreSQL with `SENTC_BENCH_POSTGRES_URL`) on loopback.
//! The client's Argon2 is done once per user before the clock starts; what remains on the
//! client per login (opening the device keys, decrypting the challenge, opening the user
//! keys) runs on the same two cores and is included.
//!
//! Run: `cargo bench -p sentc-server --bench login` (add `-- --seconds 20` to run longer).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sentc_core::client::HttpTransport;
use sentc_core::user::{
    LoginState, done_login, done_verify_login, prepare_login, prepare_register,
};
use sentc_server::apps;
use sentc_server::clock::{Clock, SystemClock};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::RootKey;
use sentc_server::state::Settings;
use sentc_server::{Config, start_embedded};

const USERS: usize = 64;
const WORKERS: usize = 16;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|arg| arg == "--bench") {
        return; // `cargo test --benches` runs this without --bench: nothing to measure.
    }
    let seconds: u64 = args
        .iter()
        .position(|arg| arg == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(10);
    HttpTransport::new().unwrap();
    let dir = std::env::temp_dir().join(format!("sentc-bench-{}", std::process::id()));
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
        settings: Settings {
            max_login_failures: i64::MAX,
            ..Settings::default()
        },
        file_storage: StorageConfig::temporary().unwrap(),
    })
    .await
    .unwrap();
    let mut connection = server.state.db.pool.acquire().await.unwrap();
    let app = apps::create(
        &mut connection,
        &root,
        "bench",
        &Default::default(),
        SystemClock.now_ms(),
    )
    .await
    .map_err(|err| err.0)
    .unwrap();
    drop(connection);
    let http = reqwest::Client::new();
    let base = server.base_url.clone();
    let post = move |path: &'static str, token: String, body: String| {
        let http = http.clone();
        let base = base.clone();
        async move {
            http.post(format!("{base}{path}"))
                .header("x-sentc-app-token", token)
                .body(body)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };

    // Users, and their password keys derived once (the Argon2 the benchmark leaves out).
    let mut users = Vec::new();
    for i in 0..USERS {
        let identifier = format!("user{i}");
        let body = prepare_register(&identifier, "password").unwrap();
        post("/api/v1/register", app.secret_token.to_string(), body).await;
        let params = post(
            "/api/v1/prepare_login",
            app.public_token.to_string(),
            format!(r#"{{"user_identifier":"{identifier}"}}"#),
        )
        .await;
        let (done_body, secrets) = prepare_login(&identifier, "password", &params).unwrap();
        users.push(Arc::new((identifier, done_body, secrets)));
    }

    let logins = Arc::new(AtomicU64::new(0));
    let stop = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..WORKERS {
        let users = users.clone();
        let logins = logins.clone();
        let token = app.public_token.to_string();
        let post = post.clone();
        workers.push(tokio::spawn(async move {
            let mut i = worker;
            while Instant::now() < stop {
                let user = &users[i % users.len()];
                let (identifier, done_body, secrets) = (&user.0, &user.1, &user.2);
                post(
                    "/api/v1/prepare_login",
                    token.clone(),
                    format!(r#"{{"user_identifier":"{identifier}"}}"#),
                )
                .await;
                let done = post("/api/v1/done_login", token.clone(), done_body.clone()).await;
                let LoginState::Challenge(pending) = done_login(secrets, &done).unwrap() else {
                    panic!("no MFA in the benchmark")
                };
                let verified = post(
                    "/api/v1/verify_login",
                    token.clone(),
                    pending.verify_body().to_string(),
                )
                .await;
                done_verify_login(*pending, identifier, &verified, Default::default()).unwrap();
                logins.fetch_add(1, Ordering::Relaxed);
                i += WORKERS;
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let total = logins.load(Ordering::Relaxed);
    println!(
        "login on {backend}: {total} logins in {elapsed:.1} s = {:.0} logins/s ({:.0} requests/s), \
         {WORKERS} concurrent clients, {USERS} users",
        total as f64 / elapsed,
        3.0 * total as f64 / elapsed,
    );
    std::fs::remove_dir_all(&dir).ok();
}
