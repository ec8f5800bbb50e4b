//! JSON from outside: server responses the client reads (login, the user's and a group's key
//! generations, lookups, lists) and client bodies the server checks before it stores them.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use sentc_core::crypto::PasswordParams;
use sentc_core::group::open_group_keys;
use sentc_core::keys::{
    check_device_registration, check_key_set_data, check_rotation_chain, verify_group_chain,
};
use sentc_core::protocol::group::{GroupKeyData, GroupKeyRotationRequest};
use sentc_core::protocol::ok_body;
use sentc_core::protocol::parse_response;
use sentc_core::protocol::user::{PrepareLoginResponse, RegisterRequest};
use sentc_core::user::{
    LoginSecrets, LoginState, done_get_verify_key, done_list_devices, done_login,
    done_pending_rotations, done_register, done_verify_login, prepare_login,
};
use sentc_fuzz::{Keys, keys};

static KEYS: LazyLock<Keys> = LazyLock::new(keys);

/// Login secrets at the smallest accepted Argon2 parameters, derived once.
static SECRETS: LazyLock<LoginSecrets> = LazyLock::new(|| {
    let params = PasswordParams::generate().expect("password params");
    let prepare = ok_body(&PrepareLoginResponse {
        password_params: params,
    });
    prepare_login("fuzz", "password", &prepare)
        .expect("prepare_login")
        .1
});

fuzz_target!(|text: &str| {
    client_reads(text);
    server_checks(text);
});

fn client_reads(text: &str) {
    let keys = &*KEYS;
    if let Ok(LoginState::Challenge(pending)) = done_login(&SECRETS, text) {
        let _ = done_verify_login(*pending, "fuzz", text, Default::default());
    }
    let _ = done_register(text);
    let _ = done_get_verify_key(text, keys.verify.id());
    let _ = done_list_devices(text);
    let _ = done_pending_rotations(text);
    if let Ok(generations) = parse_response::<Vec<GroupKeyData>>(text) {
        let group_id = "0123456789abcdef0123456789abcdef";
        let _ = verify_group_chain(group_id, &generations, None, true, |_| {
            Some(keys.verify.clone())
        });
        let _ = open_group_keys(group_id, &generations, |_| Ok(keys.private.clone()));
    }
}

fn server_checks(text: &str) {
    if let Ok(request) = serde_json::from_str::<RegisterRequest>(text) {
        let _ = check_device_registration(&request.device);
        let _ = check_key_set_data(&request.user_keys, request.device.public_key.id());
    }
    if let Ok(rotation) = serde_json::from_str::<GroupKeyRotationRequest>(text) {
        let _ = check_rotation_chain(
            rotation.previous_key_id,
            rotation.key.key_id,
            &rotation.ephemeral_by_previous,
            &rotation.new_key_by_ephemeral,
        );
    }
}
