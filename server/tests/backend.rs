//! Seed 000 "Own backend processing": an app backend between the client and sentc, the
//! backend-only endpoints, and the cookie and function refresh strategies.

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{post, put};
use common::{PASSWORD, TestEnv, code, login};
use sentc_core::ErrorCode;
use sentc_core::client::{BoxFuture, LoginOutcome, RefreshHandler, RefreshOption, SentcOptions};
use sentc_core::user::{
    done_register, done_register_device_start, prepare_forced_reset, prepare_register,
    prepare_register_device_start,
};

on_both_databases!(
    register_and_add_device_through_the_app_backend,
    backend_only_endpoints,
    forced_reset_gives_new_keys,
    cookie_refresh_strategy,
    function_refresh_strategy,
);

/// A minimal app backend: it forwards the client's prepared bodies to sentc with the secret
/// token and hands sentc's answer back, and keeps refresh tokens for the cookie strategy.
#[derive(Clone)]
struct AppBackend {
    sentc_url: String,
    secret_token: String,
    public_token: String,
    http: reqwest::Client,
    refresh_token: Arc<Mutex<String>>,
}

impl AppBackend {
    async fn forward(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: String,
    ) -> String {
        self.http
            .request(method, format!("{}{path}", self.sentc_url))
            .header("x-sentc-app-token", token)
            .body(body)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn start(env: &TestEnv) -> (String, Self) {
        let backend = Self {
            sentc_url: env.base_url.clone(),
            secret_token: env.secret_token.clone(),
            public_token: env.public_token.clone(),
            http: reqwest::Client::new(),
            refresh_token: Arc::new(Mutex::new(String::new())),
        };
        let router = Router::new()
            .route("/signup", post(signup))
            .route("/new_device", post(new_device))
            .route("/refresh", put(cookie_refresh))
            .with_state(backend.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        (url, backend)
    }
}

async fn signup(State(backend): State<AppBackend>, body: String) -> String {
    // Here the app would store its own profile data and check e-mail addresses.
    backend
        .forward(
            reqwest::Method::POST,
            "/api/v1/register",
            &backend.secret_token,
            body,
        )
        .await
}

async fn new_device(State(backend): State<AppBackend>, body: String) -> String {
    backend
        .forward(
            reqwest::Method::POST,
            "/api/v1/user/prepare_register_device",
            &backend.secret_token,
            body,
        )
        .await
}

/// The cookie strategy: the client sends the old JWT; the backend holds the refresh token
/// (in a real app, in an HttpOnly cookie) and refreshes at sentc.
async fn cookie_refresh(State(backend): State<AppBackend>, headers: HeaderMap) -> String {
    assert!(
        headers.get("authorization").is_some(),
        "the client sends its old JWT"
    );
    let token = backend.refresh_token.lock().unwrap().clone();
    let body = serde_json::json!({ "refresh_token": token }).to_string();
    let response = backend
        .forward(
            reqwest::Method::PUT,
            "/api/v1/refresh",
            &backend.public_token,
            body,
        )
        .await;
    let value: serde_json::Value = serde_json::from_str(&response).unwrap();
    if let Some(next) = value["result"]["refresh_token"].as_str() {
        *backend.refresh_token.lock().unwrap() = next.to_string();
    }
    response
}

async fn post_to(url: &str, body: String) -> String {
    reqwest::Client::new()
        .post(url)
        .body(body)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn register_and_add_device_through_the_app_backend(env: TestEnv) {
    let (backend_url, _) = AppBackend::start(&env).await;
    // The client prepares, the app backend calls /register with the secret token, the client
    // reads sentc's answer.
    let body = prepare_register("xena", PASSWORD).unwrap();
    let response = post_to(&format!("{backend_url}/signup"), body).await;
    let registered = done_register(&response).unwrap();
    let (_, user) = env.login("xena").await;
    assert_eq!(user.user_id().unwrap(), registered.user_id);

    // A failed registration reaches the client as the typed error.
    let again = post_to(
        &format!("{backend_url}/signup"),
        prepare_register("xena", PASSWORD).unwrap(),
    )
    .await;
    assert_eq!(code(done_register(&again)), ErrorCode::IdentifierTaken);

    // Device registration the same way.
    let (body, start) = prepare_register_device_start("xena-tablet", PASSWORD).unwrap();
    let response = post_to(&format!("{backend_url}/new_device"), body).await;
    let transfer = done_register_device_start(&start, &response).unwrap();
    user.register_device(&transfer).await.unwrap();
    let (_, tablet) = env.login("xena-tablet").await;
    assert_eq!(tablet.user_id().unwrap(), registered.user_id);
}

async fn backend_only_endpoints(env: TestEnv) {
    let (client, user) = env.user("yuri").await;
    user.register_otp().await.unwrap();
    let secret = Some(env.secret_token.as_str());
    let ask = r#"{"user_identifier":"yuri"}"#;

    // Disable the second factor (the user lost the phone and proved themselves otherwise).
    let (status, _) = env
        .raw(
            "DELETE",
            "/api/v1/user/forced/disable_otp",
            secret,
            None,
            Some(ask),
        )
        .await;
    assert_eq!(status, 200);
    let user = login(&client, "yuri", PASSWORD).await;
    let (_, response) = env
        .raw(
            "DELETE",
            "/api/v1/user/forced/disable_otp",
            secret,
            None,
            Some(ask),
        )
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::OtpNotEnabled);

    // End every session.
    let (status, _) = env
        .raw(
            "DELETE",
            "/api/v1/user/forced/sessions",
            secret,
            None,
            Some(ask),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(code(user.devices(None).await), ErrorCode::JwtInvalid);
    assert_eq!(code(user.refresh().await), ErrorCode::RefreshTokenInvalid);

    // Delete the user.
    let (status, _) = env
        .raw(
            "DELETE",
            "/api/v1/user/forced/delete",
            secret,
            None,
            Some(ask),
        )
        .await;
    assert_eq!(status, 200);
    // This device knew the account: the fake parameters the server now gives for the unknown
    // identifier differ from its pin.
    assert_eq!(
        code(client.login("yuri", PASSWORD).await),
        ErrorCode::PasswordParamsChanged
    );
    client.unpin_identifier("yuri").await.unwrap();
    assert_eq!(
        code(client.login("yuri", PASSWORD).await),
        ErrorCode::LoginFailed
    );
    let (status, response) = env
        .raw(
            "DELETE",
            "/api/v1/user/forced/delete",
            secret,
            None,
            Some(ask),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (404, ErrorCode::UserNotFound)
    );
}

async fn forced_reset_gives_new_keys(env: TestEnv) {
    let registered = env.register("zoe").await;
    let (client, old) = env.login("zoe").await;
    let old_key = old.newest_keys().unwrap().id();

    // The user forgot the password and has no logged-in device: the app backend resets.
    let body = prepare_forced_reset(&registered.user_id, "zoe", "new password").unwrap();
    let (status, response) = env
        .raw(
            "PUT",
            "/api/v1/user/forced/reset",
            Some(&env.secret_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 200, "{response}");
    // The device that knew zoe sees the reset (new password parameters), not a silent change;
    // the app accepts it explicitly.
    assert_eq!(
        code(client.login("zoe", "new password").await),
        ErrorCode::PasswordParamsChanged
    );
    client.unpin_identifier("zoe").await.unwrap();
    assert_eq!(
        code(client.login("zoe", PASSWORD).await),
        ErrorCode::LoginFailed
    );
    let user = login(&client, "zoe", "new password").await;
    assert_eq!(user.user_id().unwrap(), registered.user_id);
    assert_ne!(user.newest_keys().unwrap().id(), old_key);
    assert_eq!(user.all_keys().unwrap().len(), 1);
    assert_eq!(code(old.devices(None).await), ErrorCode::JwtInvalid);
}

async fn cookie_refresh_strategy(env: TestEnv) {
    let (backend_url, backend) = AppBackend::start(&env).await;
    env.register("amy").await;
    let mut options = SentcOptions::new(&env.base_url, &env.public_token);
    options.refresh = RefreshOption::Cookie {
        endpoint_url: format!("{backend_url}/refresh"),
    };
    let client = env.client_with(options);
    let LoginOutcome::User(user) = client.login("amy", PASSWORD).await.unwrap() else {
        panic!("no MFA here");
    };
    // After login the app moves the refresh token into its cookie.
    *backend.refresh_token.lock().unwrap() = user.refresh_token().unwrap().to_string();
    let before = user.current_jwt().unwrap();
    env.advance_minutes(16);
    assert_eq!(user.devices(None).await.unwrap().len(), 1);
    assert_ne!(user.current_jwt().unwrap(), before);
}

/// The function strategy: the app refreshes however it likes; here through sentc with a
/// refresh token it keeps.
struct AppRefresh {
    sentc_url: String,
    public_token: String,
    refresh_token: Mutex<String>,
    calls: Mutex<u32>,
}

impl RefreshHandler for AppRefresh {
    fn refresh(&self, old_jwt: String) -> BoxFuture<'_, sentc_core::Result<String>> {
        Box::pin(async move {
            assert!(!old_jwt.is_empty());
            *self.calls.lock().unwrap() += 1;
            let token = self.refresh_token.lock().unwrap().clone();
            let response = reqwest::Client::new()
                .put(format!("{}/api/v1/refresh", self.sentc_url))
                .header("x-sentc-app-token", &self.public_token)
                .body(serde_json::json!({ "refresh_token": token }).to_string())
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let refreshed: sentc_core::protocol::user::RefreshResponse =
                sentc_core::protocol::parse_response(&response)?;
            *self.refresh_token.lock().unwrap() = refreshed.refresh_token.expose().to_string();
            Ok(refreshed.jwt)
        })
    }
}

async fn function_refresh_strategy(env: TestEnv) {
    env.register("ben").await;
    let handler = Arc::new(AppRefresh {
        sentc_url: env.base_url.clone(),
        public_token: env.public_token.clone(),
        refresh_token: Mutex::new(String::new()),
        calls: Mutex::new(0),
    });
    let mut options = SentcOptions::new(&env.base_url, &env.public_token);
    options.refresh = RefreshOption::Function(handler.clone());
    let client = env.client_with(options);
    let user = login(&client, "ben", PASSWORD).await;
    *handler.refresh_token.lock().unwrap() = user.refresh_token().unwrap().to_string();
    env.advance_minutes(16);
    assert_eq!(user.devices(None).await.unwrap().len(), 1);
    assert_eq!(*handler.calls.lock().unwrap(), 1);
}
