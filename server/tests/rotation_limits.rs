//! A member rotating in a loop must not make a group unusable: rotations are limited per group
//! and per user, pending rotations come in pages, and invites of groups with more generations
//! than one request carries send the older pages through a key session.

mod common;

use common::{TestEnv, code, group_of};
use sentc_core::ErrorCode;
use sentc_core::group::prepare_member_keys;
use sentc_core::protocol::group::{GroupRequestItem, InviteResponse, MemberType};
use sentc_core::protocol::paths;

on_both_databases!(
    rotations_are_limited,
    many_generations_are_paged,
    key_sessions_refuse_bad_input
);

async fn generations(env: &TestEnv, group_id: &str) -> i64 {
    env.count(
        "SELECT COUNT(*) FROM group_keys WHERE group_id = $1",
        group_id,
    )
    .await
}

/// Rotates `count` times, moving the clock past the rate limit's window every 25 rotations.
async fn rotations_are_limited(env: TestEnv) {
    let env = env
        .with_settings(|settings| settings.max_key_rotations = 5)
        .await;
    let (_, alice) = env.user("alice").await;
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    for _ in 0..5 {
        group.key_rotation(false).await.unwrap();
    }
    assert_eq!(
        code(group.key_rotation(false).await),
        ErrorCode::RateLimited
    );
    assert_eq!(generations(&env, &group_id).await, 6);
    // The window passes; rotations go on.
    env.advance_minutes(61);
    group.key_rotation(false).await.unwrap();
    assert_eq!(generations(&env, &group_id).await, 7);

    // User key rotations alike.
    let user_id = alice.user_id().unwrap();
    for _ in 0..5 {
        alice.key_rotation().await.unwrap();
    }
    assert_eq!(code(alice.key_rotation().await), ErrorCode::RateLimited);
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM user_keys WHERE user_id = $1",
            &user_id
        )
        .await,
        6
    );
}

async fn many_generations_are_paged(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let (_, dave) = env.user("dave").await;
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    group
        .invite_auto(&bob.user_id().unwrap(), None)
        .await
        .unwrap();
    let first = group.encrypt(b"generation 0").unwrap();

    // Bob is offline through 60 rotations.
    env.rotate(&group, 60).await;
    let last = group.encrypt(b"generation 60").unwrap();
    env.wait_for_rotations().await;
    assert_eq!(generations(&env, &group_id).await, 61);

    // He catches up page by page.
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.keys().unwrap().all().len(), 61);
    assert_eq!(bobs.decrypt(&first).unwrap(), b"generation 0");
    assert_eq!(bobs.decrypt(&last).unwrap(), b"generation 60");

    // Inviting Carol sends the newest 50 generations with the invite, the rest through a key
    // session; accepting Dave's join request alike.
    group
        .invite_auto(&carol.user_id().unwrap(), None)
        .await
        .unwrap();
    dave.group_join_request(&group_id).await.unwrap();
    let request = GroupRequestItem {
        id: dave.user_id().unwrap(),
        member_type: MemberType::User,
        rank: 4,
        time: 0,
    };
    group.accept_join_request(&request, None).await.unwrap();
    for member in [&carol, &dave] {
        let theirs = group_of(member, &group_id).await;
        assert_eq!(theirs.keys().unwrap().all().len(), 61);
        assert_eq!(theirs.decrypt(&first).unwrap(), b"generation 0");
        assert_eq!(theirs.decrypt(&last).unwrap(), b"generation 60");
    }
    // A re-invite too.
    group
        .re_invite(&bob.user_id().unwrap(), MemberType::User)
        .await
        .unwrap();
    assert_eq!(
        group_of(&bob, &group_id).await.decrypt(&first).unwrap(),
        b"generation 0"
    );
    // Finished sessions are gone.
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM group_key_sessions WHERE group_id = $1",
            &group_id
        )
        .await,
        0
    );
}

async fn key_sessions_refuse_bad_input(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, member) = env.user("member").await;
    let (_, carol) = env.user("carol").await;
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    group
        .invite_auto(&member.user_id().unwrap(), None)
        .await
        .unwrap();
    env.rotate(&group, 54).await;
    let carol_id = carol.user_id().unwrap();
    let bodies =
        prepare_member_keys(&group.keys().unwrap(), &carol.public_key().unwrap(), None).unwrap();
    assert_eq!(bodies.rest.len(), 1);
    let jwt = alice.jwt().await.unwrap();
    let invite = paths::fill(paths::GROUP_INVITE, &[&group_id, &carol_id]);
    let copies = || {
        env.count(
            "SELECT COUNT(*) FROM group_member_keys WHERE member_id = $1",
            &carol_id,
        )
    };

    // The first request must carry the newest page.
    let (status, body) = env
        .raw_with("PUT", &invite, &jwt, Some(&bodies.rest[0]), None)
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (400, ErrorCode::KeysInconsistent)
    );
    assert_eq!(copies().await, 0);
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM group_requests WHERE member_id = $1",
            &carol_id
        )
        .await,
        0
    );

    let (status, body) = env
        .raw_with("PUT", &invite, &jwt, Some(&bodies.first), None)
        .await;
    assert_eq!(status, 200, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    let response: InviteResponse = serde_json::from_value(value["result"].clone()).unwrap();
    let session_id = response.session_id.unwrap();
    assert_eq!(copies().await, 50);

    let session = paths::fill(paths::GROUP_KEY_SESSION, &[&group_id, &session_id]);
    let first_again = serde_json::json!({
        "keys": serde_json::from_str::<serde_json::Value>(&bodies.first).unwrap()["keys"]
    })
    .to_string();
    let twice = {
        let mut value: serde_json::Value = serde_json::from_str(&bodies.rest[0]).unwrap();
        let entry = value["keys"][0].clone();
        value["keys"].as_array_mut().unwrap().push(entry);
        value.to_string()
    };
    let other_group = alice.create_group(false).await.unwrap();
    let foreign_session = paths::fill(paths::GROUP_KEY_SESSION, &[&other_group, &session_id]);
    // The server's clock moved past the member's JWT during the rotations.
    member.refresh().await.unwrap();
    let member_jwt = member.jwt().await.unwrap();
    let cases = [
        (&session, &jwt, &first_again, ErrorCode::KeysInconsistent),
        (&session, &jwt, &twice, ErrorCode::KeysInconsistent),
        (
            &foreign_session,
            &jwt,
            &bodies.rest[0],
            ErrorCode::GroupKeySessionNotFound,
        ),
        (
            &session,
            &member_jwt,
            &bodies.rest[0],
            ErrorCode::GroupRankTooLow,
        ),
    ];
    for (path, jwt, body, expected) in cases {
        let (status, response) = env.raw_with("PUT", path, jwt, Some(body), None).await;
        assert_eq!(
            (status, TestEnv::code_of(&response)),
            (expected.http_status(), expected),
            "{path}"
        );
        assert_eq!(copies().await, 50);
    }
    // An expired session takes nothing.
    env.advance_minutes(61);
    alice.refresh().await.unwrap();
    let jwt = alice.jwt().await.unwrap();
    let (status, response) = env
        .raw_with("PUT", &session, &jwt, Some(&bodies.rest[0]), None)
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (404, ErrorCode::GroupKeySessionNotFound)
    );
    assert_eq!(copies().await, 50);
}
