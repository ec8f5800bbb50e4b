//! What reaches the server before a handler runs: connections that never finish their headers
//! or sit idle are closed, requests too slow to arrive time out, requests the HTTP parser
//! refuses still get the error envelope, and control characters in paths, queries and JSON
//! never reach the database.

mod common;

use std::time::Duration;

use common::TestEnv;
use sentc_core::ErrorCode;
use sentc_core::protocol::paths;
use sentc_core::user::prepare_register;

on_both_databases!(
    slow_and_idle_connections_are_closed,
    unparsable_requests_get_the_envelope,
    control_characters_never_reach_the_database,
    slow_bodies_time_out,
    bytes_bodies_cross_the_native_transport
);

/// The envelope's error code in a raw HTTP response.
fn code_in(response: &[u8]) -> ErrorCode {
    let text = String::from_utf8_lossy(response);
    let (_, body) = text.split_once("\r\n\r\n").expect("a complete response");
    TestEnv::code_of(body)
}

fn status_in(response: &[u8]) -> u16 {
    String::from_utf8_lossy(response)
        .get(9..12)
        .and_then(|status| status.parse().ok())
        .unwrap_or(0)
}

/// Opens a connection, sends `bytes`, and reads until the server closes it; `None` if it is
/// still open after `patience`.
async fn until_closed(env: &TestEnv, bytes: &[u8], patience: Duration) -> Option<Vec<u8>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = env.base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let read_all = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(patience, read_all).await.ok()?;
    Some(out)
}

async fn slow_and_idle_connections_are_closed(env: TestEnv) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let env = env
        .with_settings(|settings| settings.header_read_timeout_ms = 300)
        .await;
    let patience = Duration::from_secs(20);
    // Many connections at once whose headers never end: every one is closed unanswered.
    let address = env.base_url.trim_start_matches("http://").to_string();
    let mut open = Vec::new();
    for _ in 0..20 {
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream
            .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        open.push(stream);
    }
    for mut stream in open {
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(patience, stream.read(&mut buf)).await;
        assert!(
            matches!(read, Ok(Ok(0)) | Ok(Err(_))),
            "still open: {read:?}"
        );
    }
    // A keep-alive connection is answered, then closed once idle.
    let whole = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
    let answered = until_closed(&env, whole, patience).await.unwrap();
    assert_eq!(status_in(&answered), 200);
}

async fn unparsable_requests_get_the_envelope(env: TestEnv) {
    let wait = Duration::from_secs(5);
    let mut many = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..200 {
        many.extend_from_slice(format!("X-{i}: a\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    let response = env.raw_tcp(&many, wait).await;
    assert_eq!(status_in(&response), 431);
    assert_eq!(code_in(&response), ErrorCode::InputTooLarge);

    let response = env
        .raw_tcp(b"GET /api/v1/he alth HTTP/1.1\r\nHost: x\r\n\r\n", wait)
        .await;
    assert_eq!(status_in(&response), 400);
    assert_eq!(code_in(&response), ErrorCode::MalformedInput);
}

async fn control_characters_never_reach_the_database(env: TestEnv) {
    let (_, user) = env.user("norm").await;
    let jwt = user.jwt().await.unwrap();
    let token = Some(env.public_token.as_str());
    // In a path parameter that is not checked as an id, and in a query string.
    for path in [
        "/api/v1/user/a%00b/public_key".to_string(),
        format!("{}?last_time=0&last_id=%00", paths::DEVICES),
        "/api/v1/user/device/x%00y/sessions".to_string(),
    ] {
        let method = if path.ends_with("sessions") {
            "DELETE"
        } else {
            "GET"
        };
        let (status, body) = env.raw(method, &path, token, Some(&jwt), None).await;
        assert_eq!(
            (status, TestEnv::code_of(&body)),
            (400, ErrorCode::MalformedInput),
            "{path}"
        );
    }
    // In JSON: an identifier with NUL, sent by the app's backend.
    let users = || env.count("SELECT COUNT(*) FROM users WHERE app_id = $1", &env.app_id);
    let before = users().await;
    let body = prepare_register("nul", "a password").unwrap().replace(
        r#""device_identifier":"nul""#,
        r#""device_identifier":"n\u0000l""#,
    );
    assert!(body.contains(r"\u0000"));
    let (status, response) = env
        .raw(
            "POST",
            paths::REGISTER,
            Some(&env.secret_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (400, ErrorCode::MalformedInput)
    );
    assert_eq!(users().await, before);
}

async fn slow_bodies_time_out(env: TestEnv) {
    let env = env
        .with_settings(|settings| settings.request_timeout_ms = 300)
        .await;
    // The headers promise a body that never fully arrives.
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nx-sentc-app-token: {}\r\ncontent-length: 100\r\n\r\n{{\"user_",
        paths::PREPARE_LOGIN,
        env.public_token
    );
    let response = env
        .raw_tcp(request.as_bytes(), Duration::from_secs(10))
        .await;
    assert_eq!(status_in(&response), 408);
    assert_eq!(code_in(&response), ErrorCode::RequestTimeout);
}

/// The native transport sends a bytes body as it is and returns the response's bytes.
async fn bytes_bodies_cross_the_native_transport(env: TestEnv) {
    use sentc_core::client::{Body, HttpRequest, HttpTransport, Method, Transport};
    env.register("bytes").await;
    let body = serde_json::json!({ "user_identifier": "bytes" }).to_string();
    let response = HttpTransport::new()
        .unwrap()
        .send(HttpRequest {
            method: Method::Post,
            url: format!("{}{}", env.base_url, paths::EXISTS),
            headers: vec![
                ("x-sentc-app-token".into(), env.secret_token.clone()),
                ("content-type".into(), "application/octet-stream".into()),
            ],
            body: Some(Body::Bytes(body.into_bytes())),
            with_credentials: false,
        })
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let answer = response.into_text().unwrap();
    assert!(sentc_core::user::done_user_exists(&answer).unwrap());
}
