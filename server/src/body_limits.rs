//! Request body limits per route (`1006 InputTooLarge` above them). Every route has
//! [`MAX_BODY`] unless its router sets another with [`limit`]: the routes anyone can call
//! before logging in take [`ANONYMOUS_BODY`], so a client without an account cannot make the
//! server buffer more than that per request.

use axum::Extension;
use axum::extract::DefaultBodyLimit;
use tower::layer::util::Stack;

/// The default: the largest JSON body (key uploads, pages of wrapped keys).
pub const MAX_BODY: usize = 256 * 1024;

/// Registration, login, refresh and a new device's announcement: a registration body is about
/// 21 KB, the rest far less.
pub const ANONYMOUS_BODY: usize = 64 * 1024;

/// How much of a too-large body is still read (and dropped) before the `413` answer: a
/// server that answers while the client is still sending and closes the connection with unread
/// data makes the kernel reset it, and the client may lose the answer. Beyond this the client
/// sent far too much, and a reset is its answer.
pub const DRAIN_BEYOND_LIMIT: usize = 1024 * 1024;

/// A route's limit as the body extractor reads it (axum's own is private).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// The layer that gives a route (or a router, with `route_layer`) its own limit: for the body
/// extractor (`extract::bytes`) and for axum's extractors.
pub fn limit(bytes: usize) -> Stack<DefaultBodyLimit, Extension<BodyLimit>> {
    Stack::new(DefaultBodyLimit::max(bytes), Extension(BodyLimit(bytes)))
}
