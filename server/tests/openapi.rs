//! The OpenAPI document: the committed `docs/openapi.json` is the one the server builds and
//! serves, and the route table it is built from is the router's, both ways: every documented
//! route is routed and asks for the auth the document names, and every path and method the
//! router answers is documented.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::TestEnv;
use sentc_core::ErrorCode;
use sentc_server::apps::Access;
use sentc_server::openapi::routes::{Auth, ROUTES, Verb};
use tower::ServiceExt as _;

const COMMITTED: &str = include_str!("../../docs/openapi.json");

#[test]
fn the_committed_document_is_current() {
    let built = sentc_server::openapi::document().to_pretty_json().unwrap();
    assert!(
        built.trim_end() == COMMITTED.trim_end(),
        "docs/openapi.json is stale: run `cargo run -p sentc-server -- openapi > docs/openapi.json`"
    );
    let document: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let operations: usize = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(operations, ROUTES.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_serves_it() {
    let env = TestEnv::sqlite().await;
    let served = env
        .http
        .get(format!("{}/api/v1/openapi.json", env.base_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let served: serde_json::Value = serde_json::from_str(&served).unwrap();
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(served, committed);
}

/// A value for a path parameter that every extractor of it parses.
fn value_for(name: &str) -> &'static str {
    match name {
        "end" => "true",
        "sequence" | "last_sequence" => "1",
        _ => "x1",
    }
}

fn fill(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').unwrap() + start;
        out.push_str(&rest[..start]);
        out.push_str(value_for(&rest[start + 1..end]));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Calls the router: the status and, for an error envelope, its code.
async fn call(
    env: &TestEnv,
    verb: &str,
    path: &str,
    token: Option<&str>,
) -> (u16, Option<ErrorCode>) {
    let mut request = Request::builder().method(verb).uri(fill(path));
    if let Some(token) = token {
        request = request.header("x-sentc-app-token", token);
    }
    let response = sentc_server::router(env.state.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    let code = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .filter(|value| value["status"] == false)
        .and_then(|value| value["err_code"].as_u64())
        .and_then(|code| ErrorCode::from_code(code as u32));
    (status, code)
}

fn unrouted(code: Option<ErrorCode>) -> bool {
    matches!(
        code,
        Some(ErrorCode::RouteNotFound | ErrorCode::MethodNotAllowed)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_route_is_routed_with_its_auth() {
    let env = TestEnv::sqlite().await;
    for route in ROUTES {
        let verb = route.verb.as_str();
        let what = format!("{verb} {}", route.path);
        match route.auth {
            Auth::None => {
                let (status, code) = call(&env, verb, route.path, None).await;
                assert!(!unrouted(code), "{what} is not routed");
                assert_ne!(
                    code,
                    Some(ErrorCode::AppTokenMissing),
                    "{what} needs no token"
                );
                assert!(status < 500, "{what}: {status}");
            }
            Auth::App(endpoint) | Auth::User(endpoint) => {
                let (_, code) = call(&env, verb, route.path, None).await;
                assert_eq!(
                    code,
                    Some(ErrorCode::AppTokenMissing),
                    "{what} needs the app token"
                );
                if endpoint.default_access() == Access::Secret {
                    let (_, code) = call(&env, verb, route.path, Some(&env.public_token)).await;
                    assert_eq!(code, Some(ErrorCode::SecretTokenRequired), "{what}");
                }
                let (_, code) = call(&env, verb, route.path, Some(&env.secret_token)).await;
                assert!(!unrouted(code), "{what} is not routed");
                let needs_jwt = matches!(route.auth, Auth::User(_));
                assert_eq!(
                    code == Some(ErrorCode::JwtMissing),
                    needs_jwt,
                    "{what}: documented {} a JWT, answered {code:?}",
                    if needs_jwt { "with" } else { "without" }
                );
            }
        }
    }
}

/// Every path constant of the protocol (`core/src/protocol/paths.rs`).
fn protocol_paths() -> Vec<String> {
    include_str!("../../core/src/protocol/paths.rs")
        .lines()
        .filter_map(|line| line.strip_prefix("pub const "))
        .filter_map(|rest| rest.split_once("= \""))
        .map(|(_, value)| value.trim_end_matches("\";").to_owned())
        .filter(|value| value.starts_with('/'))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_routed_path_and_method_is_documented() {
    let env = TestEnv::sqlite().await;
    let mut paths = protocol_paths();
    assert!(paths.len() > 60, "{paths:?}");
    paths.extend(ROUTES.iter().map(|route| route.path.to_owned()));
    paths.sort();
    paths.dedup();
    let verbs = [Verb::Get, Verb::Post, Verb::Put, Verb::Patch, Verb::Delete];
    for path in &paths {
        for verb in verbs {
            let (_, code) = call(&env, verb.as_str(), path, Some(&env.secret_token)).await;
            let documented = ROUTES
                .iter()
                .any(|route| route.verb == verb && route.path == path);
            assert_eq!(
                !unrouted(code),
                documented,
                "{} {path}: routed {}, documented {documented}",
                verb.as_str(),
                !unrouted(code)
            );
        }
    }
}
