//! A stolen refresh token gives a JWT, but the operations that would take the account over
//! (reset the password, change the login identifier, add a device) need a proof signed with the
//! device's own sign key over a one-time nonce, which the thief does not have.

mod common;

use common::{PASSWORD, TestEnv, code, login};
use sentc_core::ErrorCode;
use sentc_core::keys::DeviceKeys;
use sentc_core::protocol::paths;
use sentc_core::protocol::user::{DeviceProofNonce, RefreshResponse};
use sentc_core::user::{
    prepare_register_device, prepare_reset_password, prepare_update_identifier,
};

on_both_databases!(
    a_refresh_token_alone_cannot_take_over_the_account,
    device_proofs_are_single_use
);

async fn nonce(env: &TestEnv, jwt: &str) -> String {
    let (status, body) = env
        .raw_with("POST", paths::DEVICE_PROOF, jwt, None, None)
        .await;
    assert_eq!(status, 200, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    serde_json::from_value::<DeviceProofNonce>(value["result"].clone())
        .unwrap()
        .nonce
}

async fn put(env: &TestEnv, path: &str, jwt: &str, body: &str) -> (u16, Option<ErrorCode>) {
    let (status, response) = env.raw_with("PUT", path, jwt, Some(body), None).await;
    let code = (status != 200).then(|| TestEnv::code_of(&response));
    (status, code)
}

async fn a_refresh_token_alone_cannot_take_over_the_account(env: TestEnv) {
    let (_, victim) = env.user("victim").await;
    let user_id = victim.user_id().unwrap();
    // The thief trades the stolen refresh token for a JWT.
    let body = serde_json::json!({"refresh_token": victim.refresh_token().unwrap().as_str()});
    let (status, response) = env
        .raw(
            "PUT",
            paths::REFRESH,
            Some(&env.public_token),
            None,
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(status, 200);
    let value: serde_json::Value = serde_json::from_str(&response).unwrap();
    let jwt = serde_json::from_value::<RefreshResponse>(value["result"].clone())
        .unwrap()
        .jwt;
    let thief = DeviceKeys::generate().unwrap();

    // The bodies of before (no proof) are refused.
    let plain = serde_json::to_string(&thief.password_update("thief's password").unwrap()).unwrap();
    assert_eq!(
        put(&env, paths::RESET_PASSWORD, &jwt, &plain).await,
        (400, Some(ErrorCode::InvalidJson))
    );
    let plain = r#"{"user_identifier":"stolen"}"#;
    assert_eq!(
        put(&env, paths::IDENTIFIER, &jwt, plain).await,
        (400, Some(ErrorCode::InvalidJson))
    );
    // Proofs from a device of the thief's making, over nonces the thief may fetch, are refused.
    let reset = prepare_reset_password("thief's password", &thief, &nonce(&env, &jwt).await);
    assert_eq!(
        put(&env, paths::RESET_PASSWORD, &jwt, &reset.unwrap().0).await,
        (401, Some(ErrorCode::DeviceProofInvalid))
    );
    let rename = prepare_update_identifier("stolen", &thief, &nonce(&env, &jwt).await);
    assert_eq!(
        put(&env, paths::IDENTIFIER, &jwt, &rename.unwrap()).await,
        (401, Some(ErrorCode::DeviceProofInvalid))
    );
    let transfer = env
        .client()
        .register_device_start("thief-device", PASSWORD)
        .await
        .unwrap();
    let thief_keys = sentc_core::keys::KeySet::generate().unwrap();
    let thief_chain = sentc_core::keys::ChainState::anchor(&victim.user_id().unwrap(), &thief_keys);
    let add = prepare_register_device(
        &transfer,
        &[thief_keys],
        &thief_chain,
        &thief,
        &nonce(&env, &jwt).await,
    );
    assert_eq!(
        put(&env, paths::DONE_REGISTER_DEVICE, &jwt, &add.unwrap()).await,
        (401, Some(ErrorCode::DeviceProofInvalid))
    );

    // Nothing changed: the victim logs in as before, with one device; "stolen" is no login.
    let again = login(&env.client(), "victim", PASSWORD).await;
    assert_eq!(again.user_id().unwrap(), user_id);
    assert_eq!(again.devices(None).await.unwrap().len(), 1);
    assert_eq!(
        code(env.client().login("stolen", PASSWORD).await),
        ErrorCode::LoginFailed
    );
    assert_eq!(
        code(env.client().login("thief-device", PASSWORD).await),
        ErrorCode::LoginFailed
    );

    // The victim's own device still does all of it without the password.
    victim.update_identifier("victim2").await.unwrap();
    victim.reset_password("a new password").await.unwrap();
    let renewed = login(&env.client(), "victim2", "a new password").await;
    assert_eq!(renewed.user_id().unwrap(), user_id);
}

async fn device_proofs_are_single_use(env: TestEnv) {
    let (client, user) = env.user("ursula").await;
    let jwt = user.jwt().await.unwrap();
    let device = user.device_keys().unwrap();
    let identifier_of = |env: &TestEnv| {
        let device_id = user.device_id().unwrap();
        let pool = env.state.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT identifier FROM devices WHERE id = $1")
                .bind(device_id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };

    // A proof is good for one request.
    let once = nonce(&env, &jwt).await;
    let body = prepare_update_identifier("once", &device, &once).unwrap();
    assert_eq!(put(&env, paths::IDENTIFIER, &jwt, &body).await, (200, None));
    let replay = prepare_update_identifier("twice", &device, &once).unwrap();
    for body in [&body, &replay] {
        assert_eq!(
            put(&env, paths::IDENTIFIER, &jwt, body).await,
            (401, Some(ErrorCode::DeviceProofInvalid))
        );
    }
    assert_eq!(identifier_of(&env).await, "once");

    // It expires with the challenge lifetime (two minutes).
    let late = nonce(&env, &jwt).await;
    env.advance_minutes(3);
    let jwt = user.jwt().await.unwrap();
    let body = prepare_update_identifier("late", &device, &late).unwrap();
    assert_eq!(
        put(&env, paths::IDENTIFIER, &jwt, &body).await,
        (401, Some(ErrorCode::DeviceProofInvalid))
    );

    // A proof made for one endpoint does not pass at another.
    let body = prepare_reset_password("other password", &device, &nonce(&env, &jwt).await);
    assert_eq!(
        put(&env, paths::IDENTIFIER, &jwt, &body.unwrap().0).await,
        (401, Some(ErrorCode::DeviceProofInvalid))
    );

    // Another device's nonce does not pass, even signed by this device.
    let new_device = client
        .register_device_start("ursula-phone", PASSWORD)
        .await
        .unwrap();
    user.register_device(&new_device).await.unwrap();
    let phone = login(&env.client(), "ursula-phone", PASSWORD).await;
    let phones_nonce = nonce(&env, &phone.jwt().await.unwrap()).await;
    let body = prepare_update_identifier("crossed", &device, &phones_nonce).unwrap();
    assert_eq!(
        put(&env, paths::IDENTIFIER, &jwt, &body).await,
        (401, Some(ErrorCode::DeviceProofInvalid))
    );
    assert_eq!(identifier_of(&env).await, "once");

    // A device holds a bounded number of open nonces.
    let mut refused = None;
    for _ in 0..20 {
        let (status, body) = env
            .raw_with("POST", paths::DEVICE_PROOF, &jwt, None, None)
            .await;
        if status != 200 {
            refused = Some((status, TestEnv::code_of(&body)));
            break;
        }
    }
    assert_eq!(refused, Some((429, ErrorCode::RateLimited)));
}
