//! Ranks reached through other groups, and acting on other members' key copies: a member of a
//! group that created a connected group acts there with the weaker of the two ranks, and a
//! re-invite (which replaces every copy of a member's keys) follows the kick rules.

mod common;

use common::{TestEnv, TestUser, code, group_of};
use sentc_core::ErrorCode;
use sentc_core::group::{GroupKeys, VerifyLevel, prepare_member_keys};
use sentc_core::keys::GroupKey;
use sentc_core::protocol::group::MemberType;
use sentc_core::protocol::paths;

on_both_databases!(
    connected_group_rank_is_the_weaker_one,
    re_invite_follows_the_kick_rules
);

/// The connected group's state as the database holds it: whether it exists, takes invites,
/// and how many members it has.
async fn connected_state(env: &TestEnv, group_id: &str) -> (i64, i64, i64) {
    (
        env.count("SELECT COUNT(*) FROM groups WHERE id = $1", group_id)
            .await,
        env.count(
            "SELECT COUNT(*) FROM groups WHERE id = $1 AND invites_allowed = 1",
            group_id,
        )
        .await,
        env.count(
            "SELECT COUNT(*) FROM group_members WHERE group_id = $1",
            group_id,
        )
        .await,
    )
}

async fn connected_group_rank_is_the_weaker_one(env: TestEnv) {
    let (_, owner) = env.user("owner").await;
    let (_, low) = env.user("low").await;
    let team_id = owner.create_group(false).await.unwrap();
    let team = group_of(&owner, &team_id).await;
    team.invite_auto(&low.user_id().unwrap(), Some(4))
        .await
        .unwrap();
    // The team created the connected group: it is its rank-0 member.
    let connected_id = team.create_connected_group(false).await.unwrap();
    let before = connected_state(&env, &connected_id).await;
    assert_eq!(before, (1, 1, 1));

    let jwt = low.jwt().await.unwrap();
    let (status, body) = env
        .raw_with(
            "PATCH",
            &paths::fill(paths::GROUP_INVITES_ALLOWED, &[&connected_id]),
            &jwt,
            Some(r#"{"allowed":false}"#),
            Some(&team_id),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (403, ErrorCode::GroupRankTooLow)
    );
    let (status, body) = env
        .raw_with(
            "DELETE",
            &paths::fill(paths::GROUP, &[&connected_id]),
            &jwt,
            None,
            Some(&team_id),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (403, ErrorCode::GroupRankTooLow)
    );
    assert_eq!(connected_state(&env, &connected_id).await, before);

    // The rank the server reports is the weaker one too, and the owner keeps rank 0.
    let lows = group_of(&low, &team_id).await;
    let connected = lows
        .get_connected_group(&connected_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(connected.rank().unwrap(), 4);
    assert_eq!(connected.light().await.unwrap().rank, 4);
    let owners = team
        .get_connected_group(&connected_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(owners.rank().unwrap(), 0);
    owners.set_invites_allowed(false).await.unwrap();
    assert_eq!(connected_state(&env, &connected_id).await, (1, 0, 1));
}

/// The member's copies of the group keys, as stored.
async fn copies(env: &TestEnv, group_id: &str, member_id: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT wrapped_key FROM group_member_keys WHERE group_id = $1 AND member_id = $2 \
         ORDER BY key_id",
    )
    .bind(group_id)
    .bind(member_id)
    .fetch_all(&env.state.db.pool)
    .await
    .unwrap()
}

async fn re_invite_follows_the_kick_rules(env: TestEnv) {
    let (_, creator) = env.user("creator").await;
    let (_, admin) = env.user("admin").await;
    let (_, manager) = env.user("manager").await;
    let (_, member) = env.user("member").await;
    let group_id = creator.create_group(false).await.unwrap();
    let group = group_of(&creator, &group_id).await;
    for (user, rank) in [(&admin, 1), (&manager, 2), (&member, 4)] {
        group
            .invite_auto(&user.user_id().unwrap(), Some(rank))
            .await
            .unwrap();
    }
    let secret = group.encrypt(b"for the creator").unwrap();
    let managers = group_of(&manager, &group_id).await;
    let jwt = manager.jwt().await.unwrap();

    // Made-up keys, wrapped to the target's real newest public key, so only the rank rules
    // stand between them and the target's copies.
    let made_up = GroupKeys::new(
        group
            .keys()
            .unwrap()
            .all()
            .iter()
            .map(|_| GroupKey::generate().unwrap())
            .collect(),
    );
    let forged = |target: &TestUser| {
        prepare_member_keys(&made_up, &target.public_key().unwrap(), None)
            .unwrap()
            .first
    };
    for (target, expected) in [
        (&creator, ErrorCode::GroupCreatorStays),
        (&admin, ErrorCode::GroupRankTooLow),
        (&manager, ErrorCode::GroupCannotKickSelf),
    ] {
        let status_of = expected.http_status();
        let target_id = target.user_id().unwrap();
        let before = copies(&env, &group_id, &target_id).await;
        let (status, body) = env
            .raw_with(
                "PUT",
                &paths::fill(paths::GROUP_RE_INVITE, &[&group_id, &target_id]),
                &jwt,
                Some(&forged(target)),
                None,
            )
            .await;
        assert_eq!(
            (status, TestEnv::code_of(&body)),
            (status_of, expected),
            "re-invite of {target_id}"
        );
        assert_eq!(copies(&env, &group_id, &target_id).await, before);
    }
    // The creator still opens the group and its data.
    let again = group_of(&creator, &group_id).await;
    assert_eq!(again.decrypt(&secret).unwrap(), b"for the creator");

    // A manager may re-invite a member ranked lower (with real keys, the member still reads).
    // Only once the manager's client has pinned the member: a re-invite is never its first
    // sight of a user's keys.
    let member_id = member.user_id().unwrap();
    assert_eq!(
        code(managers.re_invite(&member_id, MemberType::User).await),
        ErrorCode::IdentityNotPinned
    );
    manager
        .client()
        .get_user_public_key(&member_id)
        .await
        .unwrap();
    managers
        .re_invite(&member_id, MemberType::User)
        .await
        .unwrap();
    assert_eq!(
        group_of(&member, &group_id).await.decrypt(&secret).unwrap(),
        b"for the creator"
    );
    // A rank-4 member may re-invite nobody, not even users it pinned.
    let members = group_of(&member, &group_id).await;
    member
        .client()
        .get_user_public_key(&manager.user_id().unwrap())
        .await
        .unwrap();
    assert_eq!(
        code(
            members
                .re_invite(&manager.user_id().unwrap(), MemberType::User)
                .await
        ),
        ErrorCode::GroupRankTooLow
    );
}
