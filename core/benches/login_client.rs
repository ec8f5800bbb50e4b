//! Client CPU of one login, excluding Argon2: reading `done_login` (opening the device keys,
//! decrypting the challenge) and `verify_login` (opening the user keys).
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
    let RegisterRequest {
        device: registration,
        user_keys,
    } = prepare_register_with_keys("bench", "password", &device, &keys).unwrap();
    let params: PasswordParams = registration.password_params.clone();
    let prepare = ok_body(&PrepareLoginResponse {
        password_params: params,
    });
    let (_, secrets) = prepare_login("bench", "password", &prepare).unwrap(); // Argon2 once
    let done = ok_body(&DoneLoginResponse::Keys {
        device: Box::new(DeviceKeysData {
            user_id: "u".into(),
            device_id: "d".into(),
            master_key: registration.master_key,
            public_key: registration.public_key,
            verify_key: registration.verify_key,
            private_key: registration.private_key,
            sign_key: registration.sign_key,
        }),
        challenge: base64_encode(&device.public_key().encrypt(&[7u8; 32]).unwrap()),
    });
    let verified = ok_body(&LoginResponse {
        user_id: "u".into(),
        device_id: "d".into(),
        jwt: "header.payload.signature".into(),
        refresh_token: "sentc_rt_x".into(),
        user_keys: vec![user_keys],
    });
    c.bench_function(
        "client login CPU excluding Argon2 (1 key generation)",
        |b| {
            b.iter(|| {
                let LoginState::Challenge(pending) = done_login(&secrets, &done).unwrap() else {
                    unreachable!()
                };
                done_verify_login(*pending, "bench", &verified).unwrap()
            })
        },
    );
}

criterion_group!(benches, login);
criterion_main!(benches);
