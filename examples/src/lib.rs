//! Runnable sentc examples; see the `[[example]]` targets. This library holds what they share: a
//! sentc server embedded on SQLite in a temporary folder with one app, and its users.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use sentc_core::client::{HttpTransport, LoginOutcome, MemoryStore, Sentc, SentcOptions, User};
use sentc_server::apps::{self, Access, Endpoint};
use sentc_server::clock::{Clock, SystemClock};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::RootKey;
use sentc_server::state::Settings;
use sentc_server::{Config, Embedded, start_embedded};

/// Any error of an example.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// A client with the native HTTP transport and an in-memory store.
pub type Client = Sentc<HttpTransport, MemoryStore>;
/// A logged-in user of [`Client`].
pub type AppUser = User<HttpTransport, MemoryStore>;

/// Prints one step of an example.
pub fn step(text: &str) {
    println!("▸ {text}");
}

/// Fails the example (non-zero exit) when a result is not what it must be.
pub fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), Error> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, expected {want:?}").into())
    }
}

/// A sentc server of our own: SQLite in a temporary folder, on a free loopback port, with one
/// app whose front end may register users (by default only the app backend may).
pub struct Playground {
    /// The running server.
    pub server: Embedded,
    /// The folder of its database and files (removed by [`Self::stop`]).
    pub dir: PathBuf,
    /// The app's id.
    pub app_id: String,
    public_token: String,
    secret_token: String,
}

impl Playground {
    /// Starts the server and creates the app; `name` names the folder and the app.
    pub async fn start(name: &str) -> Result<Self, Error> {
        let dir = std::env::temp_dir().join(format!("sentc-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let (root_key, _) = RootKey::generate()?;
        let server = start_embedded(Config {
            database_url: format!("sqlite://{}/sentc.db?mode=rwc", dir.display()),
            root_key: root_key.clone(),
            clock: Arc::new(SystemClock),
            settings: Settings::default(),
            file_storage: StorageConfig::Local(dir.join("files")),
        })
        .await?;
        let mut connection = server.state.db.pool.acquire().await?;
        let options = BTreeMap::from([(Endpoint::Register, Access::Public)]);
        let app = apps::create(
            &mut connection,
            &root_key,
            name,
            &options,
            SystemClock.now_ms(),
        )
        .await
        .map_err(|err| err.0)?;
        drop(connection);
        Ok(Self {
            server,
            dir,
            app_id: app.id.to_string(),
            public_token: app.public_token.as_str().to_string(),
            secret_token: app.secret_token.as_str().to_string(),
        })
    }

    /// The app's public token (for clients).
    pub fn public_token(&self) -> &str {
        &self.public_token
    }

    /// The app's secret token (for the app's own backend).
    pub fn secret_token(&self) -> &str {
        &self.secret_token
    }

    /// A new client of the app (one per device).
    pub fn client(&self) -> Result<Client, Error> {
        let options = SentcOptions::new(&self.server.base_url, &self.public_token);
        Ok(Sentc::new(
            options,
            HttpTransport::new()?,
            MemoryStore::default(),
        ))
    }

    /// Registers `name` with `password` on a new client and logs in.
    pub async fn user(&self, name: &str, password: &str) -> Result<AppUser, Error> {
        let client = self.client()?;
        client.register(name, password).await?;
        match client.login(name, password).await? {
            LoginOutcome::User(user) => Ok(user),
            _ => Err("unexpected second factor".into()),
        }
    }

    /// Stops the server and removes its folder.
    pub fn stop(self) {
        self.server.task.abort();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}
