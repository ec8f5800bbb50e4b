//! An app's own backend and groups (docs/groups.md: backend endpoints and "Rotation decided by an app
//! backend"): groups created and deleted with the secret token for a user, and a rotation the
//! client prepares and the backend sends.

mod common;

use common::{TestEnv, code, current_jwt, group_of};
use sentc_core::ErrorCode;
use sentc_core::group::{VerifyLevel, done_create_group, done_member_keys};
use sentc_core::protocol::group::AccessBy;
use sentc_core::protocol::group::MemberType;
use sentc_core::protocol::paths;

on_both_databases!(
    forced_group_endpoints,
    rotation_sent_by_the_backend,
    invite_sent_by_the_backend,
    rank_change_sent_by_the_backend,
);

/// A request with the secret token: status, and the error code or the created group's id.
async fn forced(env: &TestEnv, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    env.raw(method, path, Some(&env.secret_token), None, body)
        .await
}

/// The group id of a successful creation.
fn created(response: (u16, String)) -> String {
    assert_eq!(response.0, 200, "{}", response.1);
    done_create_group(&response.1).unwrap()
}

/// The error of a refused request.
fn refused(response: (u16, String)) -> (u16, ErrorCode) {
    (response.0, TestEnv::code_of(&response.1))
}

async fn forced_group_endpoints(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let alice_id = alice.user_id().unwrap();
    let bob_id = bob.user_id().unwrap();
    let create = |user: &str| paths::fill(paths::GROUP_FORCED, &[user]);

    // A group for Alice, keys prepared on her device, sent by the backend.
    let body = alice.prepare_create_group(true).unwrap();
    let group_id = created(forced(&env, "POST", &create(&alice_id), Some(&body)).await);
    let group = alice
        .get_group(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(group.rank().unwrap(), 0);
    let sealed = group.encrypt_string("from the backend's group").unwrap();
    assert_eq!(
        group.decrypt_string(&sealed).unwrap(),
        "from the backend's group"
    );

    // Not with the public token; not for an unknown user; not with keys for someone else.
    let public = env
        .raw(
            "POST",
            &create(&alice_id),
            Some(&env.public_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(refused(public).1, ErrorCode::SecretTokenRequired);
    let unknown = forced(
        &env,
        "POST",
        &create(&sentc_server::secrets::new_id().unwrap()),
        Some(&body),
    )
    .await;
    assert_eq!(refused(unknown), (404, ErrorCode::UserNotFound));
    let for_alice = forced(&env, "POST", &create(&bob_id), Some(&body)).await;
    assert_eq!(refused(for_alice).1, ErrorCode::KeysInconsistent);
    // The same body again: the group id (chosen on Alice's device) is taken.
    let again = forced(&env, "POST", &create(&alice_id), Some(&body)).await;
    assert_eq!(refused(again), (409, ErrorCode::GroupIdTaken));
    assert!(bob.groups(None).await.unwrap().is_empty());

    // A child and a connected group under Alice's group.
    group.invite_auto(&bob_id, Some(4)).await.unwrap();
    let under = |template: &str, user: &str| paths::fill(template, &[user, &group_id]);
    let body = group.prepare_create_under(false).unwrap();
    let child_id = created(
        forced(
            &env,
            "POST",
            &under(paths::GROUP_FORCED_CHILD, &alice_id),
            Some(&body),
        )
        .await,
    );
    let child = group
        .get_child_group(&child_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(
        child.parent_id().unwrap().as_deref(),
        Some(group_id.as_str())
    );
    assert_eq!(
        child
            .decrypt_string(&child.encrypt_string("c").unwrap())
            .unwrap(),
        "c"
    );
    let body = group.prepare_create_under(false).unwrap();
    let connected_id = created(
        forced(
            &env,
            "POST",
            &under(paths::GROUP_FORCED_CONNECTED, &alice_id),
            Some(&body),
        )
        .await,
    );
    let connected = group
        .get_connected_group(&connected_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(
        connected.access_by().unwrap(),
        AccessBy::Connected {
            group_id: group_id.clone()
        }
    );

    // The backend cannot do for a user what the user could not: Bob has rank 4.
    let as_bob = forced(
        &env,
        "POST",
        &under(paths::GROUP_FORCED_CHILD, &bob_id),
        Some(&body),
    )
    .await;
    assert_eq!(refused(as_bob).1, ErrorCode::GroupRankTooLow);
    assert_eq!(group.children(None).await.unwrap().len(), 1);

    // Delete with the secret token; the second time the group is gone.
    let delete = paths::fill(paths::GROUP_FORCED, &[&group_id]);
    assert_eq!(forced(&env, "DELETE", &delete, None).await.0, 200);
    assert_eq!(
        code(alice.get_group(&group_id, VerifyLevel::Chain).await),
        ErrorCode::GroupNotFound
    );
    assert_eq!(
        refused(forced(&env, "DELETE", &delete, None).await),
        (404, ErrorCode::GroupNotFound)
    );
}

async fn rotation_sent_by_the_backend(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    group
        .invite_auto(&bob.user_id().unwrap(), None)
        .await
        .unwrap();
    let before = group.encrypt_string("before").unwrap();
    let old_key = group.keys().unwrap().newest().unwrap().id();

    // Alice's device prepares; the backend sends it with her JWT.
    let body = group.prepare_key_rotation(true).unwrap();
    let path = paths::fill(paths::GROUP_KEY_ROTATION, &[&group_id]);
    let jwt = current_jwt(&alice).await;
    let (status, response) = env.raw_with("POST", &path, &jwt, Some(&body), None).await;
    assert_eq!(status, 200, "{response}");

    // Alice gets the new generation by fetching the group again; Bob by finishing.
    let group = group_of(&alice, &group_id).await;
    let new_key = group.keys().unwrap().newest().unwrap().id();
    assert_ne!(new_key, old_key);
    let after = group.encrypt_string("after").unwrap();
    // Bob's copy comes from the server's worker.
    env.wait_for_rotations().await;
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.keys().unwrap().newest().unwrap().id(), new_key);
    assert_eq!(bobs.decrypt_string(&before).unwrap(), "before");
    assert_eq!(bobs.decrypt_string(&after).unwrap(), "after");

    // The same body again is a rotation on a generation that is no longer the newest.
    let (_, response) = env.raw_with("POST", &path, &jwt, Some(&body), None).await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::KeyNotNewest);
}

/// sentc's `prepareKeysForNewMember` / `handleInviteSessionKeysForNewMember`: Alice's device
/// wraps every generation for Bob (from his verified key chain), her backend sends the invite
/// with her JWT, and her device sends the older pages to the key session the answer names.
async fn invite_sent_by_the_backend(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let bob_id = bob.user_id().unwrap();
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    let first = group.encrypt_string("first generation").unwrap();
    env.rotate(&group, 51).await;
    env.wait_for_rotations().await;
    let group = group_of(&alice, &group_id).await;

    let bodies = group
        .prepare_keys_for_new_member(&bob_id, MemberType::User, Some(2))
        .await
        .unwrap();
    assert_eq!(bodies.rest.len(), 1);
    let jwt = current_jwt(&alice).await;
    let invite = format!(
        "{}?auto=true",
        paths::fill(paths::GROUP_INVITE, &[&group_id, &bob_id])
    );
    let (status, response) = env
        .raw_with("PUT", &invite, &jwt, Some(&bodies.first), None)
        .await;
    assert_eq!(status, 200, "{response}");
    let session_id = done_member_keys(&response).unwrap().unwrap();
    group
        .send_key_session(&session_id, &bob_id, MemberType::User)
        .await
        .unwrap();

    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.rank().unwrap(), 2);
    assert_eq!(bobs.keys().unwrap().all().len(), 52);
    assert_eq!(bobs.decrypt_string(&first).unwrap(), "first generation");
    // A rank no member can get is refused before anything is wrapped.
    assert_eq!(
        code(
            group
                .prepare_keys_for_new_member(&bob_id, MemberType::User, Some(0))
                .await
        ),
        ErrorCode::GroupRankInvalid
    );
}

/// sentc's `prepareUpdateRank`: the body Alice's device makes, sent by her backend with her JWT.
async fn rank_change_sent_by_the_backend(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let bob_id = bob.user_id().unwrap();
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    group.invite_auto(&bob_id, None).await.unwrap();

    let body = sentc_core::group::prepare_change_rank(&bob_id, 1).unwrap();
    let path = paths::fill(paths::GROUP_CHANGE_RANK, &[&group_id]);
    let (status, response) = env
        .raw_with("PUT", &path, &current_jwt(&alice).await, Some(&body), None)
        .await;
    assert_eq!(status, 200, "{response}");
    assert_eq!(group_of(&bob, &group_id).await.rank().unwrap(), 1);
    assert_eq!(
        code(sentc_core::group::prepare_change_rank(&bob_id, 5)),
        ErrorCode::GroupRankInvalid
    );
}
