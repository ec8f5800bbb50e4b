//! Client CPU of one login, excluding Argon2: reading `done_login` (opening the device keys,
//! decrypting the challenge) and `verify_login` (checking the key chain against the sealed
//! state, opening the user keys). A second benchmark has no sealed state (a device's first
//! login), which verifies the anchor's signature.
//! Run: `cargo bench -p sentc-core --bench login_client`.

use criterion::{Criterion, criterion_group, criterion_main};
use sentc_core::crypto::{PasswordParams, base64_encode};
use sentc_core::keys::{DeviceKeys, KeySet};
use sentc_core::protocol::ok_body;
use sentc_core::protocol::user::{
    DeviceKeysData, DoneLoginResponse, LoginResponse, PrepareLoginResponse, RegisterRequest,
};
use sentc_core::user::{
    LoginState, done_login, done_verify_login, prepare_login, prepare_register_with_keys,
};

fn login(c: &mut Criterion) {
    // What the server holds after registration, answered as the server would.
    let device = DeviceKeys::generate().unwrap();
    let keys = KeySet::generate().unwrap();
    let user_id = "0123456789abcdef0123456789abcdef";
    let RegisterRequest {
        device: registration,
        user_keys,
        ..
    } = prepare_register_with_keys(user_id, "bench", "password", &device, &keys).unwrap();
    let params: PasswordParams = registration.password_params.clone();
    let prepare = ok_body(&PrepareLoginResponse {
        password_params: params,
    });
    let (_, secrets) = prepare_login("bench", "password", &prepare).unwrap(); // Argon2 once
    let challenge = base64_encode(&device.public_key().encrypt(&[7u8; 32]).unwrap());
    let done_with = |chain_state: Option<String>| {
        ok_body(&DoneLoginResponse::Keys {
            device: Box::new(DeviceKeysData {
                user_id: user_id.into(),
                device_id: "d".into(),
                master_key: registration.master_key.clone(),
                public_key: registration.public_key.clone(),
                verify_key: registration.verify_key.clone(),
                private_key: registration.private_key.clone(),
                sign_key: registration.sign_key.clone(),
                chain_state,
                onboarding: None,
            }),
            challenge: challenge.clone(),
        })
    };
    let done = done_with(registration.chain_state.clone());
    let first = done_with(None);
    let verified = ok_body(&LoginResponse {
        user_id: user_id.into(),
        device_id: "d".into(),
        jwt: "header.payload.signature".into(),
        refresh_token: "sentc_rt_x".into(),
        user_keys: vec![user_keys],
        mfa: false,
    });
    c.bench_function(
        "client login CPU excluding Argon2 (1 key generation)",
        |b| {
            b.iter(|| {
                let LoginState::Challenge(pending) = done_login(&secrets, &done).unwrap() else {
                    unreachable!()
                };
                done_verify_login(*pending, "bench", &verified, Default::default()).unwrap()
            })
        },
    );
    c.bench_function(
        "client first login CPU excluding Argon2 (1 key generation, no sealed chain state)",
        |b| {
            b.iter(|| {
                let LoginState::Challenge(pending) = done_login(&secrets, &first).unwrap() else {
                    unreachable!()
                };
                done_verify_login(*pending, "bench", &verified, Default::default()).unwrap()
            })
        },
    );
}

criterion_group!(benches, login);
criterion_main!(benches);
