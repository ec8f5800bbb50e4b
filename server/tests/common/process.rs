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
        Self::start_with_output(port, env, Stdio::null()).await
    }

    /// [`Self::start`] with the process's stderr (its logs) and stdout in `log`.
    pub async fn start_logged(port: u16, env: &[(&str, &str)], log: &std::path::Path) -> Self {
        let file = std::fs::File::create(log).unwrap();
        Self::start_with_output(port, env, Stdio::from(file)).await
    }

    /// [`Self::start`] with the process's stderr (its logs) going to `output`.
    pub async fn start_with_output(port: u16, env: &[(&str, &str)], output: Stdio) -> Self {
        // Installs the TLS crypto provider reqwest needs (the health check below).
        sentc_core::client::HttpTransport::new().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_sentc-server"));
        command.env("SENTC_LISTEN", format!("127.0.0.1:{port}"));
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(output)
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

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, as a crash would.
    pub fn kill(self) {
        drop(self);
    }

    /// SIGTERM, as an orchestrator stopping the node would; returns once the process exited,
    /// with its exit status.
    pub async fn terminate(self) -> std::process::ExitStatus {
        self.send_sigterm();
        self.wait_for_exit().await
    }

    /// Sends SIGTERM and returns at once.
    pub fn send_sigterm(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits (up to 30 s) for the process to exit; its exit status.
    pub async fn wait_for_exit(mut self) -> std::process::ExitStatus {
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("sentc-server did not exit");
    }
}

/// Runs the `sentc-server` binary with these arguments and environment (a CLI command such
/// as `jwt-key rotate`) and returns its stdout; panics if it fails.
pub fn run_cli(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sentc-server"));
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "sentc-server {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
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
        let (_, root_text) = sentc_server::secrets::RootKey::generate().unwrap();
        Self::with_root(database_url, file_storage, &root_text).await
    }

    /// [`Self::new`] with a given root key (base64), e.g. the one nodes already run with.
    pub async fn with_root(
        database_url: &str,
        file_storage: sentc_server::files::storage::StorageConfig,
        root_text: &str,
    ) -> Self {
        use sentc_server::clock::{Clock, SystemClock};
        sentc_core::client::HttpTransport::new().unwrap();
        let root = sentc_server::secrets::RootKey::from_base64(root_text).unwrap();
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
        self.register(base_url, identifier, password).await;
        self.login(base_url, identifier, password).await
    }

    /// Registers a user through the app's backend (secret token).
    pub async fn register(&self, base_url: &str, identifier: &str, password: &str) {
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
    }

    /// Logs a registered user in on `base_url` (a new client, the native transport).
    pub async fn login(&self, base_url: &str, identifier: &str, password: &str) -> super::TestUser {
        let client = sentc_core::client::Sentc::new(
            sentc_core::client::SentcOptions::new(base_url, self.app.public_token.as_str()),
            sentc_core::client::HttpTransport::new().unwrap(),
            sentc_core::client::MemoryStore::default(),
        );
        super::login(&client, identifier, password).await
    }
}
