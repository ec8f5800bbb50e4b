//! # sentc-server
//!
//! The self-hostable sentc API server: it stores keys and group state but never sees a
//! password or a plaintext key. axum on tokio; sqlx with SQLite (default) or PostgreSQL.
//!
//! Embed it with [`build`] and [`router`], or run the `sentc-server` binary.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
#![deny(unsafe_code)]

pub mod apps;
pub mod body_limits;
pub mod clock;
pub mod connection;
pub mod db;
pub mod error;
pub mod extract;
pub mod files;
pub mod generations;
pub mod groups;
pub mod health;
pub mod jwt;
pub mod logging;
pub mod metrics;
pub mod openapi;
pub mod rate_limit;
pub mod request_guard;
pub mod request_trace;
pub mod secrets;
pub mod shutdown;
pub mod state;
pub mod totp;
pub mod users;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::get;
use sentc_core::ErrorCode;
use sentc_core::protocol::paths;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::clock::Clock;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiOk, ApiPath};
use crate::secrets::RootKey;
use crate::state::{AppState, Settings};

pub use body_limits::{ANONYMOUS_BODY, MAX_BODY};

/// How to start a server.
pub struct Config {
    /// `sqlite://path?mode=rwc`, `sqlite::memory:` or `postgres://...`.
    pub database_url: String,
    /// The key that seals secrets at rest.
    pub root_key: RootKey,
    /// The clock (the system clock outside tests).
    pub clock: Arc<dyn Clock>,
    /// Lifetimes and limits.
    pub settings: Settings,
    /// Where file parts are stored.
    pub file_storage: files::storage::StorageConfig,
}

/// Connects to the database, runs the migrations and builds the state.
pub async fn build(config: Config) -> Result<AppState, sqlx::Error> {
    let files = files::storage::FileStorage::open(&config.file_storage)
        .map_err(|error| sqlx::Error::Configuration(error.to_string().into()))?;
    let db = db::Db::connect(&config.database_url).await?;
    Ok(AppState::new(
        db,
        config.root_key,
        config.clock,
        config.settings,
        files,
    ))
}

/// The complete router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(users::routes(&state))
        .merge(groups::routes(&state))
        .merge(files::routes(&state))
        .route(paths::JWKS, get(jwks))
        .route(
            "/api/v1/health",
            get(|| async { ApiOk(serde_json::json!({"ok": true})) }),
        )
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/metrics", get(metrics::scrape))
        .route(openapi::routes::OPENAPI, get(openapi::serve))
        .fallback(|| async { ApiError::from(ErrorCode::RouteNotFound) })
        .method_not_allowed_fallback(|| async { ApiError::from(ErrorCode::MethodNotAllowed) })
        .layer(body_limits::limit(MAX_BODY))
        .layer(from_fn(request_guard::no_control_characters))
        .layer(from_fn_with_state(state.clone(), request_guard::time_limit))
        .layer(CatchPanicLayer::custom(|_| {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiError::from(ErrorCode::Internal),
            )
                .into_response()
        }))
        .layer(cors())
        // Outermost: the id, span, log line and metrics cover every answer, refusals included.
        .layer(from_fn_with_state(state.clone(), request_trace::trace))
        .with_state(state)
}

/// Browser apps call the API from their own origin. Any origin may: the API authenticates with
/// the app token and the bearer JWT in headers, never with cookies, so a foreign page gains
/// nothing it could not do with a plain HTTP client (the cookie refresh strategy goes to the
/// app's own backend, not here).
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-sentc-app-token"),
            HeaderName::from_static(paths::GROUP_ACCESS_HEADER),
        ])
        .max_age(Duration::from_secs(24 * 60 * 60))
}

/// `GET /api/v1/app/{app_id}/jwks.json`.
async fn jwks(
    State(state): State<AppState>,
    ApiPath(app_id): ApiPath<String>,
) -> ApiResult<axum::Json<serde_json::Value>> {
    let mut connection = state.db.pool.acquire().await?;
    Ok(axum::Json(
        jwt::jwks(&mut connection, &app_id, state.now_ms()).await?,
    ))
}

/// Serves the router on a listener with the rotation job and file purge workers, until
/// shutdown is requested on the state ([`AppState::shutdown`]); then shuts down gracefully
/// ([`shutdown`]).
pub async fn serve(state: AppState, listener: TcpListener) -> std::io::Result<()> {
    let worker = groups::jobs::spawn_worker(state.clone());
    let purger = files::purge::spawn_worker(state.clone());
    let header_timeout = Duration::from_millis(state.settings.header_read_timeout_ms);
    let grace = Duration::from_millis(state.settings.shutdown_timeout_ms);
    let shutdown = state.shutdown.clone();
    connection::serve(router(state), listener, header_timeout, &shutdown, grace).await;
    // The workers stop after their current batch and hand their leases back.
    let workers = async {
        let _ = worker.await;
        let _ = purger.await;
    };
    if tokio::time::timeout(grace, workers).await.is_err() {
        tracing::warn!("shutdown: a worker did not stop within the grace period");
    }
    tracing::info!("shutdown complete");
    Ok(())
}

/// [`serve`] until `signal` resolves (e.g. [`shutdown::signal`], SIGTERM or SIGINT).
pub async fn serve_until(
    state: AppState,
    listener: TcpListener,
    signal: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let shutdown = state.shutdown.clone();
    let watcher = tokio::spawn(async move {
        signal.await;
        tracing::info!("shutdown requested");
        shutdown.request();
    });
    let served = serve(state, listener).await;
    watcher.abort();
    served
}

/// A server running in this process (for the quickstart, examples and tests).
pub struct Embedded {
    /// The base URL, e.g. `http://127.0.0.1:38721`.
    pub base_url: String,
    /// The server state (database, clock, ...).
    pub state: AppState,
    /// The serving task.
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Starts a server on a free loopback port.
pub async fn start_embedded(
    config: Config,
) -> Result<Embedded, Box<dyn std::error::Error + Send + Sync>> {
    let state = build(config).await?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let task = tokio::spawn(serve(state.clone(), listener));
    Ok(Embedded {
        base_url,
        state,
        task,
    })
}
