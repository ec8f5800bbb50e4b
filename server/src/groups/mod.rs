//! The group endpoints (docs/groups.md).

pub mod access;
mod forced;
pub mod jobs;
mod key_sessions;
mod lifecycle;
mod members;
mod request_store;
pub mod rotation;
pub mod rules;
pub mod store;
mod sym_key_store;
mod sym_keys;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, patch, post, put};
use sentc_core::protocol::paths;

use crate::apps::Endpoint;
use crate::extract::endpoint;
use crate::state::AppState;

pub use lifecycle::delete_group;

/// The group routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    let groups = || from_fn_with_state(state.clone(), endpoint(Endpoint::Groups));
    let forced = || from_fn_with_state(state.clone(), endpoint(Endpoint::Forced));
    let sym_keys = || from_fn_with_state(state.clone(), endpoint(Endpoint::SymKeys));
    let group_routes = Router::new()
        .route(paths::GROUP_CREATE, post(lifecycle::create_group))
        .route(paths::GROUPS, get(lifecycle::mine))
        .route(
            paths::GROUP,
            get(lifecycle::fetch).delete(lifecycle::delete),
        )
        .route(paths::GROUP_LIGHT, get(lifecycle::light))
        .route(paths::GROUP_KEY_CHAIN, get(lifecycle::key_chain))
        .route(paths::GROUP_MEMBERS, get(members::list))
        .route(paths::GROUP_INVITE, put(members::invite))
        .route(paths::GROUP_RE_INVITE, put(members::re_invite))
        .route(paths::GROUP_KEY_SESSION, put(key_sessions::upload))
        .route(
            paths::GROUP_INVITES_ALLOWED,
            patch(members::set_invites_allowed),
        )
        .route(paths::GROUP_FILE_RANK, patch(members::set_file_rank))
        .route(paths::GROUP_MY_INVITES, get(members::my_invites))
        .route(
            paths::GROUP_MY_INVITE,
            patch(members::accept_invite).delete(members::reject_invite),
        )
        .route(
            paths::GROUP_JOIN_REQUEST,
            post(members::join_request).delete(members::withdraw_join_request),
        )
        .route(
            paths::GROUP_MY_JOIN_REQUESTS,
            get(members::my_join_requests),
        )
        .route(paths::GROUP_JOIN_REQUESTS, get(members::join_requests))
        .route(
            paths::GROUP_JOIN_REQUEST_OF,
            put(members::accept_join_request).delete(members::reject_join_request),
        )
        .route(
            paths::GROUP_GROUP_JOIN_REQUEST,
            post(members::group_join_request).delete(members::withdraw_group_join_request),
        )
        .route(
            paths::GROUP_GROUP_JOIN_REQUESTS,
            get(members::group_join_requests),
        )
        .route(paths::GROUP_GROUP_INVITES, get(members::group_invites))
        .route(
            paths::GROUP_GROUP_INVITE,
            patch(members::accept_group_invite).delete(members::reject_group_invite),
        )
        .route(paths::GROUP_CHANGE_RANK, put(members::change_rank))
        .route(paths::GROUP_KICK, delete(members::kick))
        .route(paths::GROUP_LEAVE, delete(members::leave))
        .route(
            paths::GROUP_CHILD,
            post(lifecycle::create_child).get(lifecycle::children),
        )
        .route(paths::GROUP_CONNECTED, post(lifecycle::create_connected))
        .route(paths::GROUP_GROUPS, get(lifecycle::connected_groups))
        .route(
            paths::GROUP_KEY_ROTATION,
            post(rotation::start).get(rotation::pending),
        )
        .route(paths::GROUP_KEY_ROTATION_FINISH, put(rotation::finish))
        .route_layer(groups());
    let forced_routes = Router::new()
        .route(
            paths::GROUP_FORCED,
            delete(forced::delete).post(forced::create),
        )
        .route(paths::GROUP_FORCED_CHILD, post(forced::create_child))
        .route(
            paths::GROUP_FORCED_CONNECTED,
            post(forced::create_connected),
        )
        .route_layer(forced());
    let key_routes = Router::new()
        .route(paths::SYM_KEY, post(sym_keys::register))
        .route(
            paths::SYM_KEY_OF,
            get(sym_keys::get).delete(sym_keys::delete),
        )
        .route_layer(sym_keys());
    group_routes.merge(forced_routes).merge(key_routes)
}
