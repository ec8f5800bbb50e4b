//! Shared server state: the database, the root key, the clock and the settings.

use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Db;
use crate::extract::IpRange;
use crate::files::storage::FileStorage;
use crate::jwt::KeyCache;
use crate::metrics::Metrics;
use crate::secrets::RootKey;
use crate::shutdown::Shutdown;

/// Lifetimes and limits.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a JWT lives.
    pub jwt_lifetime_ms: i64,
    /// How long a refresh token lives.
    pub refresh_lifetime_ms: i64,
    /// How long a login challenge may be answered.
    pub challenge_lifetime_ms: i64,
    /// How long a pending device registration waits for a logged-in device.
    pub pending_device_lifetime_ms: i64,
    /// Pending device registrations an app may have at once (a backstop behind the limit per
    /// client address).
    pub max_pending_device_registrations: i64,
    /// Device registrations one client address may start within
    /// [`Self::device_registration_window_ms`].
    pub device_registrations_per_address: i64,
    /// The window of the device registration limit.
    pub device_registration_window_ms: i64,
    /// Failed logins allowed per identifier within [`Self::login_window_ms`].
    pub max_login_failures: i64,
    /// Failed logins allowed per client address (any identifier) within the same window.
    pub max_login_failures_per_address: i64,
    /// The window of the login failure limits.
    pub login_window_ms: i64,
    /// Proxies whose `X-Forwarded-For` names the client (empty: the header is ignored).
    pub trusted_proxies: Vec<IpRange>,
    /// Key rotations a group (or a user) may start within [`Self::key_rotation_window_ms`].
    pub max_key_rotations: i64,
    /// The window of the key rotation limit.
    pub key_rotation_window_ms: i64,
    /// How long the key session of an invite with more generations than one request carries
    /// stays open.
    pub key_session_lifetime_ms: i64,
    /// How long a client may take to send a request's headers, and how long an idle
    /// keep-alive connection stays open.
    pub header_read_timeout_ms: u64,
    /// How long one request may take, body included.
    pub request_timeout_ms: u64,
    /// Key holders wrapped per committed batch of a rotation job.
    pub rotation_batch: i64,
    /// How long a worker owns a rotation job before another may take it over.
    pub rotation_lease_ms: i64,
    /// A pause between batches, to cap the load a large rotation puts on the database.
    pub rotation_pause_ms: u64,
    /// How often an idle worker looks for jobs (it is also woken when a rotation starts).
    pub rotation_poll_ms: u64,
    /// How long a file's upload session stays open after its last part (or its registration).
    pub file_session_lifetime_ms: i64,
    /// How long requests in flight may take to finish after shutdown is requested.
    pub shutdown_timeout_ms: u64,
    /// How long a process trusts what it cached of a JWT verify key (whether it is retired):
    /// the time a key revoked on one process may still verify on another.
    pub jwt_key_cache_ms: i64,
    /// The SHA-256 (hex) of the token `/metrics` requires; `None`: the endpoint is open.
    pub metrics_token_hash: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            jwt_lifetime_ms: 15 * 60 * 1000,
            refresh_lifetime_ms: 30 * 24 * 60 * 60 * 1000,
            challenge_lifetime_ms: 2 * 60 * 1000,
            pending_device_lifetime_ms: 60 * 60 * 1000,
            max_pending_device_registrations: 1000,
            device_registrations_per_address: 10,
            device_registration_window_ms: 60 * 60 * 1000,
            max_login_failures: 10,
            max_login_failures_per_address: 100,
            login_window_ms: 15 * 60 * 1000,
            trusted_proxies: Vec::new(),
            max_key_rotations: 30,
            key_rotation_window_ms: 60 * 60 * 1000,
            key_session_lifetime_ms: 60 * 60 * 1000,
            header_read_timeout_ms: 10_000,
            request_timeout_ms: 30_000,
            rotation_batch: 200,
            rotation_lease_ms: 30_000,
            rotation_pause_ms: 0,
            rotation_poll_ms: 1000,
            file_session_lifetime_ms: 60 * 60 * 1000,
            shutdown_timeout_ms: 30_000,
            jwt_key_cache_ms: 60_000,
            metrics_token_hash: None,
        }
    }
}

/// The state every handler gets.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The fields of [`AppState`].
pub struct Inner {
    /// The database.
    pub db: Db,
    /// The root key for secrets at rest.
    pub root: RootKey,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Lifetimes and limits.
    pub settings: Settings,
    /// Cached JWT keys.
    pub jwt_keys: KeyCache,
    /// Wakes the rotation worker when a rotation starts.
    pub rotation_wakeup: tokio::sync::Notify,
    /// Where file parts are stored.
    pub files: FileStorage,
    /// Wakes the file purge worker when a file is deleted.
    pub purge_wakeup: tokio::sync::Notify,
    /// The process's metrics.
    pub metrics: Metrics,
    /// Whether the process is shutting down.
    pub shutdown: Shutdown,
}

impl AppState {
    /// Builds the state.
    pub fn new(
        db: Db,
        root: RootKey,
        clock: Arc<dyn Clock>,
        settings: Settings,
        files: FileStorage,
    ) -> Self {
        let jwt_keys = KeyCache::new(settings.jwt_key_cache_ms);
        Self(Arc::new(Inner {
            db,
            root,
            clock,
            settings,
            jwt_keys,
            rotation_wakeup: tokio::sync::Notify::new(),
            files,
            purge_wakeup: tokio::sync::Notify::new(),
            metrics: Metrics::default(),
            shutdown: Shutdown::default(),
        }))
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.0.clock.now_ms()
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
