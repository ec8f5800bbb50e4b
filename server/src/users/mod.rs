//! The user endpoints (docs/design.md §4 "Users", docs/server.md).

mod account;
mod device_proof;
mod devices;
mod forced;
mod login;
mod lookup;
mod otp;
mod register;
mod rotation;
mod session;
pub mod store;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, patch, post, put};
use sentc_core::protocol::paths;

use crate::apps::Endpoint;
use crate::body_limits::{self, ANONYMOUS_BODY};
use crate::extract::endpoint;
use crate::state::AppState;

/// The user routes; each is guarded by the access option of its endpoint, and those called before
/// a login take smaller bodies.
pub fn routes(state: &AppState) -> Router<AppState> {
    let guard = |e: Endpoint| from_fn_with_state(state.clone(), endpoint(e));
    Router::new()
        .route(
            paths::REGISTER,
            post(register::register).route_layer(guard(Endpoint::Register)),
        )
        .route(
            paths::EXISTS,
            post(register::exists).route_layer(guard(Endpoint::UserExists)),
        )
        .route(
            paths::PREPARE_LOGIN,
            post(login::prepare_login).route_layer(guard(Endpoint::Login)),
        )
        .route(
            paths::DONE_LOGIN,
            post(login::done_login).route_layer(guard(Endpoint::Login)),
        )
        .route(
            paths::VALIDATE_MFA,
            post(login::validate_mfa).route_layer(guard(Endpoint::Login)),
        )
        .route(
            paths::VERIFY_LOGIN,
            post(login::verify_login).route_layer(guard(Endpoint::Login)),
        )
        .route(
            paths::REFRESH,
            put(session::refresh).route_layer(guard(Endpoint::Refresh)),
        )
        .route(
            paths::PREPARE_REGISTER_DEVICE,
            post(devices::prepare).route_layer(guard(Endpoint::RegisterDevice)),
        )
        // The routes above are called before a login.
        .route_layer(body_limits::limit(ANONYMOUS_BODY))
        .route(
            paths::USER,
            delete(account::delete_user).route_layer(guard(Endpoint::UserDelete)),
        )
        .route(
            paths::DONE_REGISTER_DEVICE,
            put(devices::done).route_layer(guard(Endpoint::RegisterDevice)),
        )
        .route(
            paths::DEVICES,
            get(devices::list).route_layer(guard(Endpoint::Devices)),
        )
        .route(
            paths::DEVICE,
            delete(devices::delete).route_layer(guard(Endpoint::DeleteDevice)),
        )
        .route(
            paths::DEVICE_SESSIONS,
            delete(session::revoke_device).route_layer(guard(Endpoint::Sessions)),
        )
        .route(
            paths::CHAIN_STATE,
            put(devices::chain_state).route_layer(guard(Endpoint::Devices)),
        )
        .route(
            paths::DEVICE_PROOF,
            post(device_proof::nonce).route_layer(guard(Endpoint::Sessions)),
        )
        .route(
            paths::PASSWORD,
            put(account::change_password).route_layer(guard(Endpoint::ChangePassword)),
        )
        .route(
            paths::RESET_PASSWORD,
            put(account::reset_password).route_layer(guard(Endpoint::ResetPassword)),
        )
        .route(
            paths::IDENTIFIER,
            put(account::update_identifier).route_layer(guard(Endpoint::UpdateIdentifier)),
        )
        .route(
            paths::KEY_ROTATION,
            post(rotation::start)
                .get(rotation::pending)
                .route_layer(guard(Endpoint::KeyRotation)),
        )
        .route(
            paths::KEY_ROTATION_FINISH,
            put(rotation::finish).route_layer(guard(Endpoint::KeyRotation)),
        )
        .route(
            paths::USER_KEYS,
            get(rotation::keys).route_layer(guard(Endpoint::UserKeys)),
        )
        .route(
            paths::PUBLIC_KEY,
            get(lookup::public_key).route_layer(guard(Endpoint::PublicKeys)),
        )
        .route(
            paths::USER_KEY_CHAIN,
            get(lookup::key_chain).route_layer(guard(Endpoint::PublicKeys)),
        )
        .route(
            paths::VERIFY_KEY,
            get(lookup::verify_key).route_layer(guard(Endpoint::PublicKeys)),
        )
        .route(
            paths::OTP,
            patch(otp::register)
                .delete(otp::disable)
                .route_layer(guard(Endpoint::Otp)),
        )
        .route(
            paths::OTP_RESET,
            patch(otp::reset).route_layer(guard(Endpoint::Otp)),
        )
        .route(
            paths::OTP_RECOVERY_CODES,
            get(otp::recovery_codes).route_layer(guard(Endpoint::Otp)),
        )
        .route(
            paths::LOGOUT,
            post(session::logout).route_layer(guard(Endpoint::Sessions)),
        )
        .route(
            paths::SESSIONS,
            delete(session::revoke_all).route_layer(guard(Endpoint::Sessions)),
        )
        .route(
            paths::FORCED_DISABLE_OTP,
            delete(forced::disable_otp).route_layer(guard(Endpoint::Forced)),
        )
        .route(
            paths::FORCED_SESSIONS,
            delete(forced::sessions).route_layer(guard(Endpoint::Forced)),
        )
        .route(
            paths::FORCED_DELETE,
            delete(forced::delete).route_layer(guard(Endpoint::Forced)),
        )
        .route(
            paths::FORCED_RESET,
            put(forced::reset).route_layer(guard(Endpoint::Forced)),
        )
}
