//! Probes for load balancers and orchestrators: `GET /health` answers while the process serves
//! at all; `GET /ready` answers 200 only when this process should get traffic: the database
//! answers, every migration this build knows is applied, and the process is not shutting down.
//! Both answer plain JSON (no sentc envelope: they are for machines that are not sentc clients).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::db::LATEST_MIGRATION;
use crate::state::AppState;

/// `GET /health`: `200 {"status":"ok"}`.
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /ready`: `200 {"status":"ready","migration":N}`, or `503 {"status":"not_ready",
/// "reason":...}` with the reason `shutting_down`, `database_unreachable` or
/// `migrations_pending`.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let not_ready = |reason: &str| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "not_ready", "reason": reason })),
        )
    };
    if state.shutdown.is_requested() {
        return not_ready("shutting_down");
    }
    match state.db.applied_migration().await {
        Err(error) => {
            tracing::warn!(%error, "readiness: the database did not answer");
            not_ready("database_unreachable")
        }
        Ok(applied) if applied < LATEST_MIGRATION => not_ready("migrations_pending"),
        Ok(applied) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "migration": applied })),
        ),
    }
}
