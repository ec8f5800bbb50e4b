//! What operators see: `/health`, `/ready` (with each reason it can refuse), Prometheus metrics
//! at `/metrics` (with and without a token) and request ids.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::TestEnv;
use sentc_server::secrets::hash_token;
use tower::ServiceExt as _;

async fn get(env: &TestEnv, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
    let response = env
        .http
        .get(format!("{}{path}", env.base_url))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, response.text().await.unwrap(), headers)
}

/// Calls the router directly (no listener): for states a listening server would not accept
/// connections in.
async fn call(env: &TestEnv, path: &str) -> (u16, serde_json::Value) {
    let response = sentc_server::router(env.state.clone())
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

async fn health_and_ready(env: TestEnv) {
    let (status, body, _) = get(&env, "/health").await;
    assert_eq!(
        (status, json(&body)),
        (200, serde_json::json!({"status": "ok"}))
    );
    let (status, body, _) = get(&env, "/ready").await;
    assert_eq!(
        (status, json(&body)),
        (
            200,
            serde_json::json!({"status": "ready", "migration": sentc_server::db::LATEST_MIGRATION})
        )
    );
    // The sentc envelope health check stays for clients.
    let (status, body, _) = get(&env, "/api/v1/health").await;
    assert_eq!(status, 200);
    assert_eq!(json(&body)["result"]["ok"], true);
}

async fn metrics_count_requests_and_read_backlogs(env: TestEnv) {
    let (_, user) = env.user("metrics-user").await;
    let group = common::group_with(&user, &[]).await;
    group.key_rotation(false).await.unwrap();
    for _ in 0..3 {
        get(&env, "/health").await;
    }
    let (status, _, _) = get(&env, "/api/v1/no/such/route/abc123").await;
    assert_eq!(status, 404);
    let (status, text, headers) = get(&env, "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"),
        "{headers:?}"
    );
    let line = |prefix: &str| {
        text.lines()
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
            .to_owned()
    };
    let count = |prefix: &str| -> f64 { line(prefix).rsplit(' ').next().unwrap().parse().unwrap() };
    // Label order is the struct's: method, route, status.
    assert_eq!(
        count(r#"sentc_http_requests_total{method="GET",route="/health",status="200"}"#),
        3.0
    );
    assert_eq!(
        count(r#"sentc_http_requests_total{method="GET",route="unmatched",status="404"}"#),
        1.0
    );
    assert!(
        count(r#"sentc_http_requests_total{method="POST",route="/api/v1/group",status="200"}"#)
            >= 1.0
    );
    assert_eq!(
        count(r#"sentc_http_request_duration_seconds_count{method="GET",route="/health"}"#),
        3.0
    );
    // Buckets name `le` first; every request falls in the +Inf bucket.
    assert_eq!(
        count(
            r#"sentc_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/health"}"#
        ),
        3.0
    );
    // The concrete path and its id never become a label.
    assert!(!text.contains("abc123"), "{text}");
    assert_eq!(count("sentc_database_up "), 1.0);
    assert!(count("sentc_db_pool_max_connections ") >= 1.0);
    assert!(count("sentc_rotation_jobs_open ") >= 0.0);
    assert_eq!(count("sentc_file_purge_backlog "), 0.0);
    assert!(text.trim_end().ends_with("# EOF"), "{text}");
}

on_both_databases!(health_and_ready, metrics_count_requests_and_read_backlogs);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_refuses_while_shutting_down() {
    let env = TestEnv::sqlite().await;
    env.state.shutdown.request();
    let (status, body) = call(&env, "/ready").await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        serde_json::json!({"status": "not_ready", "reason": "shutting_down"})
    );
    // Alive all the same.
    assert_eq!(call(&env, "/health").await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_refuses_with_migrations_pending() {
    let env = TestEnv::sqlite().await;
    sqlx::query("DELETE FROM sentc_migrations WHERE version = $1")
        .bind(sentc_server::db::LATEST_MIGRATION)
        .execute(&env.state.db.pool)
        .await
        .unwrap();
    let (status, body) = call(&env, "/ready").await;
    assert_eq!(status, 503);
    assert_eq!(body["reason"], "migrations_pending");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_refuses_without_a_database() {
    let env = TestEnv::sqlite().await;
    env.state.db.pool.close().await;
    let (status, body) = call(&env, "/ready").await;
    assert_eq!(status, 503);
    assert_eq!(body["reason"], "database_unreachable");
    assert_eq!(call(&env, "/health").await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_with_a_token() {
    let base = TestEnv::sqlite().await;
    let env = base
        .with_settings(|settings| settings.metrics_token_hash = Some(hash_token("scrape-me")))
        .await;
    let (status, _, headers) = get(&env, "/metrics").await;
    assert_eq!(status, 401);
    assert_eq!(headers["www-authenticate"], "Bearer");
    let scrape = |token: &'static str| {
        env.http
            .get(format!("{}/metrics", env.base_url))
            .header("authorization", format!("Bearer {token}"))
            .send()
    };
    assert_eq!(scrape("wrong").await.unwrap().status(), 401);
    let response = scrape("scrape-me").await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("sentc_database_up 1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_a_request_id() {
    let env = TestEnv::sqlite().await;
    let (_, _, headers) = get(&env, "/health").await;
    let id = headers["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|byte| byte.is_ascii_hexdigit()));
    let (_, _, again) = get(&env, "/api/v1/nothing").await;
    assert_ne!(again["x-request-id"], id.as_str());
    let with_id = |id: &'static str| {
        env.http
            .get(format!("{}/health", env.base_url))
            .header("x-request-id", id)
            .send()
    };
    // A proxy's plain id is kept; anything else is replaced.
    let kept = with_id("lb-7f3a.2_x").await.unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a.2_x");
    let replaced = with_id("two words").await.unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "two words");
    assert_eq!(replaced.headers()["x-request-id"].len(), 32);
}
