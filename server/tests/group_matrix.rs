//! The authorization matrix: every group action × every kind of caller → allowed, or the
//! expected error code. The expectations are one table (`EXPECTED`); each cell runs against a
//! fresh group so destructive actions do not influence each other. Requests are sent raw with
//! the caller's JWT and well-formed bodies, so the server's authorization alone decides. Each
//! cell also compares the group's stored state before and after: an allowed action must have
//! its effect (and only its effect), a refused one must change nothing.

mod common;

use std::collections::BTreeMap;

use common::{TestEnv, TestUser};
use sentc_core::ErrorCode;
use sentc_core::group::{
    VerifyLevel, prepare_create_group, prepare_group_key_rotation, prepare_member_keys,
};
use sentc_core::protocol::group::GroupRequestItem;
use sentc_core::protocol::paths;

on_both_databases!(authorization_matrix);

/// The callers, in table column order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Rank(i64),
    Outsider,
    ParentMember,
    /// The creator of a group that has rank 4 in the connected group.
    ConnectedMember,
    /// A rank-4 member of the group that created the connected group (rank 0 there): through
    /// it, the caller has the weaker rank, 4.
    ConnectedViaCreator,
}

const CALLERS: [Caller; 9] = [
    Caller::Rank(0),
    Caller::Rank(1),
    Caller::Rank(2),
    Caller::Rank(3),
    Caller::Rank(4),
    Caller::Outsider,
    Caller::ParentMember,
    Caller::ConnectedMember,
    Caller::ConnectedViaCreator,
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    Fetch,
    Light,
    Members,
    Children,
    Invite,
    AutoInvite,
    ReInvite,
    JoinRequests,
    AcceptJoin,
    RejectJoin,
    ChangeRank,
    Kick,
    Leave,
    StopInvites,
    Delete,
    CreateChild,
    CreateConnected,
    Rotate,
}

use ErrorCode::{
    GroupAccessDenied as Denied, GroupCreatorStays as Creator, GroupMemberNotFound as NotMember,
    GroupRankTooLow as Low,
};

const OK: Option<ErrorCode> = None;
const fn e(code: ErrorCode) -> Option<ErrorCode> {
    Some(code)
}

/// rank 0, 1, 2, 3, 4, outsider, parent member (rank 4 in the parent), connected member (its
/// group has rank 4 in the connected group), connected through the creator group (rank 4 in a
/// group that has rank 0 in the connected group).
const EXPECTED: &[(Action, [Option<ErrorCode>; 9])] = &[
    (Action::Fetch, [OK, OK, OK, OK, OK, e(Denied), OK, OK, OK]),
    (Action::Light, [OK, OK, OK, OK, OK, e(Denied), OK, OK, OK]),
    (Action::Members, [OK, OK, OK, OK, OK, e(Denied), OK, OK, OK]),
    (
        Action::Children,
        [OK, OK, OK, OK, OK, e(Denied), OK, OK, OK],
    ),
    (
        Action::Invite,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::AutoInvite,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::ReInvite,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::JoinRequests,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::AcceptJoin,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::RejectJoin,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::ChangeRank,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::Kick,
        [
            OK,
            OK,
            OK,
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::Leave,
        [
            e(Creator),
            OK,
            OK,
            OK,
            OK,
            e(Denied),
            e(NotMember),
            e(NotMember),
            e(NotMember),
        ],
    ),
    (
        Action::StopInvites,
        [
            OK,
            OK,
            e(Low),
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::Delete,
        [
            OK,
            OK,
            e(Low),
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::CreateChild,
        [
            OK,
            OK,
            e(Low),
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (
        Action::CreateConnected,
        [
            OK,
            OK,
            e(Low),
            e(Low),
            e(Low),
            e(Denied),
            e(Low),
            e(Low),
            e(Low),
        ],
    ),
    (Action::Rotate, [OK, OK, OK, OK, OK, e(Denied), OK, OK, OK]),
];

struct Users {
    owner: TestUser,
    ranked: Vec<TestUser>,
    extra: TestUser,
    outsider: TestUser,
    parent_member: TestUser,
    connected_member: TestUser,
    via_creator_member: TestUser,
    target: TestUser,
    requester: TestUser,
}

/// One cell's fixture: the group under test, how the caller reaches it, the owner's view.
struct Cell {
    group_id: String,
    owner_view: common::TestGroup,
    caller: TestUser,
    via: Option<String>,
    holder_key: sentc_core::crypto::PublicKey,
    /// Whose copies the caller uses: the caller, the parent group or the member group.
    holder_id: String,
}

async fn fixture(users: &Users, caller: Caller) -> Cell {
    let owner = &users.owner;
    match caller {
        Caller::Rank(_) | Caller::Outsider => {
            let id = owner.create_group(false).await.unwrap();
            let group = owner.get_group(&id, VerifyLevel::Chain).await.unwrap();
            for (rank, member) in (1..).zip(&users.ranked) {
                group
                    .invite_auto(&member.user_id().unwrap(), Some(rank))
                    .await
                    .unwrap();
            }
            group
                .invite_auto(&users.extra.user_id().unwrap(), None)
                .await
                .unwrap();
            users.requester.group_join_request(&id).await.unwrap();
            let actor = match caller {
                Caller::Rank(0) => owner.clone(),
                Caller::Rank(rank) => users.ranked[rank as usize - 1].clone(),
                _ => users.outsider.clone(),
            };
            let holder_key = actor.public_key().unwrap();
            Cell {
                group_id: id,
                owner_view: group,
                holder_id: actor.user_id().unwrap(),
                caller: actor,
                via: None,
                holder_key,
            }
        }
        Caller::ParentMember => {
            let parent_id = owner.create_group(false).await.unwrap();
            let parent = owner
                .get_group(&parent_id, VerifyLevel::Chain)
                .await
                .unwrap();
            parent
                .invite_auto(&users.parent_member.user_id().unwrap(), None)
                .await
                .unwrap();
            let child_id = parent.create_child_group(false).await.unwrap();
            let child = parent
                .get_child_group(&child_id, VerifyLevel::Chain)
                .await
                .unwrap();
            child
                .invite_auto(&users.extra.user_id().unwrap(), None)
                .await
                .unwrap();
            users.requester.group_join_request(&child_id).await.unwrap();
            let holder_key = parent
                .keys()
                .unwrap()
                .newest()
                .unwrap()
                .public_key()
                .clone();
            Cell {
                group_id: child_id,
                owner_view: child,
                caller: users.parent_member.clone(),
                via: None,
                holder_key,
                holder_id: parent_id,
            }
        }
        Caller::ConnectedMember => {
            let base_id = owner.create_group(false).await.unwrap();
            let base = owner.get_group(&base_id, VerifyLevel::Chain).await.unwrap();
            let connected_id = base.create_connected_group(false).await.unwrap();
            let connected = base
                .get_connected_group(&connected_id, VerifyLevel::Chain)
                .await
                .unwrap();
            let member = &users.connected_member;
            let team_id = member.create_group(false).await.unwrap();
            let team = member
                .get_group(&team_id, VerifyLevel::Chain)
                .await
                .unwrap();
            team.join_connected_group(&connected_id).await.unwrap();
            let request = GroupRequestItem {
                id: team_id.clone(),
                member_type: sentc_core::protocol::group::MemberType::Group,
                rank: 4,
                time: 0,
            };
            connected
                .accept_join_request(&request, Some(4))
                .await
                .unwrap();
            connected_cell(users, connected, &team, member).await
        }
        Caller::ConnectedViaCreator => {
            let team_id = owner.create_group(false).await.unwrap();
            let team = owner.get_group(&team_id, VerifyLevel::Chain).await.unwrap();
            let member = &users.via_creator_member;
            team.invite_auto(&member.user_id().unwrap(), Some(4))
                .await
                .unwrap();
            let connected_id = team.create_connected_group(false).await.unwrap();
            let connected = team
                .get_connected_group(&connected_id, VerifyLevel::Chain)
                .await
                .unwrap();
            connected_cell(users, connected, &team, member).await
        }
    }
}

/// The cell of a connected group reached by `caller` through `team` (a member of it): a member
/// to act on and a join request, as in the other fixtures.
async fn connected_cell(
    users: &Users,
    connected: common::TestGroup,
    team: &common::TestGroup,
    caller: &TestUser,
) -> Cell {
    let connected_id = connected.id().unwrap();
    connected
        .invite_auto(&users.extra.user_id().unwrap(), None)
        .await
        .unwrap();
    users
        .requester
        .group_join_request(&connected_id)
        .await
        .unwrap();
    let team_id = team.id().unwrap();
    Cell {
        group_id: connected_id,
        owner_view: connected,
        caller: caller.clone(),
        via: Some(team_id.clone()),
        holder_key: team.keys().unwrap().newest().unwrap().public_key().clone(),
        holder_id: team_id,
    }
}

/// A group's stored state, as far as the actions change it.
#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    exists: bool,
    invites_allowed: bool,
    /// Member id → rank.
    members: BTreeMap<String, i64>,
    /// Member id → request kind (0 invite, 1 join request).
    requests: BTreeMap<String, i64>,
    generations: i64,
    /// (Holder, generation) → the wrapped copy.
    copies: BTreeMap<(String, String), String>,
    children: i64,
    /// Connected groups the group is a member of.
    member_of: i64,
}

async fn snapshot(env: &TestEnv, group_id: &str) -> State {
    let pool = &env.state.db.pool;
    let pairs = |sql: &'static str| async move {
        sqlx::query_as::<_, (String, i64)>(sql)
            .bind(group_id)
            .fetch_all(pool)
            .await
            .unwrap()
            .into_iter()
            .collect::<BTreeMap<_, _>>()
    };
    let invites_allowed: Option<i64> =
        sqlx::query_scalar("SELECT invites_allowed FROM groups WHERE id = $1")
            .bind(group_id)
            .fetch_optional(pool)
            .await
            .unwrap();
    let copies = sqlx::query_as::<_, (String, String, String)>(
        "SELECT member_id, key_id, wrapped_key FROM group_member_keys WHERE group_id = $1",
    )
    .bind(group_id)
    .fetch_all(pool)
    .await
    .unwrap();
    State {
        exists: invites_allowed.is_some(),
        invites_allowed: invites_allowed == Some(1),
        members: pairs("SELECT member_id, rank FROM group_members WHERE group_id = $1").await,
        requests: pairs("SELECT member_id, kind FROM group_requests WHERE group_id = $1").await,
        generations: env
            .count(
                "SELECT COUNT(*) FROM group_keys WHERE group_id = $1",
                group_id,
            )
            .await,
        copies: copies
            .into_iter()
            .map(|(member, key, wrapped)| ((member, key), wrapped))
            .collect(),
        children: env
            .count("SELECT COUNT(*) FROM groups WHERE parent_id = $1", group_id)
            .await,
        member_of: env
            .count(
                "SELECT COUNT(*) FROM group_members WHERE member_id = $1",
                group_id,
            )
            .await,
    }
}

/// The copies a holder has in `state`.
fn copies_of(state: &State, holder: &str) -> BTreeMap<(String, String), String> {
    state
        .copies
        .iter()
        .filter(|((member, _), _)| member == holder)
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// Takes `holder`'s copies as they are `after`, checking there is one per generation.
fn new_copies(expected: &mut State, after: &State, holder: &str) -> Result<(), String> {
    let theirs = copies_of(after, holder);
    if theirs.len() as i64 != after.generations {
        return Err(format!("{holder} holds {} copies", theirs.len()));
    }
    expected.copies.retain(|(member, _), _| member != holder);
    expected.copies.extend(theirs);
    Ok(())
}

/// Checks that an allowed action had exactly its effect.
fn check_effect(
    action: Action,
    before: &State,
    after: &State,
    users: &Users,
    cell: &Cell,
) -> Result<(), String> {
    let id = |user: &TestUser| user.user_id().unwrap();
    let (target, extra, requester) = (id(&users.target), id(&users.extra), id(&users.requester));
    let mut expected = before.clone();
    match action {
        Action::Fetch | Action::Light | Action::Members | Action::Children => {}
        Action::JoinRequests => {}
        Action::Invite => {
            expected.requests.insert(target.clone(), 0);
            new_copies(&mut expected, after, &target)?;
        }
        Action::AutoInvite => {
            expected.members.insert(target.clone(), 4);
            new_copies(&mut expected, after, &target)?;
        }
        Action::ReInvite => {
            let (old, new) = (copies_of(before, &extra), copies_of(after, &extra));
            if old.keys().eq(new.keys()) && old.values().zip(new.values()).all(|(a, b)| a != b) {
                new_copies(&mut expected, after, &extra)?;
            } else {
                return Err("the re-invited member's copies were not replaced".into());
            }
        }
        Action::AcceptJoin => {
            expected.requests.remove(&requester);
            expected.members.insert(requester.clone(), 4);
            new_copies(&mut expected, after, &requester)?;
        }
        Action::RejectJoin => {
            expected.requests.remove(&requester);
        }
        Action::ChangeRank => {
            expected.members.insert(extra, 3);
        }
        Action::Kick => {
            expected.members.remove(&extra);
            expected.copies.retain(|(member, _), _| *member != extra);
        }
        Action::Leave => {
            let caller = id(&cell.caller);
            expected.members.remove(&caller);
            expected.copies.retain(|(member, _), _| *member != caller);
        }
        Action::StopInvites => expected.invites_allowed = false,
        Action::Delete => expected = State::default(),
        Action::CreateChild => expected.children += 1,
        Action::CreateConnected => expected.member_of += 1,
        Action::Rotate => {
            expected.generations += 1;
            // The starter's holder gets its copy of the new generation at once.
            expected.copies.extend(copies_of(after, &cell.holder_id));
        }
    }
    if *after == expected {
        Ok(())
    } else {
        Err(format!("state after: {after:#?}\nexpected: {expected:#?}"))
    }
}

/// Runs one cell: the outcome (`None` when allowed), or what went wrong with the state.
async fn run(
    env: &TestEnv,
    users: &Users,
    cell: &Cell,
    action: Action,
) -> Result<Option<ErrorCode>, String> {
    let id = cell.group_id.as_str();
    let keys = cell.owner_view.keys().unwrap();
    let user_key = |user: &TestUser| user.public_key().unwrap();
    let extra = users.extra.user_id().unwrap();
    let target = users.target.user_id().unwrap();
    let requester = users.requester.user_id().unwrap();
    // Generations are signed by the caller, as the server requires.
    let caller_id = cell.caller.user_id().unwrap();
    let caller_keys = cell.caller.newest_keys().unwrap();
    let starter = (caller_id.as_str(), caller_keys.sign_key());
    let (method, path, body): (&str, String, Option<String>) = match action {
        Action::Fetch => ("GET", paths::fill(paths::GROUP, &[id]), None),
        Action::Light => ("GET", paths::fill(paths::GROUP_LIGHT, &[id]), None),
        Action::Members => ("GET", paths::fill(paths::GROUP_MEMBERS, &[id]), None),
        Action::Children => ("GET", paths::fill(paths::GROUP_CHILD, &[id]), None),
        Action::Invite | Action::AutoInvite => {
            let body = prepare_member_keys(&keys, &user_key(&users.target), None)
                .unwrap()
                .first;
            let mut path = paths::fill(paths::GROUP_INVITE, &[id, &target]);
            if action == Action::AutoInvite {
                path.push_str("?auto=true");
            }
            ("PUT", path, Some(body))
        }
        Action::ReInvite => {
            let body = prepare_member_keys(&keys, &user_key(&users.extra), None)
                .unwrap()
                .first;
            (
                "PUT",
                paths::fill(paths::GROUP_RE_INVITE, &[id, &extra]),
                Some(body),
            )
        }
        Action::JoinRequests => ("GET", paths::fill(paths::GROUP_JOIN_REQUESTS, &[id]), None),
        Action::AcceptJoin => {
            let body = prepare_member_keys(&keys, &user_key(&users.requester), None)
                .unwrap()
                .first;
            (
                "PUT",
                paths::fill(paths::GROUP_JOIN_REQUEST_OF, &[id, &requester]),
                Some(body),
            )
        }
        Action::RejectJoin => (
            "DELETE",
            paths::fill(paths::GROUP_JOIN_REQUEST_OF, &[id, &requester]),
            None,
        ),
        Action::ChangeRank => {
            let body = serde_json::json!({"member_id": extra, "rank": 3}).to_string();
            (
                "PUT",
                paths::fill(paths::GROUP_CHANGE_RANK, &[id]),
                Some(body),
            )
        }
        Action::Kick => (
            "DELETE",
            paths::fill(paths::GROUP_KICK, &[id, &extra]),
            None,
        ),
        Action::Leave => ("DELETE", paths::fill(paths::GROUP_LEAVE, &[id]), None),
        Action::StopInvites => (
            "PATCH",
            paths::fill(paths::GROUP_INVITES_ALLOWED, &[id]),
            Some(r#"{"allowed":false}"#.into()),
        ),
        Action::Delete => ("DELETE", paths::fill(paths::GROUP, &[id]), None),
        Action::CreateChild | Action::CreateConnected => {
            let member = keys.newest().unwrap().public_key().clone();
            let body = prepare_create_group(&member, Some(starter)).unwrap().body;
            let template = if action == Action::CreateChild {
                paths::GROUP_CHILD
            } else {
                paths::GROUP_CONNECTED
            };
            ("POST", paths::fill(template, &[id]), Some(body))
        }
        Action::Rotate => {
            let chain = cell.owner_view.key_chain().unwrap();
            let newest = keys.newest().unwrap();
            let body = prepare_group_key_rotation(&chain, newest, &cell.holder_key, starter)
                .unwrap()
                .body;
            (
                "POST",
                paths::fill(paths::GROUP_KEY_ROTATION, &[id]),
                Some(body),
            )
        }
    };
    let jwt = cell.caller.jwt().await.unwrap();
    let before = snapshot(env, id).await;
    let (status, response) = env
        .raw_with(method, &path, &jwt, body.as_deref(), cell.via.as_deref())
        .await;
    let after = snapshot(env, id).await;
    if status == 200 {
        return Ok(check_effect(action, &before, &after, users, cell)?).map(|()| None);
    }
    if after != before {
        return Err(format!(
            "refused, but the state changed: {after:#?}\nbefore: {before:#?}"
        ));
    }
    Ok(Some(TestEnv::code_of(&response)))
}

async fn authorization_matrix(env: TestEnv) {
    let mut registered = Vec::new();
    for name in [
        "owner",
        "m1",
        "m2",
        "m3",
        "m4",
        "extra",
        "outsider",
        "parent",
        "connected",
        "lowteam",
        "target",
        "requester",
    ] {
        registered.push(env.user(name).await.1);
    }
    let mut registered = registered.into_iter();
    let mut next = || registered.next().unwrap();
    let users = Users {
        owner: next(),
        ranked: vec![next(), next(), next(), next()],
        extra: next(),
        outsider: next(),
        parent_member: next(),
        connected_member: next(),
        via_creator_member: next(),
        target: next(),
        requester: next(),
    };
    let mut failures = Vec::new();
    for (action, row) in EXPECTED {
        for (caller, expected) in CALLERS.iter().zip(row) {
            let cell = fixture(&users, *caller).await;
            match run(&env, &users, &cell, *action).await {
                Ok(got) if got == *expected => {}
                Ok(got) => failures.push(format!(
                    "{action:?} by {caller:?}: expected {expected:?}, got {got:?}"
                )),
                Err(state) => failures.push(format!("{action:?} by {caller:?}: {state}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorization matrix mismatches:\n{}",
        failures.join("\n")
    );
}
