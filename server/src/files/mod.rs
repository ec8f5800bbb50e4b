//! The file endpoints (docs/files.md): register a file for a group or a user, upload its
//! encrypted parts, read its metadata and parts, rename and delete it; the app's file options;
//! the purge job; where parts are stored.

mod access;
mod meta;
mod options;
mod parts;
pub mod purge;
mod register;
pub mod storage;
pub mod store;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use sentc_core::crypto::{CHUNK_OVERHEAD, MAX_CHUNK_SIZE};
use sentc_core::protocol::paths;

use crate::apps::Endpoint;
use crate::body_limits;
use crate::extract::endpoint;
use crate::state::AppState;

/// The largest part: the largest chunk a reader accepts.
pub const MAX_PART: usize = MAX_CHUNK_SIZE + CHUNK_OVERHEAD;

/// The file routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    let files = || from_fn_with_state(state.clone(), endpoint(Endpoint::Files));
    let forced = || from_fn_with_state(state.clone(), endpoint(Endpoint::Forced));
    let upload = Router::new()
        .route(paths::FILE_PART_UPLOAD, post(parts::upload))
        .route_layer(body_limits::limit(MAX_PART))
        .route_layer(files());
    let file_routes = Router::new()
        .route(paths::FILE, post(register::for_user))
        .route(paths::GROUP_FILE, post(register::for_group))
        .route(
            paths::FILE_OF,
            get(meta::fetch).put(meta::rename).delete(meta::delete),
        )
        .route(paths::FILE_PART_FETCH, get(meta::parts))
        .route(paths::FILE_PART, get(parts::download))
        .route_layer(files());
    let backend = Router::new()
        .route(paths::FILE_OPTIONS, get(options::get).put(options::set))
        .route(
            paths::FILE_DELETED_PARTS,
            get(options::deleted_parts).post(options::deleted_parts_done),
        )
        .route_layer(forced());
    upload.merge(file_routes).merge(backend)
}
