//! Other users' identities: a client takes another user's keys only from their key chain,
//! verified against the identity it pinned for them on first use. A hostile server
//! (`common::hostile`) planting, swapping or rolling back that chain is refused; a real change
//! of identity (a forced reset) is surfaced, and safety numbers follow identities, not key
//! rotations.

mod common;

use common::hostile::{HostileClient, HostileTransport, HostileUser, fields_of};
use common::{PASSWORD, TestEnv, code};
use sentc_core::ErrorCode;
use sentc_core::client::Method;
use sentc_core::group::VerifyLevel;
use sentc_core::keys::{DeviceKeys, KeySet};
use sentc_core::protocol::paths;
use sentc_core::user::prepare_register_with_keys;

on_both_databases!(
    planted_or_swapped_identity_is_refused,
    hidden_generation_of_another_user_is_refused,
    forced_reset_is_an_identity_change,
    safety_numbers_follow_identities_not_rotations,
);

async fn log_in(client: &HostileClient, identifier: &str) -> HostileUser {
    common::login(client, identifier, PASSWORD).await
}

/// A chain of the server's making for `user_id`: `length` generations, each linked to the one
/// before and signed by it, as `GET /user/{id}/key_chain` lists them.
fn server_made_chain(user_id: &str, length: usize) -> Vec<serde_json::Value> {
    let device = DeviceKeys::generate().unwrap();
    let mut previous: Option<KeySet> = None;
    let mut links = Vec::new();
    for _ in 0..length {
        let keys = KeySet::generate().unwrap();
        let data = keys
            .data_for(device.public_key(), user_id, previous.as_ref())
            .unwrap();
        links.push(link_of(&serde_json::to_value(data).unwrap()));
        previous = Some(keys);
    }
    links
}

/// The public part of an uploaded generation (`KeySetData`), as the key chain lists it.
fn link_of(data: &serde_json::Value) -> serde_json::Value {
    fields_of(
        data,
        &[
            "key_id",
            "previous_key_id",
            "public_key",
            "verify_key",
            "link_signature",
        ],
    )
}

fn rewrite_chain(
    server: &HostileTransport,
    user_id: &str,
    change: impl Fn(&mut Vec<serde_json::Value>) + Send + Sync + 'static,
) {
    let path = paths::fill(paths::USER_KEY_CHAIN, &[user_id]);
    server.rewrite(Method::Get, &path, move |result| {
        change(result.as_array_mut().unwrap());
    });
}

/// Alice met Bob; then the server plants a generation in Bob's chain, or swaps his whole
/// chain for one of its own. Neither reaches Alice: no key for encrypting to Bob, no invite.
async fn planted_or_swapped_identity_is_refused(env: TestEnv) {
    env.register("alice").await;
    let (_, bob) = env.user("bob").await;
    let bob_id = bob.user_id().unwrap();
    let (client, server) = env.hostile_client();
    let alice = log_in(&client, "alice").await;
    let real_key = client.get_user_public_key(&bob_id).await.unwrap();
    let pinned = client.pinned_identity(&bob_id).await.unwrap().unwrap();

    // A generation of the server's own appended after Bob's newest: its link is not signed by
    // Bob's sign key.
    let planted = {
        let mut link = server_made_chain(&bob_id, 2).pop().unwrap();
        link["previous_key_id"] = serde_json::to_value(bob.newest_keys().unwrap().id()).unwrap();
        link
    };
    rewrite_chain(&server, &bob_id, move |links| links.push(planted.clone()));
    assert_eq!(
        code(client.get_user_public_key(&bob_id).await),
        ErrorCode::KeyChainInvalid
    );

    // A whole chain of the server's own, well formed and longer than Bob's.
    server.honest();
    let swapped = server_made_chain(&bob_id, 3);
    rewrite_chain(&server, &bob_id, move |links| *links = swapped.clone());
    assert_eq!(
        code(client.get_user_public_key(&bob_id).await),
        ErrorCode::IdentityChanged
    );
    let group_id = alice.create_group(false).await.unwrap();
    let group = alice
        .get_group(&group_id, VerifyLevel::Chain)
        .await
        .unwrap();
    assert_eq!(
        code(group.invite(&bob_id, None).await),
        ErrorCode::IdentityChanged
    );
    assert_eq!(
        code(bob.get_group(&group_id, VerifyLevel::Chain).await),
        ErrorCode::GroupAccessDenied
    );
    // The pin did not move, and the honest chain is Bob's again.
    assert_eq!(
        client.pinned_identity(&bob_id).await.unwrap().unwrap(),
        pinned
    );
    server.honest();
    assert_eq!(
        client.get_user_public_key(&bob_id).await.unwrap().id(),
        real_key.id()
    );
}

/// Alice saw Bob's second generation; the server then lists his chain without it (so Alice
/// would encrypt to a key Bob retired): a rollback.
async fn hidden_generation_of_another_user_is_refused(env: TestEnv) {
    env.register("alice").await;
    let (_, bob) = env.user("bob").await;
    let bob_id = bob.user_id().unwrap();
    let newest = bob.key_rotation().await.unwrap();
    let (client, server) = env.hostile_client();
    log_in(&client, "alice").await;
    assert_eq!(
        client.get_user_public_key(&bob_id).await.unwrap().id(),
        bob.newest_keys().unwrap().public_key().id()
    );
    assert_eq!(bob.newest_keys().unwrap().id(), newest);

    rewrite_chain(&server, &bob_id, |links| {
        links.pop();
    });
    assert_eq!(
        code(client.get_user_public_key(&bob_id).await),
        ErrorCode::KeyChainRolledBack
    );
    assert_eq!(
        code(client.get_user_newest_verify_key(&bob_id).await),
        ErrorCode::KeyChainRolledBack
    );
}

/// The app backend resets Bob (new keys, a new anchor). Alice's client does not follow on its
/// own: `IdentityChanged` until the app accepts it, and then a new safety number, the same Bob
/// computes.
async fn forced_reset_is_an_identity_change(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let registered = env.register("bob").await;
    let bob_id = registered.user_id.clone();
    let before = alice.safety_number(&bob_id).await.unwrap();

    let device = DeviceKeys::generate().unwrap();
    let keys = KeySet::generate().unwrap();
    let request =
        prepare_register_with_keys(&bob_id, "bob", "new password", &device, &keys).unwrap();
    let body = serde_json::json!({
        "user_identifier": "bob",
        "device": request.device,
        "user_keys": request.user_keys,
    })
    .to_string();
    let (status, response) = env
        .raw(
            "PUT",
            paths::FORCED_RESET,
            Some(&env.secret_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 200, "{response}");

    assert_eq!(
        code(alice.safety_number(&bob_id).await),
        ErrorCode::IdentityChanged
    );
    let client = alice.client();
    assert_eq!(
        code(client.get_user_public_key(&bob_id).await),
        ErrorCode::IdentityChanged
    );
    client.accept_identity_change(&bob_id).await.unwrap();
    let after = alice.safety_number(&bob_id).await.unwrap();
    assert_ne!(after, before);
    assert_eq!(
        client.get_user_public_key(&bob_id).await.unwrap().id(),
        keys.public_key().id()
    );
    let bob = common::login(&env.client(), "bob", "new password").await;
    assert_eq!(
        bob.safety_number(&alice.user_id().unwrap()).await.unwrap(),
        after
    );
}

/// Safety numbers are made of the two anchors: both sides compute the same one, and a key
/// rotation on either side does not change it.
async fn safety_numbers_follow_identities_not_rotations(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let (alice_id, bob_id) = (alice.user_id().unwrap(), bob.user_id().unwrap());
    let number = alice.safety_number(&bob_id).await.unwrap();
    assert_eq!(bob.safety_number(&alice_id).await.unwrap(), number);

    bob.key_rotation().await.unwrap();
    alice.key_rotation().await.unwrap();
    assert_eq!(alice.safety_number(&bob_id).await.unwrap(), number);
    assert_eq!(bob.safety_number(&alice_id).await.unwrap(), number);
    // Alice follows Bob's rotation: his newest public key is the new generation's.
    assert_eq!(
        alice
            .client()
            .get_user_public_key(&bob_id)
            .await
            .unwrap()
            .id(),
        bob.newest_keys().unwrap().public_key().id()
    );
    // A third user differs.
    let (_, carol) = env.user("carol").await;
    assert_ne!(
        alice
            .safety_number(&carol.user_id().unwrap())
            .await
            .unwrap(),
        number
    );
}
