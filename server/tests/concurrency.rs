//! Many clients at once on a database with several connections: SQLite in a file (write
//! transactions must take the lock up front, or they fail with SQLITE_BUSY) and PostgreSQL.

mod common;

use common::{PASSWORD, TestEnv, login};
use sentc_core::ErrorCode;
use sentc_core::group::VerifyLevel;
use sentc_core::protocol::paths;
use sentc_core::user::prepare_key_rotation;

async fn concurrent_logins(env: TestEnv) {
    for i in 0..8 {
        env.register(&format!("user{i}")).await;
    }
    let env = std::sync::Arc::new(env);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let env = env.clone();
        tasks.push(tokio::spawn(async move {
            let client = env.client();
            let user = login(&client, &format!("user{}", i % 8), PASSWORD).await;
            user.refresh().await.unwrap();
            assert_eq!(user.devices(None).await.unwrap().len(), 1);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_logins_on_sqlite_file() {
    concurrent_logins(TestEnv::sqlite_file().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_logins_on_postgres() {
    concurrent_logins(TestEnv::postgres().await).await;
}

/// Sends two requests at once and checks one wins and the other is told the generation is no
/// longer the newest. Returns which one won.
async fn race(env: &TestEnv, path: &str, jwt: &str, bodies: [&str; 2]) -> usize {
    let (a, b) = tokio::join!(
        env.raw_with("POST", path, jwt, Some(bodies[0]), None),
        env.raw_with("POST", path, jwt, Some(bodies[1]), None),
    );
    let (winner, (won, lost)) = if a.0 == 200 { (0, (a, b)) } else { (1, (b, a)) };
    // Exactly one is stored: a server refusing both must not pass.
    assert_eq!(won.0, 200, "{}", won.1);
    assert_eq!(lost.0, 409, "{}", lost.1);
    assert_eq!(TestEnv::code_of(&lost.1), ErrorCode::KeyNotNewest);
    winner
}

/// Two rotations built on the same generation, sent at once: one wins, the other is told the
/// generation is no longer the newest (not a confusing key error), for user and group keys.
async fn concurrent_rotations(env: TestEnv) {
    let (_, user) = env.user("ursula").await;
    let jwt = common::current_jwt(&user).await;
    let device = user.device_keys().unwrap();
    let mut newest = user.newest_keys().unwrap();
    let mut state = user.chain_state().unwrap();
    for _ in 0..4 {
        let first = prepare_key_rotation(&device, &state, &newest).unwrap();
        let second = prepare_key_rotation(&device, &state, &newest).unwrap();
        let winner = race(&env, paths::KEY_ROTATION, &jwt, [&first.0, &second.0]).await;
        (_, newest, state) = if winner == 0 { first } else { second };
    }

    // A user whose client knows its newest keys (the raw rotations above bypassed Ursula's).
    let (_, user) = env.user("ulrich").await;
    let jwt = common::current_jwt(&user).await;
    let group_id = user.create_group(false).await.unwrap();
    let path = paths::fill(paths::GROUP_KEY_ROTATION, &[&group_id]);
    for round in 0..4 {
        let group = user.get_group(&group_id, VerifyLevel::Chain).await.unwrap();
        assert_eq!(group.keys().unwrap().all().len(), round + 1);
        let first = group.prepare_key_rotation(false).unwrap();
        let second = group.prepare_key_rotation(false).unwrap();
        race(&env, &path, &jwt, [&first, &second]).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_rotations_on_sqlite_file() {
    concurrent_rotations(TestEnv::sqlite_file().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_rotations_on_postgres() {
    concurrent_rotations(TestEnv::postgres().await).await;
}
