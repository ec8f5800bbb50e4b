//! No secret reaches the logs: a `sentc-server` process runs a full scenario (registration,
//! logins, a wrong password, a second factor with TOTP and recovery codes, refreshes, groups,
//! invites, data, a key rotation, malformed requests, logout) at every log level, in JSON (and
//! at `trace` also in text), and its output is searched for every secret the scenario used:
//! the password, the auth keys, JWTs, refresh tokens, the OTP secret, one-time and recovery
//! codes, and the app's secret token. A transport records every request and response, so the
//! secrets are the ones that really crossed the wire.

mod common;

use std::sync::{Arc, Mutex};

use common::process::{Deployment, ServerProcess, free_port};
use sentc_core::client::{
    HttpRequest, HttpResponse, HttpTransport, LoginOutcome, MemoryStore, Sentc, SentcOptions,
    Transport,
};
use sentc_server::clock::{Clock, SystemClock};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::new_id;
use sentc_server::totp;

const PASSWORD: &str = "a password that must never be logged";

/// JSON fields whose values are secrets.
const SECRET_FIELDS: &[&str] = &[
    "auth_key",
    "jwt",
    "refresh_token",
    "token",
    "secret",
    "recovery_codes",
];

/// Records every request and response body and every bearer token.
#[derive(Clone)]
struct Recorder {
    inner: Arc<HttpTransport>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn new() -> Self {
        Self {
            inner: Arc::new(HttpTransport::new().unwrap()),
            seen: Arc::default(),
        }
    }

    /// Every secret value the recorded traffic carried.
    fn secrets(&self) -> Vec<String> {
        let mut found = Vec::new();
        for text in self.seen.lock().unwrap().iter() {
            if let Some(jwt) = text.strip_prefix("Bearer ") {
                found.push(jwt.to_owned());
            } else if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                collect(&value, false, &mut found);
            }
        }
        found
    }
}

/// The string values under secret field names, however deep.
fn collect(value: &serde_json::Value, secret: bool, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) if secret => found.push(text.clone()),
        serde_json::Value::Array(items) => {
            for item in items {
                collect(item, secret, found);
            }
        }
        serde_json::Value::Object(fields) => {
            for (name, value) in fields {
                collect(
                    value,
                    secret || SECRET_FIELDS.contains(&name.as_str()),
                    found,
                );
            }
        }
        _ => {}
    }
}

impl Transport for Recorder {
    async fn send(&self, request: HttpRequest) -> sentc_core::Result<HttpResponse> {
        {
            let mut seen = self.seen.lock().unwrap();
            for (name, value) in &request.headers {
                if name.eq_ignore_ascii_case("authorization") {
                    seen.push(value.clone());
                }
            }
            if let Some(body) = &request.body {
                seen.push(String::from_utf8_lossy(body.as_bytes()).into_owned());
            }
        }
        let response = self.inner.send(request).await?;
        self.seen
            .lock()
            .unwrap()
            .push(String::from_utf8_lossy(&response.body).into_owned());
        Ok(response)
    }
}

/// Runs the scenario against `base_url`; returns the secrets it used.
async fn scenario(deployment: &Deployment, base_url: &str) -> Vec<String> {
    let recorder = Recorder::new();
    let client = Sentc::new(
        SentcOptions::new(base_url, deployment.app.public_token.as_str()),
        recorder.clone(),
        MemoryStore::default(),
    );
    let suffix = new_id().unwrap();
    let (alice, bob) = (format!("alice-{suffix}"), format!("bob-{suffix}"));
    for name in [&alice, &bob] {
        deployment.register(base_url, name, PASSWORD).await;
    }
    assert!(client.login(&alice, "a wrong password").await.is_err());
    let user = common::login(&client, &alice, PASSWORD).await;
    let bob_user = common::login(&client, &bob, PASSWORD).await;
    let otp = user.register_otp().await.unwrap();
    let mut secrets = vec![
        otp.secret.expose().to_owned(),
        PASSWORD.to_owned(),
        deployment.app.secret_token.to_string(),
    ];
    secrets.extend(
        otp.recovery_codes
            .iter()
            .map(|code| code.expose().to_owned()),
    );
    let otp_secret = totp::base32_decode(otp.secret.expose()).unwrap();
    let LoginOutcome::Mfa(mfa) = client.login(&alice, PASSWORD).await.unwrap() else {
        panic!("expected the second factor");
    };
    let code = totp::code(&otp_secret, totp::step(SystemClock.now_ms()));
    secrets.push(code.clone());
    assert!(client.mfa_login(&mfa, "000000", false).await.is_err());
    let user = client.mfa_login(&mfa, &code, false).await.unwrap();
    let LoginOutcome::Mfa(mfa) = client.login(&alice, PASSWORD).await.unwrap() else {
        panic!("expected the second factor");
    };
    let user_again = client
        .mfa_login(&mfa, otp.recovery_codes[0].expose(), true)
        .await
        .unwrap();
    user.refresh().await.unwrap();
    secrets.push(user.jwt().await.unwrap());

    let group = common::group_with(&user, &[&bob_user]).await;
    let theirs = common::group_of(&bob_user, &group.id().unwrap()).await;
    let sealed = group.encrypt(b"a note").unwrap();
    assert_eq!(theirs.decrypt(&sealed).unwrap(), b"a note");
    group.key_rotation(false).await.unwrap();
    // Malformed and unauthorized requests: the failure paths log too.
    let http = reqwest::Client::new();
    for (path, body) in [
        ("/api/v1/prepare_login", "{not json"),
        ("/api/v1/done_login", "{\"auth_key\":\"x\"}"),
    ] {
        http.post(format!("{base_url}{path}"))
            .header("x-sentc-app-token", deployment.app.public_token.as_str())
            .body(body)
            .send()
            .await
            .unwrap();
    }
    http.get(format!("{base_url}/api/v1/user/devices"))
        .header("x-sentc-app-token", deployment.app.secret_token.as_str())
        .header("authorization", "Bearer not.a.jwt")
        .send()
        .await
        .unwrap();
    user_again.logout().await.unwrap();
    secrets.extend(recorder.secrets());
    secrets.retain(|secret| !secret.is_empty());
    secrets
}

/// Whether `secret` is in `output`. A short one (a 6-digit code) counts only as a token of its
/// own: the same digits inside a timestamp or a latency are not it.
fn leaks(output: &str, secret: &str) -> bool {
    if secret.len() >= 12 {
        return output.contains(secret);
    }
    let part_of_a_value = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    output.match_indices(secret).any(|(at, _)| {
        let before = output[..at].chars().next_back();
        let after = output[at + secret.len()..].chars().next();
        !before.is_some_and(part_of_a_value) && !after.is_some_and(part_of_a_value)
    })
}

async fn no_secret_in_the_logs(format: &str, level: &str) {
    let dir = std::env::temp_dir().join(format!("sentc-logs-{}", new_id().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/sentc.db?mode=rwc", dir.display());
    let deployment = Deployment::new(&url, StorageConfig::Local(dir.join("files"))).await;
    let port = free_port();
    let log = dir.join("server.log");
    let server = ServerProcess::start_logged(
        port,
        &[
            ("DATABASE_URL", &url),
            ("SENTC_ROOT_KEY", &deployment.root_text),
            ("SENTC_LOG_FORMAT", format),
            ("SENTC_LOG_LEVEL", level),
        ],
        &log,
    )
    .await;
    let secrets = scenario(&deployment, &format!("http://127.0.0.1:{port}")).await;
    assert!(server.terminate().await.success());
    let output = std::fs::read_to_string(&log).unwrap();
    assert!(
        secrets.len() >= 15,
        "the scenario used its secrets: {}",
        secrets.len()
    );
    for secret in &secrets {
        assert!(
            !leaks(&output, secret),
            "a secret ({} chars) is in the {format} log at {level}",
            secret.len()
        );
    }
    // The output is what the level promises: request lines from `info` on, each with its id.
    let requests = output.matches("request finished").count();
    if matches!(level, "info" | "debug" | "trace") {
        assert!(requests >= 20, "{requests} request lines at {level}");
        if format == "json" {
            for line in output
                .lines()
                .filter(|line| line.contains("request finished"))
            {
                let event: serde_json::Value = serde_json::from_str(line).unwrap();
                assert_eq!(event["span"]["id"].as_str().unwrap().len(), 32, "{line}");
                assert!(!event["span"]["route"].as_str().unwrap().is_empty());
            }
        }
    } else {
        assert_eq!(requests, 0, "no request lines at {level}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_json_logs_at_any_level() {
    for level in ["error", "warn", "info", "debug", "trace"] {
        no_secret_in_the_logs("json", level).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_text_logs_at_trace() {
    no_secret_in_the_logs("text", "trace").await;
}
