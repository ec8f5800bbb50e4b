//! The test harness: a real sentc-server on loopback (in this process) with a real database,
//! SQLite in memory or the PostgreSQL of `SENTC_TEST_POSTGRES_URL` (started by
//! `scripts/test.sh`), and the real client with its native HTTP transport.
#![allow(dead_code)]

pub mod bulk;
pub mod hostile;
pub mod load;
pub mod nodes;
pub mod process;

use std::collections::BTreeMap;
use std::sync::Arc;

use sentc_core::client::{HttpTransport, LoginOutcome, MemoryStore, Sentc, SentcOptions, User};
use sentc_core::protocol::user::RegisterResponse;
use sentc_core::user::{done_register, prepare_register};
use sentc_core::{Error, ErrorCode};
use sentc_server::apps::{self, Access, Endpoint};
use sentc_server::clock::{Clock, OffsetClock};
use sentc_server::files::storage::{S3Config, StorageConfig};
use sentc_server::secrets::RootKey;
use sentc_server::state::{AppState, Settings};
use sentc_server::{Config, start_embedded};

/// One directory for the parts of every server of this test process: servers sharing a
/// PostgreSQL database purge each other's files, so they share the storage as deployed nodes
/// do (file ids are unique, so nothing collides).
pub fn local_storage() -> StorageConfig {
    let dir = format!("sentc-test-files-{}", std::process::id());
    StorageConfig::Local(std::env::temp_dir().join(dir))
}

/// A new database on the test PostgreSQL server (`SENTC_TEST_POSTGRES_URL`), named `prefix_`
/// and a random id; its URL.
pub async fn fresh_postgres_database(prefix: &str) -> String {
    let url = std::env::var("SENTC_TEST_POSTGRES_URL")
        .expect("SENTC_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts PostgreSQL");
    create_postgres_database(&url, prefix).await
}

/// A new database on the PostgreSQL server of `url`, named `prefix_` and a random id; its URL.
pub async fn create_postgres_database(url: &str, prefix: &str) -> String {
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(url).await.unwrap();
    let name = format!(
        "{prefix}_{}",
        sentc_server::secrets::new_id().unwrap().to_lowercase()
    );
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// A group the user reaches, its key chain verified (over any transport).
pub async fn group_of<T: sentc_core::client::Transport>(
    user: &User<T, MemoryStore>,
    id: &str,
) -> sentc_core::client::Group<T, MemoryStore> {
    user.get_group(id, sentc_core::group::VerifyLevel::Chain)
        .await
        .unwrap()
}

/// Creates a group owned by `owner` and adds `members` with rank 4.
pub async fn group_with<T: sentc_core::client::Transport>(
    owner: &User<T, MemoryStore>,
    members: &[&User<T, MemoryStore>],
) -> sentc_core::client::Group<T, MemoryStore> {
    let id = owner.create_group(false).await.unwrap();
    let group = group_of(owner, &id).await;
    for member in members {
        group
            .invite_auto(&member.user_id().unwrap(), None)
            .await
            .unwrap();
    }
    group
}

/// The S3-compatible server the test script starts (moto), bucket `sentc-test`.
pub fn s3_storage() -> StorageConfig {
    let endpoint = std::env::var("SENTC_TEST_S3_URL")
        .expect("SENTC_TEST_S3_URL is not set: run scripts/test.sh, which starts moto");
    StorageConfig::S3(S3Config {
        endpoint,
        bucket: "sentc-test".into(),
        region: "us-east-1".into(),
        access_key_id: "test".into(),
        secret_access_key: "test".into(),
    })
}

pub type Client = Sentc<HttpTransport, MemoryStore>;
pub type TestUser = User<HttpTransport, MemoryStore>;
pub type TestGroup = sentc_core::client::Group<HttpTransport, MemoryStore>;

pub const PASSWORD: &str = "correct horse battery staple";

/// Runs each scenario (`async fn name(env: TestEnv)`) on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestEnv::sqlite().await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestEnv::postgres().await).await
                }
            )*
        }
    };
}

/// Runs each scenario on SQLite and PostgreSQL, each with parts in a directory and in S3.
#[macro_export]
macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        $crate::on_both_databases!($($name),*);
        mod sqlite_s3 {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestEnv::sqlite_s3().await).await
                }
            )*
        }
        mod postgres_s3 {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestEnv::postgres_s3().await).await
                }
            )*
        }
    };
}

/// A running server with one app.
pub struct TestEnv {
    pub base_url: String,
    pub database_url: String,
    pub clock: OffsetClock,
    pub state: AppState,
    pub root: RootKey,
    pub app_id: String,
    pub public_token: String,
    pub secret_token: String,
    pub http: reqwest::Client,
    pub file_storage: StorageConfig,
}

impl TestEnv {
    pub async fn sqlite() -> Self {
        Self::start("sqlite::memory:").await
    }

    /// SQLite in a file (several connections, WAL), as deployed.
    pub async fn sqlite_file() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "sentc-test-{}-{}",
            std::process::id(),
            sentc_server::secrets::new_id().unwrap()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self::start(&format!("sqlite://{}/test.db?mode=rwc", dir.display())).await
    }

    pub async fn postgres() -> Self {
        let url = std::env::var("SENTC_TEST_POSTGRES_URL").expect(
            "SENTC_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts PostgreSQL",
        );
        Self::start(&url).await
    }

    /// The settings of test servers: short rotation leases and polls.
    pub fn test_settings() -> Settings {
        Settings {
            rotation_lease_ms: 2000,
            rotation_poll_ms: 200,
            ..Settings::default()
        }
    }

    async fn start(database_url: &str) -> Self {
        Self::start_with(database_url, Self::test_settings()).await
    }

    /// Another server with other settings on the same kind of database (the same PostgreSQL
    /// database; a new in-memory SQLite database), with a new app.
    pub async fn with_settings(&self, change: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Self::test_settings();
        change(&mut settings);
        Self::start_full(&self.database_url, settings, self.file_storage.clone()).await
    }

    async fn start_with(database_url: &str, settings: Settings) -> Self {
        Self::start_full(database_url, settings, local_storage()).await
    }

    /// SQLite in memory with parts in the S3-compatible server of `SENTC_TEST_S3_URL`.
    pub async fn sqlite_s3() -> Self {
        Self::start_full("sqlite::memory:", Self::test_settings(), s3_storage()).await
    }

    /// PostgreSQL with parts in the S3-compatible server, in a database of its own: servers
    /// sharing a database must share their storage (each purges the others' deleted files).
    pub async fn postgres_s3() -> Self {
        let url = std::env::var("SENTC_TEST_POSTGRES_URL").expect(
            "SENTC_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts PostgreSQL",
        );
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(&url).await.unwrap();
        // Tests running side by side race to create it: one wins, the others see it exists.
        let _ = sqlx::query("CREATE DATABASE sentc_s3")
            .execute(&admin)
            .await;
        admin.close().await;
        let (base, _) = url.rsplit_once('/').unwrap();
        let url = format!("{base}/sentc_s3");
        Self::start_full(&url, Self::test_settings(), s3_storage()).await
    }

    async fn start_full(
        database_url: &str,
        settings: Settings,
        file_storage: StorageConfig,
    ) -> Self {
        // Installs the TLS crypto provider reqwest needs.
        HttpTransport::new().unwrap();
        let (root, _) = RootKey::generate().unwrap();
        let clock = OffsetClock::default();
        let server = start_embedded(Config {
            database_url: database_url.to_string(),
            root_key: root.clone(),
            clock: Arc::new(clock.clone()),
            settings,
            file_storage: file_storage.clone(),
        })
        .await
        .unwrap();
        let mut env = Self {
            database_url: database_url.to_string(),
            base_url: server.base_url,
            clock,
            state: server.state,
            root,
            app_id: String::new(),
            public_token: String::new(),
            secret_token: String::new(),
            http: reqwest::Client::new(),
            file_storage,
        };
        let (app_id, public, secret) = env.create_app(BTreeMap::new()).await;
        env.app_id = app_id;
        env.public_token = public;
        env.secret_token = secret;
        env
    }

    /// Another app on the same server with the given endpoint options.
    pub async fn create_app(
        &self,
        options: BTreeMap<Endpoint, Access>,
    ) -> (String, String, String) {
        let mut connection = self.state.db.pool.acquire().await.unwrap();
        let app = apps::create(
            &mut connection,
            &self.root,
            "test",
            &options,
            self.clock.now_ms(),
        )
        .await
        .map_err(|err| err.0)
        .unwrap();
        (
            app.id,
            app.public_token.to_string(),
            app.secret_token.to_string(),
        )
    }

    /// A client with the app's public token.
    pub fn client(&self) -> Client {
        self.client_with(SentcOptions::new(&self.base_url, &self.public_token))
    }

    pub fn client_with(&self, options: SentcOptions) -> Client {
        Sentc::new(
            options,
            HttpTransport::new().unwrap(),
            MemoryStore::default(),
        )
    }

    /// A client whose transport a test can turn hostile (see [`hostile::HostileTransport`]).
    pub fn hostile_client(
        &self,
    ) -> (
        Sentc<hostile::HostileTransport, MemoryStore>,
        hostile::HostileTransport,
    ) {
        let transport = hostile::HostileTransport::new();
        let client = Sentc::new(
            SentcOptions::new(&self.base_url, &self.public_token),
            transport.clone(),
            MemoryStore::default(),
        );
        (client, transport)
    }

    /// A raw request: status and body.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        jwt: Option<&str>,
        body: Option<&str>,
    ) -> (u16, String) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url));
        if let Some(token) = token {
            request = request.header("x-sentc-app-token", token);
        }
        if let Some(jwt) = jwt {
            request = request.header("authorization", format!("Bearer {jwt}"));
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// A raw request as a logged-in user, with the public token and optionally the group
    /// access id header.
    pub async fn raw_with(
        &self,
        method: &str,
        path: &str,
        jwt: &str,
        body: Option<&str>,
        via: Option<&str>,
    ) -> (u16, String) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .header("x-sentc-app-token", &self.public_token)
            .header("authorization", format!("Bearer {jwt}"));
        if let Some(via) = via {
            request = request.header("x-sentc-group-access-id", via);
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Sends raw bytes on a new connection and returns everything the server sends back until
    /// it closes the connection or `wait` passes without data.
    pub async fn raw_tcp(&self, bytes: &[u8], wait: std::time::Duration) -> Vec<u8> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = self.base_url.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(bytes).await.unwrap();
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match tokio::time::timeout(wait, stream.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return out,
                Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// A count of rows, for checking that a refused request changed nothing.
    pub async fn count(&self, sql: &'static str, bind: &str) -> i64 {
        sqlx::query_scalar(sql)
            .bind(bind)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    /// The error code of a raw response that must be an error.
    pub fn code_of(body: &str) -> ErrorCode {
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(value["status"], false, "{body}");
        ErrorCode::from_code(value["err_code"].as_u64().unwrap() as u32).unwrap()
    }

    /// Registers a user as an app backend does: the client prepares, the backend sends with the
    /// secret token, the client reads the answer.
    pub async fn register(&self, identifier: &str) -> RegisterResponse {
        let body = prepare_register(identifier, PASSWORD).unwrap();
        let (_, response) = self
            .raw(
                "POST",
                "/api/v1/register",
                Some(&self.secret_token),
                None,
                Some(&body),
            )
            .await;
        done_register(&response).unwrap()
    }

    /// Logs a user in on a new client.
    pub async fn login(&self, identifier: &str) -> (Client, TestUser) {
        let client = self.client();
        let user = login(&client, identifier, PASSWORD).await;
        (client, user)
    }

    /// Registers and logs in a user.
    pub async fn user(&self, identifier: &str) -> (Client, TestUser) {
        self.register(identifier).await;
        self.login(identifier).await
    }

    /// Moves the server's clock forward.
    pub fn advance_minutes(&self, minutes: i64) {
        self.clock.advance(minutes * 60 * 1000);
    }

    /// Starts `count` key rotations of `group`, moving the clock past the rotation rate limit's
    /// window every 25.
    pub async fn rotate(&self, group: &TestGroup, count: usize) {
        for round in 0..count {
            if round % 25 == 24 {
                self.advance_minutes(61);
            }
            group.key_rotation(false).await.unwrap();
        }
    }
}

/// Starts a login the way the client does, without the client: the `done_login` body for
/// `password` under the parameters `prepare_login` gives, and the secrets for the next steps.
pub async fn start_login(
    env: &TestEnv,
    identifier: &str,
    password: &str,
) -> (String, sentc_core::user::LoginSecrets) {
    let body = sentc_core::user::prepare_login_start(identifier).unwrap();
    let (_, response) = env
        .raw(
            "POST",
            sentc_core::protocol::paths::PREPARE_LOGIN,
            Some(&env.public_token),
            None,
            Some(&body),
        )
        .await;
    sentc_core::user::prepare_login(identifier, password, &response).unwrap()
}

/// Logs in, expecting no second factor (on an honest or a hostile transport).
pub async fn login<T: sentc_core::client::Transport>(
    client: &Sentc<T, MemoryStore>,
    identifier: &str,
    password: &str,
) -> User<T, MemoryStore> {
    match client.login(identifier, password).await.unwrap() {
        LoginOutcome::User(user) => user,
        LoginOutcome::Mfa(_) => panic!("unexpected MFA request"),
    }
}

/// The error code of a result that must be an error.
#[track_caller]
pub fn code<T>(result: Result<T, Error>) -> ErrorCode {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err.code(),
    }
}

/// The session's current JWT, read through the store export.
pub async fn current_jwt(user: &TestUser) -> String {
    user.jwt().await.unwrap()
}

/// Verifies a JWT the way an app backend does: with the key of the JWKS named by `kid`.
pub fn verify_with_jwks(jwt: &str, jwks: &str) -> bool {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let jwks: serde_json::Value = serde_json::from_str(jwks).unwrap();
    let mut parts = jwt.rsplitn(2, '.');
    let (Some(signature), Some(signed)) = (parts.next(), parts.next()) else {
        return false;
    };
    let Some(header) = signed.split('.').next() else {
        return false;
    };
    let Ok(header) = URL_SAFE_NO_PAD.decode(header) else {
        return false;
    };
    let header: serde_json::Value = serde_json::from_slice(&header).unwrap_or_default();
    let Some(key) = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["kid"] == header["kid"])
    else {
        return false;
    };
    let x: [u8; 32] = URL_SAFE_NO_PAD
        .decode(key["x"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let key = ed25519_dalek::VerifyingKey::from_bytes(&x).unwrap();
    let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    let Ok(signature) = ed25519_dalek::Signature::from_slice(&signature) else {
        return false;
    };
    key.verify_strict(signed.as_bytes(), &signature).is_ok()
}

impl TestEnv {
    /// Waits until the server's rotation worker has finished every job. The deadline (60 s) only
    /// ends a hung test: a loaded 2-core machine running the whole suite took over 12 s for 60
    /// rotations.
    pub async fn wait_for_rotations(&self) {
        for _ in 0..3000 {
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM group_rotation_jobs j JOIN groups g ON g.id = j.group_id \
                 WHERE j.done = 0 AND g.app_id = $1",
            )
            .bind(&self.app_id)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
            if open == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("rotation jobs did not finish");
    }
}
