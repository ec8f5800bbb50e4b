//! Request body limits per route (`1006 InputTooLarge` above them). Every route has
//! [`MAX_BODY`] unless its router sets another with [`limit`]: the routes anyone can call
//! before logging in take [`ANONYMOUS_BODY`], so a client without an account cannot make the
//! server buffer more than that per request.

use axum::extract::DefaultBodyLimit;

/// The default: the largest JSON body (key uploads, pages of wrapped keys).
pub const MAX_BODY: usize = 256 * 1024;

/// Registration, login, refresh and a new device's announcement: a registration body is about
/// 21 KB, the rest far less.
pub const ANONYMOUS_BODY: usize = 64 * 1024;

/// The layer that gives a route (or a router, with `route_layer`) its own limit.
pub fn limit(bytes: usize) -> DefaultBodyLimit {
    DefaultBodyLimit::max(bytes)
}
