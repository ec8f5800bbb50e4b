//! Endpoints no other scenario covers: the identifier availability check, revoking one
//! device's sessions, withdrawing a group's request to join a connected group, and reloading
//! the user keys.

mod common;

use common::{PASSWORD, TestEnv, code, login};
use sentc_core::ErrorCode;
use sentc_core::client::SentcOptions;
use sentc_core::group::VerifyLevel;
use sentc_core::protocol::paths;

on_both_databases!(
    identifier_availability,
    revoking_one_devices_sessions,
    withdrawing_a_connected_join_request,
    reloading_user_keys
);

async fn exists(env: &TestEnv, token: &str, identifier: &str) -> (u16, String) {
    let body = serde_json::json!({ "user_identifier": identifier }).to_string();
    env.raw("POST", paths::EXISTS, Some(token), None, Some(&body))
        .await
}

async fn identifier_availability(env: TestEnv) {
    env.register("known").await;
    // Announcing a device reserves nothing, so its identifier is still free.
    env.client()
        .register_device_start("announced", PASSWORD)
        .await
        .unwrap();
    let backend = env.client_with(SentcOptions::new(&env.base_url, &env.secret_token));
    assert!(backend.user_exists("known").await.unwrap());
    assert!(!backend.user_exists("unknown").await.unwrap());
    assert!(!backend.user_exists("announced").await.unwrap());
    // The sans-IO pair (sentc's prepare/doneCheckUserIdentifierAvailable), sent by the backend.
    for (identifier, taken) in [("known", true), ("unknown", false)] {
        let body = sentc_core::user::prepare_identifier(identifier).unwrap();
        let (_, answer) = env
            .raw(
                "POST",
                paths::EXISTS,
                Some(&env.secret_token),
                None,
                Some(&body),
            )
            .await;
        assert_eq!(sentc_core::user::done_user_exists(&answer).unwrap(), taken);
    }
    let (_, refused) = exists(&env, &env.public_token, "known").await;
    assert_eq!(
        code(sentc_core::user::done_user_exists(&refused)),
        ErrorCode::SecretTokenRequired
    );
    // A front end cannot enumerate users: the check needs the secret token by default.
    let (status, body) = exists(&env, &env.public_token, "known").await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (403, ErrorCode::SecretTokenRequired)
    );
    let (status, body) = exists(&env, &env.secret_token, " spaced").await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (400, ErrorCode::MalformedInput)
    );
}

async fn revoking_one_devices_sessions(env: TestEnv) {
    let (client, laptop) = env.user("rita").await;
    let transfer = client
        .register_device_start("rita-phone", PASSWORD)
        .await
        .unwrap();
    laptop.register_device(&transfer).await.unwrap();
    let phone = login(&env.client(), "rita-phone", PASSWORD).await;
    let phone_id = phone.device_id().unwrap();
    let phone_jwt = phone.jwt().await.unwrap();

    laptop.revoke_device_sessions(&phone_id).await.unwrap();
    // The phone's JWT and refresh token are dead at once; the laptop's are not.
    let (status, body) = env
        .raw_with("GET", paths::DEVICES, &phone_jwt, None, None)
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (401, ErrorCode::JwtInvalid)
    );
    assert_eq!(code(phone.refresh().await), ErrorCode::RefreshTokenInvalid);
    assert_eq!(laptop.devices(None).await.unwrap().len(), 2);

    // Another user's device is not found; a refreshed (not fresh) JWT may not revoke.
    let (_, other) = env.user("other").await;
    assert_eq!(
        code(other.revoke_device_sessions(&phone_id).await),
        ErrorCode::DeviceNotFound
    );
    laptop.refresh().await.unwrap();
    assert_eq!(
        code(laptop.revoke_device_sessions(&phone_id).await),
        ErrorCode::FreshJwtRequired
    );
    // The phone logs in again.
    login(&env.client(), "rita-phone", PASSWORD).await;
}

async fn withdrawing_a_connected_join_request(env: TestEnv) {
    let (_, owner) = env.user("owner").await;
    let (_, lead) = env.user("lead").await;
    let (_, helper) = env.user("helper").await;
    let connected_id = {
        let base_id = owner.create_group(false).await.unwrap();
        let base = owner.get_group(&base_id, VerifyLevel::Chain).await.unwrap();
        base.create_connected_group(false).await.unwrap()
    };
    let team_id = lead.create_group(false).await.unwrap();
    let team = lead.get_group(&team_id, VerifyLevel::Chain).await.unwrap();
    team.invite_auto(&helper.user_id().unwrap(), Some(4))
        .await
        .unwrap();
    team.join_connected_group(&connected_id).await.unwrap();
    let requests = || {
        env.count(
            "SELECT COUNT(*) FROM group_requests WHERE member_id = $1",
            &team_id,
        )
    };
    assert_eq!(requests().await, 1);

    // A rank-4 member of the team may not withdraw it.
    let helpers = helper
        .get_group(&team_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(
        code(helpers.delete_connected_join_request(&connected_id).await),
        ErrorCode::GroupRankTooLow
    );
    assert_eq!(requests().await, 1);
    team.delete_connected_join_request(&connected_id)
        .await
        .unwrap();
    assert_eq!(requests().await, 0);
    assert!(
        team.sent_connected_join_requests(None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        code(team.delete_connected_join_request(&connected_id).await),
        ErrorCode::GroupJoinRequestNotFound
    );
}

async fn reloading_user_keys(env: TestEnv) {
    let (client, laptop) = env.user("kai").await;
    let transfer = client
        .register_device_start("kai-phone", PASSWORD)
        .await
        .unwrap();
    laptop.register_device(&transfer).await.unwrap();
    let phone = login(&env.client(), "kai-phone", PASSWORD).await;
    let rotated = laptop.key_rotation().await.unwrap();
    phone.finish_key_rotations().await.unwrap();
    laptop.fetch_user_keys().await.unwrap();
    phone.fetch_user_keys().await.unwrap();
    let ids = |keys: Vec<sentc_core::keys::KeySet>| keys.iter().map(|k| k.id()).collect::<Vec<_>>();
    let laptops = ids(laptop.all_keys().unwrap());
    assert_eq!(laptops.len(), 2);
    assert_eq!(laptops.last(), Some(&rotated));
    assert_eq!(ids(phone.all_keys().unwrap()), laptops);
    // Data for the new keys opens on both devices.
    let sealed = laptop.public_key().unwrap().encrypt(b"for kai").unwrap();
    assert_eq!(phone.decrypt_from_user(&sealed, None).unwrap(), b"for kai");
}
