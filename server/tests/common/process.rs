//! A `sentc-server` process (the real binary), for tests that kill it as a crash would.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server process; dropped (killed and reaped) on every path, panics included.
pub struct ServerProcess {
    child: Child,
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    /// Starts the server on `port` with these environment variables and waits until it is
    /// healthy.
    pub async fn start(port: u16, env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sentc-server"));
        command.env("SENTC_LISTEN", format!("127.0.0.1:{port}"));
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self { child };
        let health = format!("http://127.0.0.1:{port}/api/v1/health");
        for _ in 0..300 {
            if is_healthy(&health).await {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("sentc-server did not start");
    }

    /// SIGKILL, as a crash would.
    pub fn kill(self) {
        drop(self);
    }
}

/// Whether the health endpoint answers 200 with the success envelope (a port answered by
/// anything else does not count).
async fn is_healthy(url: &str) -> bool {
    let Ok(response) = reqwest::get(url).await else {
        return false;
    };
    if response.status() != 200 {
        return false;
    }
    let body = response.text().await.unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&body)
        .is_ok_and(|value| value["status"] == true && value["result"]["ok"] == true)
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a deployment has before a server process starts: the migrated database and an app. The
/// test keeps this view of the database (and of the storage) to check what the processes did.
pub struct Deployment {
    /// The test's own state on the database.
    pub state: sentc_server::state::AppState,
    /// The root key, as the processes take it.
    pub root_text: String,
    /// The app.
    pub app: sentc_server::apps::CreatedApp,
}

impl Deployment {
    /// Migrates `database_url` and creates an app, with parts in `file_storage`.
    pub async fn new(
        database_url: &str,
        file_storage: sentc_server::files::storage::StorageConfig,
    ) -> Self {
        use sentc_server::clock::{Clock, SystemClock};
        sentc_core::client::HttpTransport::new().unwrap();
        let (_, root_text) = sentc_server::secrets::RootKey::generate().unwrap();
        let root = sentc_server::secrets::RootKey::from_base64(&root_text).unwrap();
        let state = sentc_server::build(sentc_server::Config {
            database_url: database_url.to_string(),
            root_key: root.clone(),
            clock: std::sync::Arc::new(SystemClock),
            settings: sentc_server::state::Settings::default(),
            file_storage,
        })
        .await
        .unwrap();
        let mut connection = state.db.pool.acquire().await.unwrap();
        let app = sentc_server::apps::create(
            &mut connection,
            &root,
            "durability",
            &Default::default(),
            SystemClock.now_ms(),
        )
        .await
        .map_err(|err| err.0)
        .unwrap();
        Self {
            state,
            root_text: root_text.to_string(),
            app,
        }
    }

    /// Registers a user through the app's backend (secret token) and logs it in.
    pub async fn user(&self, base_url: &str, identifier: &str, password: &str) -> super::TestUser {
        let body = sentc_core::user::prepare_register(identifier, password).unwrap();
        let response = reqwest::Client::new()
            .post(format!("{base_url}/api/v1/register"))
            .header("x-sentc-app-token", self.app.secret_token.as_str())
            .body(body)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        sentc_core::user::done_register(&response).unwrap();
        let client = sentc_core::client::Sentc::new(
            sentc_core::client::SentcOptions::new(base_url, self.app.public_token.as_str()),
            sentc_core::client::HttpTransport::new().unwrap(),
            sentc_core::client::MemoryStore::default(),
        );
        super::login(&client, identifier, password).await
    }
}
