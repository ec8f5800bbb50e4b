//! Browser apps call the API from another origin: preflights are answered for every route and
//! the answers carry the CORS headers.

mod common;

use common::TestEnv;

#[tokio::test]
async fn preflight_and_simple_responses_allow_any_origin() {
    let env = TestEnv::sqlite().await;
    let preflight = env
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/group/abc/key_rotation", env.base_url),
        )
        .header("origin", "http://app.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type, x-sentc-app-token, x-sentc-group-access-id",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    let allowed = headers["access-control-allow-headers"].to_str().unwrap();
    for name in [
        "authorization",
        "content-type",
        "x-sentc-app-token",
        "x-sentc-group-access-id",
    ] {
        assert!(allowed.contains(name), "{allowed}");
    }
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("PATCH")
    );
    // No credentials: the API never authenticates with cookies.
    assert!(headers.get("access-control-allow-credentials").is_none());

    // An error answer carries the header too, so the page can read the error code.
    let answer = env
        .http
        .get(format!("{}/api/v1/user/devices", env.base_url))
        .header("origin", "http://app.example")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    assert_eq!(answer.headers()["access-control-allow-origin"], "*");
}
