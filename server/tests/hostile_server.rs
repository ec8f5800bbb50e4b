//! A hostile server (`common::hostile`): the real client against the real server with a
//! transport that rewrites responses. Each case is an attack a server could try; each ends in a
//! typed error or the right result.

mod common;

use common::{PASSWORD, TestEnv, code};
use sentc_core::ErrorCode;
use sentc_core::client::{LoginOutcome, Method};
use sentc_core::crypto::base64_encode;
use sentc_core::protocol::paths;

on_both_databases!(changed_password_parameters_are_refused);

/// A device that logged in once refuses another salt: a server swapping it would get an auth
/// key derived for a salt of its choosing (or, with a lower cost, one cheaper to attack).
async fn changed_password_parameters_are_refused(env: TestEnv) {
    env.register("pinned").await;
    let (client, server) = env.hostile_client();
    let LoginOutcome::User(user) = client.login("pinned", PASSWORD).await.unwrap() else {
        panic!("no second factor expected");
    };
    user.logout().await.unwrap();

    server.rewrite(Method::Post, paths::PREPARE_LOGIN, |result| {
        result["password_params"]["salt"] = base64_encode(&[9u8; 16]).into();
    });
    assert_eq!(
        code(client.login("pinned", PASSWORD).await),
        ErrorCode::PasswordParamsChanged
    );
    // Nothing was derived or sent: the identifier's failure count is untouched, and an honest
    // server lets the device in again.
    server.honest();
    assert!(matches!(
        client.login("pinned", PASSWORD).await.unwrap(),
        LoginOutcome::User(_)
    ));
    // Another device (no pin yet) has nothing to compare with: it trusts its first login.
    let (fresh, fresh_server) = env.hostile_client();
    fresh_server.rewrite(Method::Post, paths::PREPARE_LOGIN, |result| {
        result["password_params"]["salt"] = base64_encode(&[9u8; 16]).into();
    });
    assert_eq!(
        code(fresh.login("pinned", PASSWORD).await),
        ErrorCode::LoginFailed
    );
}
