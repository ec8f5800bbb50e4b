//! Announcing a new device needs no login (only the app's public token), so it must reveal
//! nothing about which identifiers exist, reserve nothing, and be limited per client address
//! and per app.

mod common;

use common::{PASSWORD, TestEnv, code, login};
use sentc_core::ErrorCode;
use sentc_core::protocol::paths;
use sentc_core::user::{done_register_device_start, prepare_register_device_start};
use sentc_server::extract::IpRange;

on_both_databases!(
    announcing_a_device_reveals_and_reserves_nothing,
    device_registrations_are_limited
);

/// Announces a device for `identifier`, as a client with `forwarded_for` behind a proxy:
/// the status, and the transfer text if it was accepted.
async fn announce(env: &TestEnv, identifier: &str, forwarded_for: Option<&str>) -> (u16, String) {
    let (body, start) = prepare_register_device_start(identifier, PASSWORD).unwrap();
    let url = format!("{}{}", env.base_url, paths::PREPARE_REGISTER_DEVICE);
    let mut request = env
        .http
        .post(url)
        .header("x-sentc-app-token", &env.public_token)
        .body(body);
    if let Some(forwarded_for) = forwarded_for {
        request = request.header("x-forwarded-for", forwarded_for);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    if status == 200 {
        (status, done_register_device_start(&start, &text).unwrap())
    } else {
        (status, text)
    }
}

async fn registrations(env: &TestEnv) -> i64 {
    env.count(
        "SELECT COUNT(*) FROM device_registrations WHERE app_id = $1",
        &env.app_id,
    )
    .await
}

async fn devices_of(env: &TestEnv, user_id: &str) -> i64 {
    env.count("SELECT COUNT(*) FROM devices WHERE user_id = $1", user_id)
        .await
}

async fn announcing_a_device_reveals_and_reserves_nothing(env: TestEnv) {
    let (_, taken) = env.user("taken").await;
    let taken_id = taken.user_id().unwrap();
    let (status_taken, body_taken) = announce(&env, "taken", None).await;
    let (status_free, body_free) = announce(&env, "free", None).await;
    // The same answer whether the identifier exists or not.
    assert_eq!((status_taken, status_free), (200, 200));
    assert!(!body_taken.is_empty() && !body_free.is_empty());

    // Nothing is reserved: "free" still registers as a user of its own.
    env.register("free").await;
    // The announced devices can no longer join: their identifiers are taken now.
    for transfer in [&body_taken, &body_free] {
        assert_eq!(
            code(taken.register_device(transfer).await),
            ErrorCode::IdentifierTaken
        );
    }
    assert_eq!(devices_of(&env, &taken_id).await, 1);

    // A device with a free identifier joins and logs in.
    let (_, transfer) = announce(&env, "taken-phone", None).await;
    taken.register_device(&transfer).await.unwrap();
    assert_eq!(devices_of(&env, &taken_id).await, 2);
    let phone = login(&env.client(), "taken-phone", PASSWORD).await;
    assert_eq!(phone.user_id().unwrap(), taken_id);
}

async fn device_registrations_are_limited(env: TestEnv) {
    let env = env
        .with_settings(|settings| {
            settings.device_registrations_per_address = 3;
            settings.max_pending_device_registrations = 5;
            settings.trusted_proxies = vec!["127.0.0.1".parse::<IpRange>().unwrap()];
        })
        .await;
    // Per client address (the proxy names the client).
    for i in 0..3 {
        let (status, _) = announce(&env, &format!("a{i}"), Some("198.51.100.1")).await;
        assert_eq!(status, 200);
    }
    let (status, body) = announce(&env, "a3", Some("198.51.100.1")).await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (429, ErrorCode::RateLimited)
    );
    assert_eq!(registrations(&env).await, 3);
    // Another client address may go on, up to the app's cap.
    for i in 0..2 {
        let (status, _) = announce(&env, &format!("b{i}"), Some("198.51.100.2")).await;
        assert_eq!(status, 200);
    }
    let (status, body) = announce(&env, "c0", Some("198.51.100.3")).await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (429, ErrorCode::RateLimited)
    );
    assert_eq!(registrations(&env).await, 5);

    // Announcements expire (an hour by default) and make room again.
    env.advance_minutes(61);
    let (status, _) = announce(&env, "c1", Some("198.51.100.3")).await;
    assert_eq!(status, 200);
    assert_eq!(registrations(&env).await, 1);
}
