//! The user half of the protocol as sans-IO `prepare_*` / `done_*` functions.
//!
//! A `prepare_*` function returns the request body (JSON text) without touching the network; a
//! `done_*` function reads the server's response (the envelope included) and returns the
//! result. Between them, state that must stay on the client (derived keys, pending device
//! keys) is returned as a typed value. This is what lets an app's own backend sit between
//! client and server (docs/design.md §1 "Sans-IO first"), and what the async client composes.

mod device;
mod device_proof;
mod identifier;
mod login;
mod lookup;
mod otp_url;
mod password;
mod register;
mod rotation;
mod session;

pub use device::{
    DeviceStart, done_list_devices, done_register_device_start, open_onboarding,
    prepare_register_device, prepare_register_device_start,
};
pub use device_proof::{
    DEVICE_PROOF_NONCE_LEN, done_device_proof_nonce, prepare_device_proof, verify_device_proof,
};
pub use identifier::{
    check_identifier, done_user_exists, prepare_identifier, prepare_update_identifier,
};
pub use login::{
    KnownChain, LoginSecrets, LoginState, PendingLogin, check_password_params, done_login,
    done_prepare_login, done_verify_login, prepare_login, prepare_login_start,
};
pub use lookup::{done_get_public_key, done_get_verify_key};
pub use otp_url::otp_auth_url;
pub use password::{prepare_change_password, prepare_reset_password};
pub use register::{
    done_register, prepare_forced_reset, prepare_register, prepare_register_with_keys,
};
pub use rotation::{done_pending_rotations, finish_key_rotation, prepare_key_rotation};
pub use session::UserSession;

use crate::error::Result;
use crate::protocol::envelope::parse_response;
use crate::protocol::user::Empty;

/// Checks a response that carries no result (`{}`), e.g. of a delete.
pub fn done_empty(server_output: &str) -> Result<()> {
    parse_response::<Empty>(server_output).map(|_| ())
}
