//! Two `sentc-server` processes on one PostgreSQL database, as deployed behind a load balancer:
//! they start at the same time on an empty database (and race to migrate it), every request of
//! a client alternates between them, a JWT signing key rotated by the CLI is honoured by both,
//! rate limits count across both, and a node killed (SIGKILL) in the middle of a group key
//! rotation leaves the job to the other once the lease runs out.

mod common;

use std::time::Duration;

use common::nodes::{AlternatingClient, AlternatingTransport, Node, start_two};
use common::process::{Deployment, run_cli};
use common::{PASSWORD, TestEnv};
use sentc_core::ErrorCode;
use sentc_core::client::{MemoryStore, Sentc, SentcOptions};
use sentc_core::protocol::paths;
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::{RootKey, new_id};

/// Two nodes on a new database, the test's view of it, and the environment the nodes run with.
struct Cluster {
    nodes: Vec<Node>,
    deployment: Deployment,
    env: Vec<(String, String)>,
}

impl Cluster {
    /// Starts two nodes at once on a new database with these extra settings.
    async fn start(extra: &[(&str, &str)]) -> Self {
        let database_url = common::fresh_postgres_database("sentc_nodes").await;
        let (_, root) = RootKey::generate().unwrap();
        let files = std::env::temp_dir().join(format!("sentc-nodes-{}", new_id().unwrap()));
        let mut env = vec![
            ("DATABASE_URL".to_owned(), database_url.clone()),
            ("SENTC_ROOT_KEY".to_owned(), root.to_string()),
            ("SENTC_FILE_DIR".to_owned(), files.display().to_string()),
        ];
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let borrowed: Vec<(&str, &str)> = env.iter().map(|(k, v)| (&**k, &**v)).collect();
        let nodes = start_two(&borrowed).await.into();
        // The nodes migrated the empty database; the test's view only checks.
        let deployment =
            Deployment::with_root(&database_url, StorageConfig::Local(files), &root).await;
        Self {
            nodes,
            deployment,
            env,
        }
    }

    fn env(&self) -> Vec<(&str, &str)> {
        self.env.iter().map(|(k, v)| (&**k, &**v)).collect()
    }

    fn urls(&self) -> Vec<String> {
        self.nodes
            .iter()
            .map(|node| node.base_url.clone())
            .collect()
    }

    /// A `done_login` body for `password`, its challenge from node `n`.
    async fn done_login_body(&self, n: usize, identifier: &str, password: &str) -> String {
        let start = sentc_core::user::prepare_login_start(identifier).unwrap();
        let response = reqwest::Client::new()
            .post(format!(
                "{}{}",
                self.nodes[n].base_url,
                paths::PREPARE_LOGIN
            ))
            .header(
                "x-sentc-app-token",
                self.deployment.app.public_token.as_str(),
            )
            .body(start)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        sentc_core::user::prepare_login(identifier, password, &response)
            .unwrap()
            .0
    }

    /// A client whose requests alternate between the nodes.
    fn client(&self, transport: &AlternatingTransport) -> AlternatingClient {
        Sentc::new(
            SentcOptions::new(
                &self.nodes[0].base_url,
                self.deployment.app.public_token.as_str(),
            ),
            transport.clone(),
            MemoryStore::default(),
        )
    }

    /// Registers through the app's backend (on node A).
    async fn register(&self, identifier: &str) {
        self.deployment
            .register(&self.nodes[0].base_url, identifier, PASSWORD)
            .await;
    }

    async fn count(&self, sql: &'static str, bind: &str) -> i64 {
        sqlx::query_scalar(sql)
            .bind(bind)
            .fetch_one(&self.deployment.state.db.pool)
            .await
            .unwrap()
    }

    /// GET `path` on node `n` with a JWT: the status and the error code, if any.
    async fn get_with_jwt(&self, n: usize, path: &str, jwt: &str) -> (u16, Option<ErrorCode>) {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.nodes[n].base_url))
            .header(
                "x-sentc-app-token",
                self.deployment.app.public_token.as_str(),
            )
            .header("authorization", format!("Bearer {jwt}"))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        (status, (status != 200).then(|| TestEnv::code_of(&body)))
    }

    /// The key ids node `n` publishes in the app's JWKS.
    async fn jwks(&self, n: usize) -> Vec<String> {
        let path = paths::JWKS.replace("{app_id}", &self.deployment.app.id);
        let text = reqwest::get(format!("{}{path}", self.nodes[n].base_url))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        body["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|key| key["kid"].as_str().unwrap().to_owned())
            .collect()
    }
}

const PENDING: &str = "SELECT COUNT(*) FROM group_pending_rotations WHERE key_id = $1";
const OPEN: &str = "SELECT COUNT(*) FROM group_rotation_jobs WHERE key_id = $1 AND done = 0";
const DISTINCT: &str =
    "SELECT COUNT(DISTINCT member_id) FROM group_pending_rotations WHERE key_id = $1";

impl Cluster {
    /// Adds `extra` members to the group straight in the database, starts a rotation and waits
    /// until its job has wrapped for 40 of them; the new key's id.
    async fn large_rotation_under_way<T: sentc_core::client::Transport>(
        &self,
        group: &sentc_core::client::Group<T, MemoryStore>,
        extra: usize,
    ) -> String {
        let symmetric = group.keys().unwrap().newest().unwrap().symmetric().clone();
        common::bulk::add_members(
            &self.deployment.state.db.pool,
            &self.deployment.app.id,
            &group.id().unwrap(),
            &symmetric,
            extra,
        )
        .await;
        let new_key = group.key_rotation(false).await.unwrap().to_hex();
        for _ in 0..2000 {
            if self.count(PENDING, &new_key).await >= 40 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        new_key
    }

    /// The index of the node holding the job's lease (a lease owner starts with its pid).
    async fn lease_holder(&self, key_id: &str) -> usize {
        let holder: String =
            sqlx::query_scalar("SELECT lease_owner FROM group_rotation_jobs WHERE key_id = $1")
                .bind(key_id)
                .fetch_one(&self.deployment.state.db.pool)
                .await
                .unwrap();
        self.nodes
            .iter()
            .position(|node| holder.starts_with(&format!("{}-", node.process.id())))
            .unwrap_or_else(|| panic!("lease owner {holder} is no running node"))
    }

    /// Waits (up to 30 s) until the rotation job of `key_id` is done; whether it is.
    async fn job_finishes(&self, key_id: &str) -> bool {
        for _ in 0..1500 {
            if self.count(OPEN, key_id).await == 0 {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }
}

/// The `kid` in a JWT's header.
fn kid_of(jwt: &str) -> String {
    use base64::Engine as _;
    let header = jwt.split('.').next().unwrap();
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .unwrap();
    let header: serde_json::Value = serde_json::from_slice(&header).unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_alternate_between_two_nodes() {
    let cluster = Cluster::start(&[("SENTC_ROTATION_POLL_MS", "200")]).await;
    // Both nodes raced to migrate the empty database: each migration ran once.
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sentc_migrations")
        .fetch_one(&cluster.deployment.state.db.pool)
        .await
        .unwrap();
    assert_eq!(applied, sentc_server::db::LATEST_MIGRATION);
    let transport = AlternatingTransport::new(cluster.urls());
    for name in ["owner", "member"] {
        cluster.register(name).await;
    }
    let owner = common::login(&cluster.client(&transport), "owner", PASSWORD).await;
    // The login's steps went to different nodes: a challenge issued by one is answered on the
    // other.
    let prepared = transport.nodes_for(paths::PREPARE_LOGIN)[0];
    let done = transport.nodes_for(paths::DONE_LOGIN)[0];
    let verified = transport.nodes_for(paths::VERIFY_LOGIN)[0];
    assert_ne!(prepared, done);
    assert_ne!(done, verified);
    let member = common::login(&cluster.client(&transport), "member", PASSWORD).await;

    // A group, an invite, data both read, across nodes.
    let group = common::group_with(&owner, &[&member]).await;
    let group_id = group.id().unwrap();
    let theirs = common::group_of(&member, &group_id).await;
    let secret = group.encrypt(b"written via one node").unwrap();
    assert_eq!(theirs.decrypt(&secret).unwrap(), b"written via one node");

    // A rotation started through one node, wrapped by a node's worker, finished by the member
    // through the other.
    let new_key = group.key_rotation(false).await.unwrap();
    let open = "SELECT COUNT(*) FROM group_rotation_jobs WHERE group_id = $1 AND done = 0";
    for _ in 0..200 {
        if cluster.count(open, &group_id).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(cluster.count(open, &group_id).await, 0);
    let theirs = common::group_of(&member, &group_id).await;
    theirs.finish_key_rotations().await.unwrap();
    let theirs = common::group_of(&member, &group_id).await;
    assert_eq!(theirs.keys().unwrap().newest().unwrap().id(), new_key);
    let secret = theirs.encrypt(b"under the new key").unwrap();
    let group = common::group_of(&owner, &group_id).await;
    assert_eq!(group.decrypt(&secret).unwrap(), b"under the new key");
    let used: std::collections::BTreeSet<usize> =
        transport.sent().into_iter().map(|(node, _)| node).collect();
    assert_eq!(used.len(), 2);

    // Failed logins count into one limit, wherever they land.
    let wrong = cluster.done_login_body(0, "member", "a wrong guess").await;
    let mut codes = Vec::new();
    for attempt in 0..12 {
        let node = &cluster.nodes[attempt % 2].base_url;
        let response = reqwest::Client::new()
            .post(format!("{node}{}", paths::DONE_LOGIN))
            .header(
                "x-sentc-app-token",
                cluster.deployment.app.public_token.as_str(),
            )
            .body(wrong.clone())
            .send()
            .await
            .unwrap();
        codes.push(TestEnv::code_of(&response.text().await.unwrap()));
    }
    assert_eq!(codes[..10], [ErrorCode::LoginFailed; 10]);
    assert_eq!(codes[10..], [ErrorCode::TooManyLoginAttempts; 2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jwt_key_rotated_by_the_cli_is_honoured_by_both_nodes() {
    let cluster = Cluster::start(&[("SENTC_JWT_KEY_CACHE_MS", "300")]).await;
    let transport = AlternatingTransport::new(cluster.urls());
    cluster.register("user").await;
    let user = common::login(&cluster.client(&transport), "user", PASSWORD).await;
    let before = user.jwt().await.unwrap();
    let first_kid = kid_of(&before);
    let app_id = cluster.deployment.app.id.clone();
    assert_eq!(cluster.jwks(0).await, std::slice::from_ref(&first_kid));

    // Rotate with the CLI, as an operator would, on the shared database.
    let printed = run_cli(&["jwt-key", "rotate", &app_id], &cluster.env());
    let second_kid = cluster
        .jwks(1)
        .await
        .into_iter()
        .find(|kid| *kid != first_kid)
        .unwrap();
    assert!(printed.contains(&second_kid), "{printed}");
    for n in 0..2 {
        // Both keys are published, and the old token still works on both nodes.
        assert_eq!(
            cluster.jwks(n).await,
            [first_kid.clone(), second_kid.clone()]
        );
        assert_eq!(
            cluster.get_with_jwt(n, paths::DEVICES, &before).await,
            (200, None)
        );
    }
    // Each node signs with the new key from now on.
    for _ in 0..2 {
        user.refresh().await.unwrap();
        let jwt = user.jwt().await.unwrap();
        assert_eq!(kid_of(&jwt), second_kid);
        for n in 0..2 {
            assert_eq!(
                cluster.get_with_jwt(n, paths::DEVICES, &jwt).await,
                (200, None)
            );
        }
    }
    let mut refreshed_on = transport.nodes_for(paths::REFRESH);
    refreshed_on.sort();
    assert_eq!(refreshed_on, [0, 1]);
    let listed = run_cli(&["jwt-key", "list", &app_id], &cluster.env());
    assert!(
        listed.contains(&format!("{second_kid}  created at")),
        "{listed}"
    );
    assert!(
        listed.contains("live") && listed.contains("retires at"),
        "{listed}"
    );

    // A revoking rotation (a leaked key): the old keys stop verifying on both nodes once their
    // caches expire, and leave the JWKS at once.
    let current = user.jwt().await.unwrap();
    run_cli(&["jwt-key", "rotate", "--revoke", &app_id], &cluster.env());
    tokio::time::sleep(Duration::from_millis(400)).await;
    for n in 0..2 {
        assert_eq!(cluster.jwks(n).await.len(), 1);
        for jwt in [&before, &current] {
            assert_eq!(
                cluster.get_with_jwt(n, paths::DEVICES, jwt).await,
                (401, Some(ErrorCode::JwtInvalid))
            );
        }
    }
    // The client refreshes and goes on with the newest key.
    user.refresh().await.unwrap();
    let jwt = user.jwt().await.unwrap();
    assert_eq!(cluster.jwks(0).await, [kid_of(&jwt)]);
    for n in 0..2 {
        assert_eq!(
            cluster.get_with_jwt(n, paths::DEVICES, &jwt).await,
            (200, None)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_rotation_leaves_the_job_to_the_other() {
    const MEMBERS: usize = 300;
    let mut cluster = Cluster::start(&[
        ("SENTC_ROTATION_BATCH", "10"),
        ("SENTC_ROTATION_PAUSE_MS", "40"),
        ("SENTC_ROTATION_LEASE_MS", "1500"),
        ("SENTC_ROTATION_POLL_MS", "200"),
    ])
    .await;
    let transport = AlternatingTransport::new(cluster.urls());
    cluster.register("owner").await;
    cluster.register("member").await;
    let owner = common::login(&cluster.client(&transport), "owner", PASSWORD).await;
    let member = common::login(&cluster.client(&transport), "member", PASSWORD).await;
    let group = common::group_with(&owner, &[&member]).await;
    let group_id = group.id().unwrap();
    drop(member);
    let new_key = cluster.large_rotation_under_way(&group, MEMBERS - 2).await;

    // Kill whichever node holds the lease; the other takes over once the lease ran out.
    let killed = cluster.lease_holder(&new_key).await;
    cluster.nodes.remove(killed).process.kill();
    let done_at_kill = cluster.count(PENDING, &new_key).await;
    assert!(
        (40..(MEMBERS as i64 - 1)).contains(&done_at_kill),
        "the kill should land in the middle of the job ({done_at_kill} wrapped)"
    );
    assert!(
        cluster.job_finishes(&new_key).await,
        "the survivor finished"
    );
    assert_eq!(cluster.lease_holder(&new_key).await, 0);
    // Every member but the starter has exactly one blob.
    assert_eq!(cluster.count(PENDING, &new_key).await, MEMBERS as i64 - 1);
    assert_eq!(cluster.count(DISTINCT, &new_key).await, MEMBERS as i64 - 1);

    // The real member finishes through the survivor and reads under the new key.
    let survivor = &cluster.nodes[0].base_url;
    let member = cluster.deployment.login(survivor, "member", PASSWORD).await;
    let theirs = common::group_of(&member, &group_id).await;
    theirs.finish_key_rotations().await.unwrap();
    let theirs = common::group_of(&member, &group_id).await;
    assert_eq!(
        theirs.keys().unwrap().newest().unwrap().id().to_hex(),
        new_key
    );
    let owner = cluster.deployment.login(survivor, "owner", PASSWORD).await;
    let group = common::group_of(&owner, &group_id).await;
    let secret = group.encrypt(b"after the kill").unwrap();
    assert_eq!(theirs.decrypt(&secret).unwrap(), b"after the kill");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_stopped_mid_rotation_hands_the_job_over_at_once() {
    const MEMBERS: usize = 300;
    // A lease far longer than the test waits: only a handed-back lease lets the other node in.
    let mut cluster = Cluster::start(&[
        ("SENTC_ROTATION_BATCH", "10"),
        ("SENTC_ROTATION_PAUSE_MS", "40"),
        ("SENTC_ROTATION_LEASE_MS", "120000"),
        ("SENTC_ROTATION_POLL_MS", "200"),
    ])
    .await;
    cluster.register("owner").await;
    let owner = cluster
        .deployment
        .login(&cluster.nodes[0].base_url, "owner", PASSWORD)
        .await;
    let group_id = owner.create_group(false).await.unwrap();
    let group = common::group_of(&owner, &group_id).await;
    let new_key = cluster.large_rotation_under_way(&group, MEMBERS - 1).await;

    let stopped = cluster.lease_holder(&new_key).await;
    let status = cluster.nodes.remove(stopped).process.terminate().await;
    assert!(status.success(), "{status:?}");
    let at_stop = cluster.count(PENDING, &new_key).await;
    assert!(at_stop < MEMBERS as i64 - 1, "stopped mid-job ({at_stop})");
    // The survivor takes the job over at its next poll, not after the 120 s lease.
    assert!(cluster.job_finishes(&new_key).await);
    assert_eq!(cluster.lease_holder(&new_key).await, 0);
    assert_eq!(cluster.count(PENDING, &new_key).await, MEMBERS as i64 - 1);
    assert_eq!(cluster.count(DISTINCT, &new_key).await, MEMBERS as i64 - 1);
}
