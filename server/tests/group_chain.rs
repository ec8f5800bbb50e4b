//! Group keys behind a hostile server (`common::hostile`): a client takes a group generation only
//! if it extends the group's key chain, signed by its maker's chain-verified user key over the
//! group id, and never moves the newest generation it pinned backwards. Rotations forked from an
//! older generation, unsigned or signed outside the maker's chain, generations replayed from
//! another group, rollbacks, and planted group public keys and child-group keys are refused with
//! a typed error, and nothing the client holds changes.

mod common;

use common::hostile::{HostileClient, HostileTransport, HostileUser, fields_of};
use common::{PASSWORD, TestEnv, TestUser, code};
use sentc_core::ErrorCode;
use sentc_core::client::Method;
use sentc_core::crypto::{KeyId, PublicKey, SignKey, base64_encode};
use sentc_core::group::{VerifyLevel, prepare_group_key_rotation};
use sentc_core::keys::{ChainState, GroupKey, group_chain_anchor, sign_group_link};
use sentc_core::protocol::group::{GroupKeyRotationRequest, GroupPendingRotation, MemberType};
use sentc_core::protocol::paths;

on_both_databases!(
    rotations_that_do_not_extend_the_chain_are_refused,
    rollback_and_replay_from_another_group_are_refused,
    planted_group_public_key_is_refused,
    planted_child_group_key_is_refused,
    planted_key_of_an_invited_group_is_refused,
);

/// `user`'s id and newest sign key, to sign generations as that user.
fn signer_of(user: &TestUser) -> (String, SignKey) {
    let keys = user.newest_keys().unwrap();
    (user.user_id().unwrap(), keys.sign_key().clone())
}

/// A rotation as the server hands it to a member: the starter's request, with the ephemeral key
/// (still wrapped under the previous generation) encrypted to the member's public key.
fn pending_for(body: &str, member_id: &str, member: &PublicKey) -> GroupPendingRotation {
    let request: GroupKeyRotationRequest = serde_json::from_str(body).unwrap();
    let mut key = request.key.clone();
    key.wrapped_key = request.new_key_by_ephemeral.clone();
    GroupPendingRotation {
        member_id: member_id.into(),
        previous_key_id: request.previous_key_id,
        encrypted_ephemeral: base64_encode(
            &member
                .encrypt(request.ephemeral_by_previous.as_bytes())
                .unwrap(),
        ),
        key,
    }
}

/// From now on the server lists `pending` as the only rotation waiting in `group_id`.
fn serve_pending(server: &HostileTransport, group_id: &str, pending: GroupPendingRotation) {
    server.honest();
    let path = paths::fill(paths::GROUP_KEY_ROTATION, &[group_id]);
    server.rewrite(Method::Get, &path, move |result| {
        *result = serde_json::json!([pending]);
    });
}

/// From now on the server changes the generations of `GET /group/{group_id}`.
fn rewrite_group_keys(
    server: &HostileTransport,
    group_id: &str,
    change: impl Fn(&mut Vec<serde_json::Value>) + Send + Sync + 'static,
) {
    let path = paths::fill(paths::GROUP, &[group_id]);
    server.rewrite(Method::Get, &path, move |result| {
        change(result["keys"].as_array_mut().unwrap());
    });
}

/// From now on the server changes the links of `GET /group/{group_id}/key_chain`.
fn rewrite_key_chain(
    server: &HostileTransport,
    group_id: &str,
    change: impl Fn(&mut Vec<serde_json::Value>) + Send + Sync + 'static,
) {
    let path = paths::fill(paths::GROUP_KEY_CHAIN, &[group_id]);
    server.rewrite(Method::Get, &path, move |result| {
        change(result.as_array_mut().unwrap());
    });
}

/// A first generation of the server's making for `group_id`, wrapped to `member` (anyone can
/// encrypt to a public key) and signed by `signer` if any; as `GET /group/{id}` lists it.
fn server_made_generation(
    group_id: &str,
    member: &PublicKey,
    signer: Option<(&str, &SignKey)>,
) -> serde_json::Value {
    let key = GroupKey::generate().unwrap();
    let link = sign_group_link(group_id, &key, None, signer).unwrap();
    serde_json::to_value(key.data_for(member, &link).unwrap()).unwrap()
}

/// The public link of a generation, as the key chain lists it.
fn link_of(data: &serde_json::Value) -> serde_json::Value {
    fields_of(
        data,
        &[
            "key_id",
            "previous_key_id",
            "public_key",
            "commitment",
            "signed_by",
        ],
    )
}

/// Alice's group with `member` in it, rotated once; the member (behind the hostile server)
/// fetched it and holds both generations. Returns the group (Alice's view) and the member's.
async fn rotated_group(
    env: &TestEnv,
    alice: &TestUser,
    member: &HostileUser,
) -> (
    common::TestGroup,
    sentc_core::client::Group<HostileTransport, sentc_core::client::MemoryStore>,
) {
    let group_id = alice.create_group(false).await.unwrap();
    let group = alice
        .get_group(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    group
        .invite_auto(&member.user_id().unwrap(), None)
        .await
        .unwrap();
    group.key_rotation(false).await.unwrap();
    env.wait_for_rotations().await;
    let members = member
        .get_group(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(members.keys().unwrap().all().len(), 2);
    (group, members)
}

async fn hostile_user(
    env: &TestEnv,
    identifier: &str,
) -> (HostileClient, HostileTransport, HostileUser) {
    env.register(identifier).await;
    let (client, server) = env.hostile_client();
    let user = common::login(&client, identifier, PASSWORD).await;
    (client, server, user)
}

/// Bob holds generations 1 and 2 of Alice's group. The server lists rotations that do not
/// extend them: one built on generation 1 (as a removed member who kept it could make), an
/// unsigned one, one signed with a key outside Alice's user chain, and one whose proof was not
/// made with generation 2 (a maker who never held it). Bob refuses each and keeps his keys.
async fn rotations_that_do_not_extend_the_chain_are_refused(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, server, bob) = hostile_user(&env, "bob").await;
    let (group, bobs) = rotated_group(&env, &alice, &bob).await;
    let group_id = group.id().unwrap();
    let bob_id = bob.user_id().unwrap();
    let bob_public = bob.public_key().unwrap();
    let held = bobs.key_chain().unwrap();
    let keys = group.keys().unwrap();
    let (first, newest) = (&keys.all()[0], keys.newest().unwrap());
    let first_chain = group_chain_anchor(&group_id, first);
    let (alice_id, alice_sign) = signer_of(&alice);
    let alice_signer = (alice_id.as_str(), &alice_sign);
    let rotation = |chain: &ChainState, previous: &GroupKey, signer: (&str, &SignKey)| {
        let new = prepare_group_key_rotation(chain, previous, &bob_public, signer).unwrap();
        pending_for(&new.body, &bob_id, &bob_public)
    };
    let forked = rotation(&first_chain, first, alice_signer);
    let mut unsigned = rotation(&held, newest, alice_signer);
    unsigned.key.signed_by = None;
    let stranger = SignKey::generate().unwrap();
    let outside = rotation(&held, newest, (&alice_id, &stranger));
    let mut unproven = rotation(&held, newest, alice_signer);
    unproven.key.previous_key_proof = rotation(&held, newest, alice_signer).key.previous_key_proof;

    let cases = [
        (
            "forked from generation 1",
            forked,
            ErrorCode::KeyChainForked,
        ),
        ("unsigned", unsigned, ErrorCode::SignatureMissing),
        (
            "signed outside the chain",
            outside,
            ErrorCode::KeyChainInvalid,
        ),
        (
            "no proof of generation 2",
            unproven,
            ErrorCode::KeyChainInvalid,
        ),
    ];
    for (name, pending, expected) in cases {
        serve_pending(&server, &group_id, pending);
        assert_eq!(code(bobs.finish_key_rotations().await), expected, "{name}");
        assert_eq!(bobs.key_chain().unwrap(), held, "{name}");
        assert_eq!(
            bobs.keys().unwrap().newest().unwrap().id(),
            newest.id(),
            "{name}"
        );
    }
    // Honest again: nothing waits, and the group is what it was.
    server.honest();
    assert_eq!(bobs.finish_key_rotations().await.unwrap(), 0);
    let again = bob.get_group(&group_id, VerifyLevel::Chain).await.unwrap();
    assert_eq!(again.key_chain().unwrap(), held);
}

/// Bob pinned generation 2; the server lists the group without it (a rollback), or with the
/// generation of another group Carol is in (the signature is over the other group's id): both
/// refused, and the pins do not move.
async fn rollback_and_replay_from_another_group_are_refused(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, server, bob) = hostile_user(&env, "bob").await;
    let (group, _) = rotated_group(&env, &alice, &bob).await;
    let group_id = group.id().unwrap();
    let held = group.key_chain().unwrap();

    rewrite_group_keys(&server, &group_id, |keys| {
        keys.pop();
    });
    assert_eq!(
        code(bob.get_group(&group_id, VerifyLevel::Chain).await),
        ErrorCode::KeyChainRolledBack
    );
    rewrite_key_chain(&server, &group_id, |links| {
        links.pop();
    });
    assert_eq!(
        code(bob.client().get_group_public_key(&group_id).await),
        ErrorCode::KeyChainRolledBack
    );

    // Carol is in both groups and has not fetched this one yet: the server answers with the
    // other group's generation, which is wrapped to her key and signed by Alice.
    let (_, carol_server, carol) = hostile_user(&env, "carol").await;
    group
        .invite_auto(&carol.user_id().unwrap(), None)
        .await
        .unwrap();
    let other_id = alice.create_group(false).await.unwrap();
    let other = alice
        .get_group(&other_id, VerifyLevel::Chain)
        .await
        .unwrap();
    other
        .invite_auto(&carol.user_id().unwrap(), None)
        .await
        .unwrap();
    let jwt = carol.jwt().await.unwrap();
    let (_, response) = env
        .raw_with(
            "GET",
            &paths::fill(paths::GROUP, &[&other_id]),
            &jwt,
            None,
            None,
        )
        .await;
    let response: serde_json::Value = serde_json::from_str(&response).unwrap();
    let replayed = response["result"]["keys"].clone();
    rewrite_group_keys(&carol_server, &group_id, move |keys| {
        *keys = replayed.as_array().unwrap().clone();
    });
    assert_eq!(
        code(carol.get_group(&group_id, VerifyLevel::Chain).await),
        ErrorCode::KeyChainInvalid
    );
    carol_server.honest();
    let carols = carol
        .get_group(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(carols.key_chain().unwrap(), held);

    // Bob's pins did not move either.
    server.honest();
    let again = bob.get_group(&group_id, VerifyLevel::Chain).await.unwrap();
    assert_eq!(again.key_chain().unwrap(), held);
}

/// Dave is not in Alice's group and asks for its public key (to invite it into a connected
/// group, or to ask to join one). The server swaps the newest public key, appends a generation
/// of its own, or lists a chain of its own (unsigned, or signed in Alice's name with a key
/// outside her chain): all refused. The honest key is then pinned, and a later rollback refused.
async fn planted_group_public_key_is_refused(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (client, server, _dave) = hostile_user(&env, "dave").await;
    let group_id = alice.create_group(false).await.unwrap();
    let group = alice
        .get_group(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    group.key_rotation(false).await.unwrap();
    let real = group.keys().unwrap().newest().unwrap().public_key().id();
    let (alice_id, _) = signer_of(&alice);
    let stranger = SignKey::generate().unwrap();
    let planted_key = GroupKey::generate().unwrap().public_key().clone();

    let swapped_key = serde_json::to_value(&planted_key).unwrap();
    let appended = {
        let mut link = link_of(&server_made_generation(
            &group_id,
            &planted_key,
            Some((&alice_id, &stranger)),
        ));
        link["previous_key_id"] = serde_json::to_value(real_key_id(&group)).unwrap();
        link
    };
    let unsigned = link_of(&server_made_generation(&group_id, &planted_key, None));
    let outside = link_of(&server_made_generation(
        &group_id,
        &planted_key,
        Some((&alice_id, &stranger)),
    ));
    type Change = Box<dyn Fn(&mut Vec<serde_json::Value>) + Send + Sync>;
    let cases: Vec<(&str, Change, ErrorCode)> = vec![
        (
            "newest public key swapped",
            Box::new(move |links| {
                links.last_mut().unwrap()["public_key"] = swapped_key.clone();
            }),
            ErrorCode::KeyChainInvalid,
        ),
        (
            "a generation appended",
            Box::new(move |links| links.push(appended.clone())),
            ErrorCode::KeyChainInvalid,
        ),
        (
            "an unsigned chain of the server's own",
            Box::new(move |links| *links = vec![unsigned.clone()]),
            ErrorCode::SignatureMissing,
        ),
        (
            "a chain signed outside Alice's user chain",
            Box::new(move |links| *links = vec![outside.clone()]),
            ErrorCode::KeyChainInvalid,
        ),
    ];
    for (name, change, expected) in cases {
        server.honest();
        rewrite_key_chain(&server, &group_id, change);
        assert_eq!(
            code(client.get_group_public_key(&group_id).await),
            expected,
            "{name}"
        );
    }
    server.honest();
    assert_eq!(
        client.get_group_public_key(&group_id).await.unwrap().id(),
        real
    );
    rewrite_key_chain(&server, &group_id, |links| {
        links.pop();
    });
    assert_eq!(
        code(client.get_group_public_key(&group_id).await),
        ErrorCode::KeyChainRolledBack
    );
}

/// The id of the group's newest generation.
fn real_key_id(group: &common::TestGroup) -> KeyId {
    group.keys().unwrap().newest().unwrap().id()
}

/// Bob is in Alice's group, which has a child. The server lists the child's generations as one
/// of its own, wrapped to the parent's public key (which anyone may encrypt to): unsigned, or
/// signed in Alice's name with a key outside her chain. Bob refuses both.
async fn planted_child_group_key_is_refused(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, server, bob) = hostile_user(&env, "bob").await;
    let (group, bobs) = rotated_group(&env, &alice, &bob).await;
    let child_id = group.create_child_group(false).await.unwrap();
    let parent_key = group.keys().unwrap().newest().unwrap().public_key().clone();
    let (alice_id, _) = signer_of(&alice);
    let stranger = SignKey::generate().unwrap();
    let cases = [
        (
            "unsigned",
            server_made_generation(&child_id, &parent_key, None),
            ErrorCode::SignatureMissing,
        ),
        (
            "signed outside the chain",
            server_made_generation(&child_id, &parent_key, Some((&alice_id, &stranger))),
            ErrorCode::KeyChainInvalid,
        ),
    ];
    for (name, planted, expected) in cases {
        server.honest();
        rewrite_group_keys(&server, &child_id, move |keys| {
            *keys = vec![planted.clone()];
        });
        assert_eq!(
            code(bobs.get_child_group(&child_id, VerifyLevel::Chain).await),
            expected,
            "{name}"
        );
    }
    server.honest();
    let child = bobs
        .get_child_group(&child_id, VerifyLevel::Chain)
        .await
        .unwrap();
    let alices = group
        .get_child_group(&child_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(child.key_chain().unwrap(), alices.key_chain().unwrap());
}

/// sentc's `inviteGroup`: the connected group's keys are wrapped to the invited group's public
/// key, which comes from that group's verified key chain. A server that swaps it gets nothing:
/// the invite fails before any key is sent, and the invited group has no invite.
async fn planted_key_of_an_invited_group_is_refused(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, server, dave) = hostile_user(&env, "dave").await;
    let team_id = dave.create_group(false).await.unwrap();
    let team = dave.get_group(&team_id, VerifyLevel::Chain).await.unwrap();
    let resource_id = team.create_connected_group(false).await.unwrap();
    let resource = team
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    let invited_id = alice.create_group(false).await.unwrap();
    let invited = alice
        .get_group(&invited_id, VerifyLevel::Chain)
        .await
        .unwrap();

    let planted = serde_json::to_value(GroupKey::generate().unwrap().public_key()).unwrap();
    rewrite_key_chain(&server, &invited_id, move |links| {
        links.last_mut().unwrap()["public_key"] = planted.clone();
    });
    assert_eq!(
        code(
            resource
                .invite_member(&invited_id, MemberType::Group, None, false)
                .await
        ),
        ErrorCode::KeyChainInvalid
    );
    assert!(invited.connected_invites(None).await.unwrap().is_empty());

    // With the real key, the same invite goes through.
    server.honest();
    resource
        .invite_member(&invited_id, MemberType::Group, None, false)
        .await
        .unwrap();
    assert_eq!(invited.connected_invites(None).await.unwrap().len(), 1);
}
