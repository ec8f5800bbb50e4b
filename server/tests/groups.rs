//! Group flows end to end (docs/groups.md): the real client against the real server and database.

mod common;

use common::{TestEnv, code, group_of, group_with};
use sentc_core::ErrorCode;
use sentc_core::crypto::Header;
use sentc_core::group::{VerifyLevel, prepare_create_group};
use sentc_core::protocol::group::{AccessBy, MemberType};
use sentc_core::protocol::paths;

on_both_databases!(
    create_invite_encrypt_rotate,
    signed_keys_and_verify_levels,
    join_requests_auto_invite_and_stop,
    ranks_kick_leave_delete,
    child_groups,
    connected_groups,
    groups_invited_into_connected_groups,
    offline_member_catches_up_on_two_rotations,
    kicked_member_gets_no_new_key,
    re_invite_keeps_the_rank,
    encrypt_for_a_user_and_symmetric_keys,
    paged_keys,
    data_bound_to_a_context,
    deleted_children_leave_connected_groups,
);

async fn create_invite_encrypt_rotate(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    assert_eq!(group.rank().unwrap(), 0);
    assert_eq!(group.access_by().unwrap(), AccessBy::Direct);
    assert_eq!(alice.groups(None).await.unwrap()[0].group_id, group_id);

    // Invite, then Bob accepts.
    group
        .invite(&bob.user_id().unwrap(), Some(3))
        .await
        .unwrap();
    let invites = bob.group_invites(None).await.unwrap();
    assert_eq!(
        (invites[0].id.as_str(), invites[0].rank),
        (group_id.as_str(), 3)
    );
    assert_eq!(
        code(bob.get_group(&group_id, VerifyLevel::Chain).await),
        ErrorCode::GroupAccessDenied
    );
    bob.accept_group_invite(&group_id).await.unwrap();
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.rank().unwrap(), 3);

    // Encrypt for the group; the other member decrypts.
    let item = group.encrypt_string("hello group").unwrap();
    assert_eq!(bobs.decrypt_string(&item).unwrap(), "hello group");
    let signed = group.encrypt_signed(b"signed").unwrap();
    assert_eq!(
        bobs.decrypt_verified(&signed, &alice.verify_key().unwrap())
            .unwrap(),
        b"signed"
    );

    // Rotate; Bob finishes; both read old and new data.
    let new_key = group.key_rotation(false).await.unwrap();
    let after = group.encrypt_string("after rotation").unwrap();
    assert_eq!(code(bobs.decrypt_string(&after)), ErrorCode::KeyRequired);
    env.wait_for_rotations().await;
    assert_eq!(bobs.finish_key_rotations().await.unwrap(), 1);
    assert_eq!(bobs.keys().unwrap().newest().unwrap().id(), new_key);
    assert_eq!(bobs.decrypt_string(&after).unwrap(), "after rotation");
    assert_eq!(bobs.decrypt_string(&item).unwrap(), "hello group");
    // A fresh fetch sees both generations.
    let again = group_of(&bob, &group_id).await;
    assert_eq!(again.keys().unwrap().all().len(), 2);
    assert_eq!(again.members(None).await.unwrap().len(), 2);
}

async fn signed_keys_and_verify_levels(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let alice_id = alice.user_id().unwrap();
    // `sign: false` (sentc's argument) still signs: every generation is a link of the chain.
    let group_id = alice.create_group(false).await.unwrap();
    let group = group_of(&alice, &group_id).await;
    group
        .invite_auto(&bob.user_id().unwrap(), None)
        .await
        .unwrap();
    let new_key = group.key_rotation(false).await.unwrap();
    env.wait_for_rotations().await;
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.keys().unwrap().all().len(), 2);
    assert_eq!(bobs.key_chain().unwrap(), group.key_chain().unwrap());
    assert_eq!(bobs.key_chain().unwrap().head, new_key);
    let links = bob
        .client()
        .group_key_chain(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(links.len(), 2);
    for link in &links {
        assert_eq!(link.signed_by.as_ref().unwrap().user_id, alice_id);
    }

    // A group the app backend made with its secret token: no user signed its first generation,
    // so it opens only at its own trust level, never the default one.
    let made = prepare_create_group(&alice.public_key().unwrap(), None).unwrap();
    let path = paths::fill(paths::GROUP_FORCED, &[&alice_id]);
    let (status, response) = env
        .raw(
            "POST",
            &path,
            Some(&env.secret_token),
            None,
            Some(&made.body),
        )
        .await;
    assert_eq!(status, 200, "{response}");
    assert_eq!(
        code(alice.get_group(&made.group_id, VerifyLevel::Chain).await),
        ErrorCode::SignatureMissing
    );
    let backend = alice
        .get_group(&made.group_id, VerifyLevel::BackendCreated)
        .await
        .unwrap();
    assert_eq!(
        backend.keys().unwrap().newest().unwrap().id(),
        made.key.id()
    );
    // Its later generations are signed as any other's.
    backend.key_rotation(false).await.unwrap();
    let links = alice
        .client()
        .group_key_chain(&made.group_id, VerifyLevel::BackendCreated)
        .await
        .unwrap();
    assert!(links[0].signed_by.is_none());
    assert_eq!(links[1].signed_by.as_ref().unwrap().user_id, alice_id);
}

async fn join_requests_auto_invite_and_stop(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let group = group_with(&alice, &[]).await;
    let group_id = group.id().unwrap();

    bob.group_join_request(&group_id).await.unwrap();
    assert_eq!(
        code(bob.group_join_request(&group_id).await),
        ErrorCode::GroupMemberExists
    );
    assert_eq!(bob.sent_join_requests(None).await.unwrap().len(), 1);
    carol.group_join_request(&group_id).await.unwrap();
    carol.delete_join_request(&group_id).await.unwrap();
    assert!(carol.sent_join_requests(None).await.unwrap().is_empty());

    let requests = group.join_requests(None).await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].member_type, MemberType::User);
    group
        .accept_join_request(&requests[0], Some(2))
        .await
        .unwrap();
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.rank().unwrap(), 2);
    assert_eq!(bobs.decrypt(&group.encrypt(b"x").unwrap()).unwrap(), b"x");

    // Rejecting, and stopping invites and requests.
    carol.group_join_request(&group_id).await.unwrap();
    group
        .reject_join_request(&carol.user_id().unwrap())
        .await
        .unwrap();
    assert_eq!(
        code(group.reject_join_request(&carol.user_id().unwrap()).await),
        ErrorCode::GroupJoinRequestNotFound
    );
    group.set_invites_allowed(false).await.unwrap();
    assert_eq!(
        code(carol.group_join_request(&group_id).await),
        ErrorCode::GroupInvitesDisabled
    );
    assert_eq!(
        code(group.invite_auto(&carol.user_id().unwrap(), None).await),
        ErrorCode::GroupInvitesDisabled
    );
    group.set_invites_allowed(true).await.unwrap();
    group
        .invite_auto(&carol.user_id().unwrap(), None)
        .await
        .unwrap();
    assert_eq!(group_of(&carol, &group_id).await.rank().unwrap(), 4);

    // Reject an invite.
    let (_, dave) = env.user("dave").await;
    group.invite(&dave.user_id().unwrap(), None).await.unwrap();
    dave.reject_group_invite(&group_id).await.unwrap();
    assert!(dave.group_invites(None).await.unwrap().is_empty());
    assert_eq!(
        code(dave.accept_group_invite(&group_id).await),
        ErrorCode::GroupInviteNotFound
    );
}

async fn ranks_kick_leave_delete(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let group = group_with(&alice, &[&bob, &carol]).await;
    let group_id = group.id().unwrap();
    let bob_id = bob.user_id().unwrap();
    let carol_id = carol.user_id().unwrap();

    group.change_rank(&bob_id, 2).await.unwrap();
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.rank().unwrap(), 2);
    // A group held since before a rank change learns it with light() (sentc's update check).
    group.change_rank(&bob_id, 3).await.unwrap();
    assert_eq!(bobs.info().unwrap().rank, 2);
    assert_eq!(bobs.light().await.unwrap().rank, 3);
    assert_eq!(bobs.rank().unwrap(), 3);
    assert_eq!(bobs.info().unwrap().group_id, group_id);
    group.change_rank(&bob_id, 2).await.unwrap();
    bobs.light().await.unwrap();
    // Rank 2 cannot give rank 1, nor touch the creator.
    assert_eq!(
        code(bobs.change_rank(&carol_id, 1).await),
        ErrorCode::GroupRankInvalid
    );
    assert_eq!(
        code(bobs.kick(&alice.user_id().unwrap()).await),
        ErrorCode::GroupCreatorStays
    );
    assert_eq!(
        code(bobs.kick(&bob_id).await),
        ErrorCode::GroupCannotKickSelf
    );
    bobs.kick(&carol_id).await.unwrap();
    assert_eq!(
        code(carol.get_group(&group_id, VerifyLevel::Chain).await),
        ErrorCode::GroupAccessDenied
    );

    bobs.leave().await.unwrap();
    assert_eq!(code(group.leave().await), ErrorCode::GroupCreatorStays);
    assert_eq!(group.members(None).await.unwrap().len(), 1);
    group.delete().await.unwrap();
    assert_eq!(
        code(alice.get_group(&group_id, VerifyLevel::Chain).await),
        ErrorCode::GroupNotFound
    );
}

async fn child_groups(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let parent = group_with(&alice, &[&bob]).await;
    let child_id = parent.create_child_group(false).await.unwrap();
    let grandchild_id = group_of(&alice, &child_id)
        .await
        .create_child_group(true)
        .await
        .unwrap();
    assert_eq!(parent.children(None).await.unwrap()[0].group_id, child_id);

    // Bob (rank 4 in the parent) reaches child and grandchild with rank 4.
    let child = group_of(&bob, &child_id).await;
    assert_eq!(child.rank().unwrap(), 4);
    assert_eq!(
        child.access_by().unwrap(),
        AccessBy::Parent {
            group_id: parent.id().unwrap()
        }
    );
    let grandchild = group_of(&bob, &grandchild_id).await;
    let item = grandchild.encrypt(b"deep").unwrap();
    assert_eq!(
        group_of(&alice, &grandchild_id)
            .await
            .decrypt(&item)
            .unwrap(),
        b"deep"
    );

    // New parent members reach every child.
    let (_, carol) = env.user("carol").await;
    parent
        .invite_auto(&carol.user_id().unwrap(), None)
        .await
        .unwrap();
    assert_eq!(
        group_of(&carol, &grandchild_id)
            .await
            .decrypt(&item)
            .unwrap(),
        b"deep"
    );

    // A child rotation reaches the parent's members through the parent.
    let alices_child = group_of(&alice, &child_id).await;
    alices_child.key_rotation(false).await.unwrap();
    let after = alices_child.encrypt(b"rotated child").unwrap();
    env.wait_for_rotations().await;
    assert_eq!(
        group_of(&carol, &child_id).await.decrypt(&after).unwrap(),
        b"rotated child"
    );
    // Rank 4 cannot create children.
    assert_eq!(
        code(child.create_child_group(false).await),
        ErrorCode::GroupRankTooLow
    );
}

async fn connected_groups(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let team = group_with(&alice, &[&bob]).await;
    let team_id = team.id().unwrap();
    let resource_id = team.create_connected_group(false).await.unwrap();
    assert_eq!(
        team.connected_groups(None).await.unwrap()[0].group_id,
        resource_id
    );

    // Bob reaches the connected group through the team.
    let bobs_team = group_of(&bob, &team_id).await;
    let resource = bobs_team
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(
        resource.access_by().unwrap(),
        AccessBy::Connected {
            group_id: team_id.clone()
        }
    );
    // The team created the resource (rank 0 there), but Bob is a rank-4 member of the team:
    // through the team he gets the weaker of the two ranks, and cannot administer it.
    assert_eq!(resource.rank().unwrap(), 4);
    assert_eq!(
        code(resource.set_invites_allowed(false).await),
        ErrorCode::GroupRankTooLow
    );
    assert_eq!(code(resource.delete().await), ErrorCode::GroupRankTooLow);
    let item = resource.encrypt(b"resource").unwrap();
    // Without naming the team, a user is not a member.
    assert_eq!(
        code(bob.get_group(&resource_id, VerifyLevel::Chain).await),
        ErrorCode::GroupAccessDenied
    );
    // Alice, the team's creator, administers it with the team's rank.
    let resource = team
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(resource.rank().unwrap(), 0);
    assert!(resource.invites_allowed().unwrap());
    // Children of the connected group are reached the same way.
    let sub_id = resource.create_child_group(false).await.unwrap();
    let sub = resource
        .get_child_group(&sub_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(sub.decrypt(&sub.encrypt(b"sub").unwrap()).unwrap(), b"sub");

    // Another team asks to join; the resource's admin accepts.
    let (_, carol) = env.user("carol").await;
    let other = group_with(&carol, &[]).await;
    other.join_connected_group(&resource_id).await.unwrap();
    assert_eq!(
        other
            .sent_connected_join_requests(None)
            .await
            .unwrap()
            .len(),
        1
    );
    let requests = resource.join_requests(None).await.unwrap();
    assert_eq!(requests[0].member_type, MemberType::Group);
    resource
        .accept_join_request(&requests[0], None)
        .await
        .unwrap();
    let carols = other
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(carols.decrypt(&item).unwrap(), b"resource");
    assert_eq!(carols.rank().unwrap(), 4);

    // A connected group cannot join a connected group, nor be created from one.
    let second = team.create_connected_group(false).await.unwrap();
    assert_eq!(
        code(resource.join_connected_group(&second).await),
        ErrorCode::GroupConnectionInvalid
    );
    assert_eq!(
        code(resource.create_connected_group(false).await),
        ErrorCode::GroupConnectionInvalid
    );
    // Users cannot ask a normal group... as a group: only connected groups take groups.
    let plain = group_with(&alice, &[]).await;
    assert_eq!(
        code(other.join_connected_group(&plain.id().unwrap()).await),
        ErrorCode::GroupConnectionInvalid
    );

    // A rotation of the connected group reaches member groups' users.
    resource.key_rotation(false).await.unwrap();
    let after = resource.encrypt(b"after").unwrap();
    env.wait_for_rotations().await;
    let carols = other
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(carols.decrypt(&after).unwrap(), b"after");
}

/// sentc's `inviteGroup`: a connected group invites a normal group, whose admins accept (or it
/// is added at once); only connected groups take groups, and only normal groups join them.
async fn groups_invited_into_connected_groups(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let team = group_with(&alice, &[]).await;
    let resource_id = team.create_connected_group(false).await.unwrap();
    let resource = team
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    let item = resource.encrypt(b"shared").unwrap();

    // Bob's group is invited at rank 3; a rank-4 member of it cannot answer, its admin accepts.
    let bobs_group = group_with(&bob, &[&carol]).await;
    let bobs_group_id = bobs_group.id().unwrap();
    resource
        .invite_member(&bobs_group_id, MemberType::Group, Some(3), false)
        .await
        .unwrap();
    assert_eq!(
        code(
            resource
                .invite_member(&bobs_group_id, MemberType::Group, None, false)
                .await
        ),
        ErrorCode::GroupMemberExists
    );
    let carols_view = group_of(&carol, &bobs_group_id).await;
    assert_eq!(
        code(carols_view.connected_invites(None).await),
        ErrorCode::GroupRankTooLow
    );
    assert_eq!(
        code(carols_view.accept_connected_invite(&resource_id).await),
        ErrorCode::GroupRankTooLow
    );
    let invites = bobs_group.connected_invites(None).await.unwrap();
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0].id, resource_id);
    assert_eq!(invites[0].rank, 3);
    // Not a member before accepting.
    assert_eq!(
        code(
            bobs_group
                .get_connected_group(&resource_id, VerifyLevel::Chain)
                .await
        ),
        ErrorCode::GroupAccessDenied
    );
    bobs_group
        .accept_connected_invite(&resource_id)
        .await
        .unwrap();
    assert!(bobs_group.connected_invites(None).await.unwrap().is_empty());
    let through_bob = bobs_group
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(through_bob.rank().unwrap(), 3);
    assert_eq!(through_bob.decrypt(&item).unwrap(), b"shared");
    // Carol, a member of bob's group, reaches it too.
    let through_carol = carols_view
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(through_carol.decrypt(&item).unwrap(), b"shared");

    // A rejected invite leaves no membership; an automatic one needs no answer.
    let carols_group = group_with(&carol, &[]).await;
    let carols_group_id = carols_group.id().unwrap();
    resource
        .invite_member(&carols_group_id, MemberType::Group, None, false)
        .await
        .unwrap();
    carols_group
        .reject_connected_invite(&resource_id)
        .await
        .unwrap();
    assert_eq!(
        code(carols_group.accept_connected_invite(&resource_id).await),
        ErrorCode::GroupInviteNotFound
    );
    resource
        .invite_member(&carols_group_id, MemberType::Group, None, true)
        .await
        .unwrap();
    let auto = carols_group
        .get_connected_group(&resource_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(auto.rank().unwrap(), 4);

    // Only connected groups take groups, and a connected group joins none.
    let plain = group_with(&alice, &[]).await;
    let another = group_with(&bob, &[]).await;
    assert_eq!(
        code(
            plain
                .invite_member(&another.id().unwrap(), MemberType::Group, None, false)
                .await
        ),
        ErrorCode::GroupConnectionInvalid
    );
    let second_id = team.create_connected_group(false).await.unwrap();
    assert_eq!(
        code(
            resource
                .invite_member(&second_id, MemberType::Group, None, false)
                .await
        ),
        ErrorCode::GroupConnectionInvalid
    );
    // An unknown group is not found.
    assert_eq!(
        code(
            resource
                .invite_member(
                    "0123456789abcdef0123456789abcdef",
                    MemberType::Group,
                    None,
                    false
                )
                .await
        ),
        ErrorCode::GroupNotFound
    );
}

async fn offline_member_catches_up_on_two_rotations(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (_, carol) = env.user("carol").await;
    let group = group_with(&alice, &[&bob, &carol]).await;
    let group_id = group.id().unwrap();
    let bobs = group_of(&bob, &group_id).await;
    let mut items = vec![group.encrypt(b"gen 0").unwrap()];

    // Two rotations while Carol is offline, started by different members.
    group.key_rotation(false).await.unwrap();
    items.push(group.encrypt(b"gen 1").unwrap());
    env.wait_for_rotations().await;
    bobs.finish_key_rotations().await.unwrap();
    bobs.key_rotation(true).await.unwrap();
    items.push(bobs.encrypt(b"gen 2").unwrap());
    env.wait_for_rotations().await;

    let carols = group_of(&carol, &group_id).await;
    assert_eq!(carols.keys().unwrap().all().len(), 3);
    let group = group_of(&alice, &group_id).await;
    for member in [&group, &bobs, &carols] {
        for (generation, item) in items.iter().enumerate() {
            let text = format!("gen {generation}");
            assert_eq!(member.decrypt(item).unwrap(), text.as_bytes());
        }
    }
}

async fn kicked_member_gets_no_new_key(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group = group_with(&alice, &[&bob]).await;
    let group_id = group.id().unwrap();
    let bobs = group_of(&bob, &group_id).await;
    group.kick(&bob.user_id().unwrap()).await.unwrap();
    group.key_rotation(false).await.unwrap();
    env.wait_for_rotations().await;
    let secret = group.encrypt(b"after the kick").unwrap();
    // Bob's old group object holds only the old key; the server gives him nothing new.
    let missing = bobs.decrypt(&secret).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::KeyRequired);
    assert_eq!(
        missing.key_id(),
        Some(Header::parse(&secret).unwrap().key_id)
    );
    assert_eq!(
        code(bobs.finish_key_rotations().await),
        ErrorCode::GroupAccessDenied
    );
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM group_pending_rotations WHERE group_id = $1 AND member_id = $2",
    )
    .bind(&group_id)
    .bind(bob.user_id().unwrap())
    .fetch_one(&env.state.db.pool)
    .await
    .unwrap();
    assert_eq!(pending, 0);
}

async fn re_invite_keeps_the_rank(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group = group_with(&alice, &[]).await;
    let group_id = group.id().unwrap();
    group
        .invite_auto(&bob.user_id().unwrap(), Some(2))
        .await
        .unwrap();
    // Bob rotates his user keys; the group re-wraps its keys for his new public key.
    bob.key_rotation().await.unwrap();
    group
        .re_invite(&bob.user_id().unwrap(), MemberType::User)
        .await
        .unwrap();
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.rank().unwrap(), 2);
    assert_eq!(bobs.decrypt(&group.encrypt(b"x").unwrap()).unwrap(), b"x");
    let wrapped_to: String = sqlx::query_scalar(
        "SELECT wrapped_key FROM group_member_keys WHERE group_id = $1 AND member_id = $2",
    )
    .bind(&group_id)
    .bind(bob.user_id().unwrap())
    .fetch_one(&env.state.db.pool)
    .await
    .unwrap();
    let wrapped = sentc_core::crypto::WrappedKey::from_base64(&wrapped_to).unwrap();
    assert_eq!(wrapped.wrapping_key_id(), bob.public_key().unwrap().id());
}

async fn encrypt_for_a_user_and_symmetric_keys(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let item = alice
        .encrypt_for_user(&bob.user_id().unwrap(), b"for bob", true)
        .await
        .unwrap();
    assert_eq!(
        bob.decrypt_from_user(&item, Some(&alice.verify_key().unwrap()))
            .unwrap(),
        b"for bob"
    );
    let alice_id = alice.user_id().unwrap();
    let bob_id = bob.user_id().unwrap();
    assert_eq!(
        bob.decrypt_from_user_verified(&item, &alice_id)
            .await
            .unwrap(),
        b"for bob"
    );
    assert_eq!(
        code(bob.decrypt_from_user_verified(&item, &bob_id).await),
        ErrorCode::UserKeyNotFound
    );
    // After Bob rotates his keys, old data still opens.
    bob.key_rotation().await.unwrap();
    assert_eq!(bob.decrypt_from_user(&item, None).unwrap(), b"for bob");

    let group = group_with(&alice, &[&bob]).await;
    let bobs = group_of(&bob, &group.id().unwrap()).await;
    // Signed group data, checked against the sender's user id.
    let signed = group.encrypt_signed(b"from alice").unwrap();
    assert_eq!(
        bobs.decrypt_from(&signed, &alice_id).await.unwrap(),
        b"from alice"
    );
    assert_eq!(
        code(bobs.decrypt_from(&signed, &bob_id).await),
        ErrorCode::UserKeyNotFound
    );
    let unsigned = group.encrypt(b"anyone").unwrap();
    assert_eq!(
        code(bobs.decrypt_from(&unsigned, &alice_id).await),
        ErrorCode::SignatureMissing
    );
    let text = group.encrypt_string_signed("signed text").unwrap();
    assert_eq!(
        bobs.decrypt_string_from(&text, &alice_id).await.unwrap(),
        "signed text"
    );
    assert_eq!(bobs.decrypt_string(&text).unwrap(), "signed text");
    let (key, wrapped) = group.generate_key().unwrap();
    assert_eq!(group.open_key(&wrapped).unwrap().id(), key.id());
    let registered = group.register_key().await.unwrap();
    let fetched = bobs.fetch_key(registered.id()).await.unwrap();
    assert_eq!(
        fetched
            .decrypt(&registered.encrypt(b"doc").unwrap())
            .unwrap(),
        b"doc"
    );
    assert_eq!(
        code(bobs.delete_key(registered.id()).await),
        ErrorCode::SymKeyNotFound
    );
    group.delete_key(registered.id()).await.unwrap();
    assert_eq!(
        code(bobs.fetch_key(registered.id()).await),
        ErrorCode::SymKeyNotFound
    );
    // The group's public key is public.
    let public = env
        .client()
        .get_group_public_key(&group.id().unwrap())
        .await
        .unwrap();
    assert_eq!(
        public.id(),
        group.keys().unwrap().newest().unwrap().public_key().id()
    );
}

async fn paged_keys(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let group = group_with(&alice, &[]).await;
    env.rotate(&group, 51).await;
    env.wait_for_rotations().await;
    // 52 generations come in two pages.
    let fetched = group_of(&alice, &group.id().unwrap()).await;
    assert_eq!(fetched.keys().unwrap().all().len(), 52);
}

async fn data_bound_to_a_context(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group = group_with(&alice, &[&bob]).await;
    let bobs = group_of(&bob, &group.id().unwrap()).await;
    let alice_id = alice.user_id().unwrap();
    let record = b"invoice 17 / amount";
    let item = group.encrypt_with_context(b"42.00", record, true).unwrap();
    assert_eq!(
        bobs.decrypt_with_context(&item, record, Some(&alice_id))
            .await
            .unwrap(),
        b"42.00"
    );
    // Moved to another record (as a server could), or opened as plain data: refused.
    assert_eq!(
        code(
            bobs.decrypt_with_context(&item, b"invoice 18 / amount", None)
                .await
        ),
        ErrorCode::DecryptionFailed
    );
    assert_eq!(
        code(
            bobs.decrypt_with_context(&item, b"invoice 18 / amount", Some(&alice_id))
                .await
        ),
        ErrorCode::SignatureInvalid
    );
    assert_eq!(code(bobs.decrypt(&item)), ErrorCode::ContextMismatch);
    let text = bobs
        .encrypt_string_with_context("reply", record, false)
        .unwrap();
    assert_eq!(
        group
            .decrypt_string_with_context(&text, record, None)
            .await
            .unwrap(),
        "reply"
    );
}

/// Deleting a group deletes its children, and each child leaves the connected groups it was a
/// member of (no membership of a deleted group stays behind).
async fn deleted_children_leave_connected_groups(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let parent = group_with(&alice, &[]).await;
    let child_id = parent.create_child_group(false).await.unwrap();
    let child = parent
        .get_child_group(&child_id, VerifyLevel::Chain)
        .await
        .unwrap();
    let resource_id = child.create_connected_group(false).await.unwrap();
    let memberships = || {
        env.count(
            "SELECT COUNT(*) FROM group_members WHERE member_id = $1",
            &child_id,
        )
    };
    let key_copies = || {
        env.count(
            "SELECT COUNT(*) FROM group_member_keys WHERE member_id = $1",
            &child_id,
        )
    };
    assert_eq!(memberships().await, 1);
    assert!(key_copies().await > 0);

    parent.delete().await.unwrap();
    assert_eq!(memberships().await, 0);
    assert_eq!(key_copies().await, 0);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM groups WHERE id = $1", &child_id)
            .await,
        0
    );
    // The connected group stays (other groups may join it); it has no members left.
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM group_members WHERE group_id = $1",
            &resource_id
        )
        .await,
        0
    );
}
