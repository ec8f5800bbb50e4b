//! A hostile server (`common::hostile`): the real client against the real server with a
//! transport that rewrites responses. Each case is an attack a server could try; each ends in a
//! typed error or the right result.

mod common;

use common::hostile::{HostileClient, HostileTransport, HostileUser};
use common::{PASSWORD, TestEnv, code};
use sentc_core::ErrorCode;
use sentc_core::client::{LoginOutcome, Method};
use sentc_core::crypto::base64_encode;
use sentc_core::keys::KeySet;
use sentc_core::protocol::paths;

on_both_databases!(
    changed_password_parameters_are_refused,
    planted_user_generation_is_refused,
    reordered_or_hidden_generations_are_refused,
    fork_by_a_removed_device_is_refused,
    rotation_forked_from_an_older_generation_is_refused,
    hijacked_onboarding_is_refused,
    swapped_registered_key_is_refused,
);

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

/// Logs in on `client`, expecting the user (no second factor).
async fn log_in(client: &HostileClient, identifier: &str) -> sentc_core::Result<HostileUser> {
    match client.login(identifier, PASSWORD).await? {
        LoginOutcome::User(user) => Ok(user),
        LoginOutcome::Mfa(_) => panic!("no second factor expected"),
    }
}

/// Rewrites the user key list of every login (`verify_login`) and of `GET /user/keys`.
fn rewrite_user_keys(
    server: &HostileTransport,
    change: impl Fn(&mut Vec<serde_json::Value>) + Send + Sync + Clone + 'static,
) {
    let at_login = change.clone();
    server.rewrite(Method::Post, paths::VERIFY_LOGIN, move |result| {
        at_login(result["user_keys"].as_array_mut().unwrap());
    });
    server.rewrite(Method::Get, paths::USER_KEYS, move |result| {
        change(result.as_array_mut().unwrap());
    });
}

/// A generation of the server's making appended to the list (wrapped to the device, linked to
/// the real newest, but signed by a key of its own) is refused, at login and on reload.
async fn planted_user_generation_is_refused(env: TestEnv) {
    env.register("plant").await;
    let (client, server) = env.hostile_client();
    let user = log_in(&client, "plant").await.unwrap();
    let user_id = user.user_id().unwrap();
    let device_key = user.device_keys().unwrap().public_key().clone();
    let newest = user.newest_keys().unwrap();
    let planted = {
        // Linked to the newest by id, but the server has no sign key of the chain: it signs
        // with one of its own generations.
        let fake_previous = KeySet::generate().unwrap();
        let mut data = KeySet::generate()
            .unwrap()
            .data_for(&device_key, &user_id, Some(&fake_previous))
            .unwrap();
        data.previous_key_id = Some(newest.id());
        serde_json::to_value(data).unwrap()
    };
    rewrite_user_keys(&server, move |keys| keys.push(planted.clone()));
    assert_eq!(
        code(user.fetch_user_keys().await),
        ErrorCode::KeyChainInvalid
    );
    assert_eq!(user.newest_keys().unwrap().id(), newest.id());
    user.logout().await.unwrap();
    assert_eq!(
        code(log_in(&client, "plant").await),
        ErrorCode::KeyChainInvalid
    );
}

/// The server lists the generations out of order, or hides the newest: refused (the order
/// breaks the links; fewer generations than the device verified is a rollback), also for a
/// device that kept nothing locally (it checks the state it sealed on the server).
async fn reordered_or_hidden_generations_are_refused(env: TestEnv) {
    env.register("order").await;
    let (client, server) = env.hostile_client();
    let user = log_in(&client, "order").await.unwrap();
    user.key_rotation().await.unwrap();
    user.key_rotation().await.unwrap();
    let newest = user.newest_keys().unwrap().id();

    rewrite_user_keys(&server, |keys| keys.swap(1, 2));
    assert_eq!(
        code(user.fetch_user_keys().await),
        ErrorCode::KeyChainInvalid
    );
    server.honest();
    rewrite_user_keys(&server, |keys| {
        keys.pop();
    });
    assert_eq!(
        code(user.fetch_user_keys().await),
        ErrorCode::KeyChainRolledBack
    );
    assert_eq!(user.newest_keys().unwrap().id(), newest);
    // A new client (nothing pinned) still has the sealed state the device left on the server.
    let (fresh, fresh_server) = env.hostile_client();
    rewrite_user_keys(&fresh_server, |keys| {
        keys.pop();
    });
    assert_eq!(
        code(log_in(&fresh, "order").await),
        ErrorCode::KeyChainRolledBack
    );
    fresh_server.honest();
    assert_eq!(
        log_in(&fresh, "order")
            .await
            .unwrap()
            .newest_keys()
            .unwrap()
            .id(),
        newest
    );
}

/// A removed device keeps the sign keys of the generations it held. With the server's help it
/// makes a successor of such a generation: every device that verified the real successor sees
/// a fork.
async fn fork_by_a_removed_device_is_refused(env: TestEnv) {
    env.register("forked").await;
    let (client, server) = env.hostile_client();
    let laptop = log_in(&client, "forked").await.unwrap();
    let transfer = env
        .client()
        .register_device_start("forked-phone", PASSWORD)
        .await
        .unwrap();
    laptop.register_device(&transfer).await.unwrap();
    let phone = common::login(&env.client(), "forked-phone", PASSWORD).await;
    let kept = phone.newest_keys().unwrap();
    laptop.reauthenticate(PASSWORD, None).await.unwrap();
    // Deleting the device rotates the user keys: the phone does not get the new generation.
    laptop
        .delete_device(&phone.device_id().unwrap())
        .await
        .unwrap();

    let user_id = laptop.user_id().unwrap();
    let device_key = laptop.device_keys().unwrap().public_key().clone();
    let fork = serde_json::to_value(
        KeySet::generate()
            .unwrap()
            .data_for(&device_key, &user_id, Some(&kept))
            .unwrap(),
    )
    .unwrap();
    rewrite_user_keys(&server, move |keys| {
        keys.pop();
        keys.push(fork.clone());
    });
    assert_eq!(
        code(laptop.fetch_user_keys().await),
        ErrorCode::KeyChainForked
    );
    laptop.logout().await.unwrap();
    assert_eq!(
        code(log_in(&client, "forked").await),
        ErrorCode::KeyChainForked
    );
}

/// A pending rotation built on an older generation than the device's newest: a fork, refused
/// before anything is opened.
async fn rotation_forked_from_an_older_generation_is_refused(env: TestEnv) {
    env.register("stale").await;
    let (client, server) = env.hostile_client();
    let laptop = common::login(&env.client(), "stale", PASSWORD).await;
    let transfer = client
        .register_device_start("stale-phone", PASSWORD)
        .await
        .unwrap();
    laptop.register_device(&transfer).await.unwrap();
    let phone = log_in(&client, "stale-phone").await.unwrap();
    let first = laptop.newest_keys().unwrap().id();
    laptop.key_rotation().await.unwrap();
    assert_eq!(phone.finish_key_rotations().await.unwrap(), 1);
    laptop.key_rotation().await.unwrap();
    // The server presents the newest rotation as if it followed the first generation.
    server.rewrite(Method::Get, paths::KEY_ROTATION, move |result| {
        for pending in result.as_array_mut().unwrap() {
            pending["previous_key_id"] = first.to_hex().into();
            pending["key_set"]["previous_key_id"] = first.to_hex().into();
        }
    });
    assert_eq!(
        code(phone.finish_key_rotations().await),
        ErrorCode::KeyChainForked
    );
    server.honest();
    assert_eq!(phone.finish_key_rotations().await.unwrap(), 1);
    assert_eq!(
        phone.newest_keys().unwrap().id(),
        laptop.newest_keys().unwrap().id()
    );
}

/// A device added by another: the server cannot give its first login a chain of its own making
/// — the adding device's onboarding record (authenticated with the transfer's secret, which
/// the server never saw) says what the chain is — nor change that record.
async fn hijacked_onboarding_is_refused(env: TestEnv) {
    let (_, laptop) = env.user("onboard").await;
    laptop.key_rotation().await.unwrap();
    let (client, server) = env.hostile_client();
    let transfer = client
        .register_device_start("onboard-phone", PASSWORD)
        .await
        .unwrap();
    laptop.register_device(&transfer).await.unwrap();
    let transfer: serde_json::Value =
        serde_json::from_slice(&sentc_core::crypto::base64_decode(&transfer, 8192).unwrap())
            .unwrap();
    let phone_key: sentc_core::crypto::PublicKey =
        serde_json::from_value(transfer["public_key"].clone()).unwrap();

    // The record changed on its way: refused.
    server.rewrite(Method::Post, paths::DONE_LOGIN, |result| {
        let state = result["device"]["onboarding"]["chain_state"]
            .as_str()
            .unwrap()
            .replace("\"length\":2", "\"length\":1");
        result["device"]["onboarding"]["chain_state"] = state.into();
    });
    assert_eq!(
        code(log_in(&client, "onboard-phone").await),
        ErrorCode::KeyChainInvalid
    );
    // A chain of the server's own making, wrapped to the new device: refused.
    server.honest();
    let user_id = laptop.user_id().unwrap();
    let own = KeySet::generate().unwrap();
    let fake = serde_json::to_value(own.data_for(&phone_key, &user_id, None).unwrap()).unwrap();
    rewrite_user_keys(&server, move |keys| *keys = vec![fake.clone()]);
    assert_eq!(
        code(log_in(&client, "onboard-phone").await),
        ErrorCode::KeyChainRolledBack
    );
    // The honest first login checks out, and the phone holds the laptop's newest keys.
    server.honest();
    let phone = log_in(&client, "onboard-phone").await.unwrap();
    assert_eq!(
        phone.newest_keys().unwrap().id(),
        laptop.newest_keys().unwrap().id()
    );
}

/// A registered key is fetched by id: a server answering with another key (one the user can
/// open too, so the swap would go unnoticed by decryption) is refused before it is opened.
async fn swapped_registered_key_is_refused(env: TestEnv) {
    let (_, ivan) = env.user("ivan").await;
    env.register("judy").await;
    let (client, server) = env.hostile_client();
    let judy = log_in(&client, "judy").await.unwrap();
    let judy_id = judy.user_id().unwrap();
    let (wanted, _) = ivan.register_key_for(&judy_id).await.unwrap();
    // A key Judy can open, that is not the one she asked for.
    let (_, other) = ivan.generate_key_for(&judy_id).await.unwrap();
    assert!(judy.open_key(&other).is_ok());
    let planted = other.to_base64();
    let planted_id = other.key_id().to_hex();
    server.rewrite(
        Method::Get,
        &paths::fill(paths::SYM_KEY_OF, &[&wanted.id().to_hex()]),
        move |result| {
            result["wrapped_key"] = planted.clone().into();
            result["key_id"] = planted_id.clone().into();
        },
    );
    assert_eq!(
        code(judy.fetch_key(wanted.id()).await),
        ErrorCode::KeyIdMismatch
    );
    server.honest();
    assert_eq!(judy.fetch_key(wanted.id()).await.unwrap().id(), wanted.id());
}
