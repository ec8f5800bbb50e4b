//! Prometheus metrics at `GET /metrics` (OpenMetrics text): requests by method, route and
//! status, request latency by route, the rotation and purge job backlog, and the database pool.
//! The backlog and pool gauges are read when scraped; the request figures are counted as
//! requests end ([`crate::request_trace`]).
//!
//! With `--metrics-token` set, a scrape must send `Authorization: Bearer <token>`; without it
//! the endpoint is open (bind the server to a private network, or set the token).

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use subtle::ConstantTimeEq as _;

use crate::secrets::hash_token;
use crate::state::AppState;

/// The labels of a finished request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

/// The labels of a latency observation.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// Latency buckets from 1 ms to about 16 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The process's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    rotation_backlog: Gauge,
    purge_backlog: Gauge,
    database_up: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("sentc");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests by method, matched route and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response, by method and matched route",
            latency.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let gauge = Gauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        Self {
            rotation_backlog: gauge(
                &mut registry,
                "rotation_jobs_open",
                "Group key rotation jobs not finished yet (the wrapping backlog)",
            ),
            purge_backlog: gauge(
                &mut registry,
                "file_purge_backlog",
                "Deleted files whose parts are not purged yet",
            ),
            database_up: gauge(
                &mut registry,
                "database_up",
                "1 if the last scrape reached the database, else 0",
            ),
            pool_connections: gauge(
                &mut registry,
                "db_pool_connections",
                "Open database connections (idle and in use)",
            ),
            pool_idle: gauge(
                &mut registry,
                "db_pool_idle_connections",
                "Idle database connections",
            ),
            pool_max: gauge(
                &mut registry,
                "db_pool_max_connections",
                "The pool's connection limit",
            ),
            registry,
            requests,
            latency,
        }
    }
}

impl Metrics {
    /// Counts a finished request.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status: status.to_string(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// The metrics in the OpenMetrics text format.
    fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// `GET /metrics`.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !authorized(&state, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics token required\n",
        )
            .into_response();
    }
    read_gauges(&state).await;
    match state.metrics.encode() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Whether the scrape carries the configured token (compared as hashes, in constant time).
fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(expected) = &state.settings.metrics_token_hash else {
        return true;
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(hash_token)
        .unwrap_or_default();
    presented.as_bytes().ct_eq(expected.as_bytes()).into()
}

/// Reads the backlog and pool gauges.
async fn read_gauges(state: &AppState) {
    let metrics = &state.metrics;
    let pool = &state.db.pool;
    metrics.pool_connections.set(i64::from(pool.size()));
    metrics
        .pool_idle
        .set(i64::try_from(pool.num_idle()).unwrap_or(i64::MAX));
    metrics
        .pool_max
        .set(i64::from(pool.options().get_max_connections()));
    let backlog = async {
        let mut connection = pool.acquire().await?;
        let rotation = crate::groups::store::open_rotation_jobs(&mut connection).await?;
        let purge = crate::files::store::purge_backlog(&mut connection).await?;
        Ok::<_, sqlx::Error>((rotation, purge))
    };
    match backlog.await {
        Ok((rotation, purge)) => {
            metrics.rotation_backlog.set(rotation);
            metrics.purge_backlog.set(purge);
            metrics.database_up.set(1);
        }
        Err(error) => {
            tracing::warn!(%error, "metrics: the database did not answer");
            metrics.database_up.set(0);
        }
    }
}
