//! Hostile input on the group endpoints: ids that are not ids, keys of another group, ranks out
//! of range, keys wrapped to the wrong public key, oversized bodies, broken rotations. Each gets
//! a typed error, and nothing of the failed request is written.

mod common;

use common::{TestEnv, TestGroup, TestUser};
use sentc_core::ErrorCode;
use sentc_core::group::{
    GroupKeys, VerifyLevel, prepare_create_group, prepare_group_key_rotation, prepare_member_keys,
};
use sentc_core::protocol::group::GroupKeyRotationRequest;
use sentc_core::protocol::paths;

on_both_databases!(hostile_group_input);

/// Row counts of everything a group request could write.
async fn snapshot(env: &TestEnv, group_id: &str) -> Vec<i64> {
    let mut counts = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM group_members WHERE group_id = $1",
        "SELECT COUNT(*) FROM group_member_keys WHERE group_id = $1",
        "SELECT COUNT(*) FROM group_requests WHERE group_id = $1",
        "SELECT COUNT(*) FROM group_keys WHERE group_id = $1",
        "SELECT COUNT(*) FROM group_rotation_jobs WHERE group_id = $1",
        "SELECT COUNT(*) FROM groups WHERE parent_id = $1",
    ] {
        counts.push(
            sqlx::query_scalar::<_, i64>(sql)
                .bind(group_id)
                .fetch_one(&env.state.db.pool)
                .await
                .unwrap(),
        );
    }
    counts
}

struct Case {
    name: &'static str,
    method: &'static str,
    path: String,
    body: Option<String>,
    expected: ErrorCode,
}

async fn hostile_group_input(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let group: TestGroup = {
        let id = alice.create_group(false).await.unwrap();
        alice.get_group(&id, VerifyLevel::Chain).await.unwrap()
    };
    let other: TestGroup = {
        let id = alice.create_group(false).await.unwrap();
        alice.get_group(&id, VerifyLevel::Chain).await.unwrap()
    };
    let id = group.id().unwrap();
    let bob_id = bob.user_id().unwrap();
    let keys = group.keys().unwrap();
    let key = |user: &TestUser| user.public_key().unwrap();

    let newest = keys.newest().unwrap().clone();
    let holder = alice.public_key().unwrap();
    let chain = group.key_chain().unwrap();
    let alice_id = alice.user_id().unwrap();
    let alice_keys = alice.newest_keys().unwrap();
    let starter = (alice_id.as_str(), alice_keys.sign_key());
    let rotation = |edit: &dyn Fn(&mut GroupKeyRotationRequest)| {
        let body = prepare_group_key_rotation(&chain, &newest, &holder, starter)
            .unwrap()
            .body;
        let mut request: GroupKeyRotationRequest = serde_json::from_str(&body).unwrap();
        edit(&mut request);
        serde_json::to_string(&request).unwrap()
    };
    let stale = {
        let mut request: GroupKeyRotationRequest = serde_json::from_str(
            &prepare_group_key_rotation(&chain, &newest, &holder, starter)
                .unwrap()
                .body,
        )
        .unwrap();
        request.previous_key_id = other.keys().unwrap().newest().unwrap().id();
        serde_json::to_string(&request).unwrap()
    };
    let too_many = {
        let many = GroupKeys::new(vec![newest.clone(); 1]);
        let one = prepare_member_keys(&many, &key(&bob), None).unwrap().first;
        let value: serde_json::Value = serde_json::from_str(&one).unwrap();
        let entry = value["keys"][0].clone();
        // Just over the limit: a body far larger than the limit is refused before the client
        // has written it, and the client then sees a broken pipe instead of the response.
        let count = sentc_server::MAX_BODY / entry.to_string().len() + 2;
        let body = serde_json::json!({"keys": vec![entry; count]}).to_string();
        assert!(body.len() > sentc_server::MAX_BODY && body.len() < 2 * sentc_server::MAX_BODY);
        body
    };
    let foreign_child = {
        let member = other.keys().unwrap().newest().unwrap().public_key().clone();
        prepare_create_group(&member, Some(starter)).unwrap().body
    };

    let invite = |user: &str| paths::fill(paths::GROUP_INVITE, &[&id, user]);
    let cases = vec![
        Case {
            name: "group id that is not an id",
            method: "GET",
            path: "/api/v1/group/not-an-id".into(),
            body: None,
            expected: ErrorCode::MalformedInput,
        },
        Case {
            name: "unknown group",
            method: "GET",
            path: paths::fill(paths::GROUP, &["0123456789abcdef0123456789abcdef"]),
            body: None,
            expected: ErrorCode::GroupNotFound,
        },
        Case {
            name: "user id that is not an id",
            method: "PUT",
            path: invite("x%27%3B--"),
            body: Some(prepare_member_keys(&keys, &key(&bob), None).unwrap().first),
            expected: ErrorCode::MalformedInput,
        },
        Case {
            name: "member id that is not an id",
            method: "DELETE",
            path: paths::fill(paths::GROUP_KICK, &[&id, "nope"]),
            body: None,
            expected: ErrorCode::MalformedInput,
        },
        Case {
            name: "page cursor that is not an id",
            method: "GET",
            path: format!("{}?last_key=xyz", paths::fill(paths::GROUP, &[&id])),
            body: None,
            expected: ErrorCode::MalformedInput,
        },
        Case {
            name: "page time that is not a number",
            method: "GET",
            path: format!(
                "{}?last_time=soon",
                paths::fill(paths::GROUP_MEMBERS, &[&id])
            ),
            body: None,
            expected: ErrorCode::MalformedInput,
        },
        Case {
            name: "keys of another group",
            method: "PUT",
            path: invite(&bob_id),
            body: Some(
                prepare_member_keys(&other.keys().unwrap(), &key(&bob), None)
                    .unwrap()
                    .first,
            ),
            expected: ErrorCode::KeysInconsistent,
        },
        Case {
            name: "keys wrapped to the wrong public key",
            method: "PUT",
            path: invite(&bob_id),
            body: Some(
                prepare_member_keys(&keys, &key(&carol), None)
                    .unwrap()
                    .first,
            ),
            expected: ErrorCode::KeysInconsistent,
        },
        Case {
            name: "no keys at all",
            method: "PUT",
            path: invite(&bob_id),
            body: Some(r#"{"keys":[]}"#.into()),
            expected: ErrorCode::KeysInconsistent,
        },
        Case {
            name: "rank 5",
            method: "PUT",
            path: invite(&bob_id),
            body: Some(
                prepare_member_keys(&keys, &key(&bob), None)
                    .unwrap()
                    .first
                    .replace(r#""rank":null"#, r#""rank":5"#),
            ),
            expected: ErrorCode::GroupRankInvalid,
        },
        Case {
            name: "rank 0",
            method: "PUT",
            path: invite(&bob_id),
            body: Some(
                prepare_member_keys(&keys, &key(&bob), None)
                    .unwrap()
                    .first
                    .replace(r#""rank":null"#, r#""rank":0"#),
            ),
            expected: ErrorCode::GroupRankInvalid,
        },
        Case {
            name: "rank -1",
            method: "PUT",
            path: invite(&bob_id),
            body: Some(
                prepare_member_keys(&keys, &key(&bob), None)
                    .unwrap()
                    .first
                    .replace(r#""rank":null"#, r#""rank":-1"#),
            ),
            expected: ErrorCode::GroupRankInvalid,
        },
        Case {
            name: "oversized key list",
            method: "PUT",
            path: invite(&bob_id),
            body: Some(too_many),
            expected: ErrorCode::InputTooLarge,
        },
        Case {
            name: "change rank of a non-member",
            method: "PUT",
            path: paths::fill(paths::GROUP_CHANGE_RANK, &[&id]),
            body: Some(format!(r#"{{"member_id":"{bob_id}","rank":3}}"#)),
            expected: ErrorCode::GroupMemberNotFound,
        },
        Case {
            name: "rotation based on another group's key",
            method: "POST",
            path: paths::fill(paths::GROUP_KEY_ROTATION, &[&id]),
            body: Some(stale),
            // The signed link names another previous generation than the request.
            expected: ErrorCode::KeyChainInvalid,
        },
        Case {
            name: "rotation whose chain is broken",
            method: "POST",
            path: paths::fill(paths::GROUP_KEY_ROTATION, &[&id]),
            body: Some(rotation(&|request| {
                request.new_key_by_ephemeral = request.ephemeral_by_previous.clone()
            })),
            expected: ErrorCode::KeysInconsistent,
        },
        Case {
            name: "rotation wrapped for another member",
            method: "POST",
            path: paths::fill(paths::GROUP_KEY_ROTATION, &[&id]),
            body: Some(rotation(&|request| {
                request.key.wrapped_key = request.key.private_key.clone()
            })),
            expected: ErrorCode::KeysInconsistent,
        },
        Case {
            name: "child wrapped for another group",
            method: "POST",
            path: paths::fill(paths::GROUP_CHILD, &[&id]),
            body: Some(foreign_child),
            expected: ErrorCode::KeysInconsistent,
        },
        Case {
            name: "finish a rotation that does not exist",
            method: "PUT",
            path: paths::fill(
                paths::GROUP_KEY_ROTATION_FINISH,
                &[&id, &newest.id().to_hex()],
            ),
            body: Some(format!(
                r#"{{"member_id":"{}","wrapped_key":"{}"}}"#,
                alice.user_id().unwrap(),
                newest
                    .public_key()
                    .wrap_key(newest.symmetric())
                    .unwrap()
                    .to_base64()
            )),
            expected: ErrorCode::GroupKeyRotationNotFound,
        },
        Case {
            name: "finish for another member",
            method: "PUT",
            path: paths::fill(
                paths::GROUP_KEY_ROTATION_FINISH,
                &[&id, &newest.id().to_hex()],
            ),
            body: Some(format!(
                r#"{{"member_id":"{bob_id}","wrapped_key":"{}"}}"#,
                newest
                    .public_key()
                    .wrap_key(newest.symmetric())
                    .unwrap()
                    .to_base64()
            )),
            expected: ErrorCode::GroupAccessDenied,
        },
        Case {
            name: "accept a join request nobody sent",
            method: "PUT",
            path: paths::fill(paths::GROUP_JOIN_REQUEST_OF, &[&id, &bob_id]),
            body: Some(prepare_member_keys(&keys, &key(&bob), None).unwrap().first),
            expected: ErrorCode::GroupJoinRequestNotFound,
        },
        Case {
            name: "malformed body",
            method: "PUT",
            path: paths::fill(paths::GROUP_CHANGE_RANK, &[&id]),
            body: Some(r#"{"member_id":5}"#.into()),
            expected: ErrorCode::InvalidJson,
        },
    ];

    let jwt = alice.jwt().await.unwrap();
    let before = snapshot(&env, &id).await;
    for case in cases {
        let (_, response) = env
            .raw_with(case.method, &case.path, &jwt, case.body.as_deref(), None)
            .await;
        assert_eq!(
            TestEnv::code_of(&response),
            case.expected,
            "{}: {response}",
            case.name
        );
        assert_eq!(
            snapshot(&env, &id).await,
            before,
            "{} wrote something",
            case.name
        );
    }
    // A rank change to a rank out of range, on a real member.
    group.invite_auto(&bob_id, None).await.unwrap();
    assert_eq!(
        common::code(group.change_rank(&bob_id, 7).await),
        ErrorCode::GroupRankInvalid
    );
}
