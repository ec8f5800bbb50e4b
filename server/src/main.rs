//! The `sentc-server` binary.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use sentc_server::apps::{self, Access, CreatedApp, Endpoint};
use sentc_server::clock::{Clock, SystemClock};
use sentc_server::extract::IpRange;
use sentc_server::files::storage::{S3Config, StorageConfig};
use sentc_server::logging::{self, LogFormat};
use sentc_server::secrets::{RootKey, hash_token};
use sentc_server::state::{AppState, Settings};
use sentc_server::{Config, build, jwt, serve_until, shutdown};
use tokio::net::TcpListener;

#[derive(Parser)]
#[command(name = "sentc-server", about = "The sentc API server", version)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "SENTC_LISTEN", default_value = "127.0.0.1:3000")]
    listen: String,
    /// `sqlite://file.db?mode=rwc`, `sqlite::memory:` or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://sentc.db?mode=rwc"
    )]
    database_url: String,
    /// The root key that seals secrets at rest: 32 bytes, base64. Generate one with
    /// `sentc-server root-key`.
    #[arg(long, env = "SENTC_ROOT_KEY", hide_env_values = true)]
    root_key: Option<String>,
    /// Development mode: keeps a root key in `sentc-dev.key` if none is given, and creates
    /// (once) a demo app that allows registration with its public token, printing its tokens.
    #[arg(long, env = "SENTC_DEV")]
    dev: bool,
    /// Log line format: `text` or `json` (one object per line, with the request id).
    #[arg(long, env = "SENTC_LOG_FORMAT", default_value = "text")]
    log_format: LogFormat,
    /// Log level of the server's own events: `error`, `warn`, `info`, `debug` or `trace`
    /// (libraries log at `warn`; a `RUST_LOG` filter replaces this).
    #[arg(long, env = "SENTC_LOG_LEVEL", default_value = "info")]
    log_level: String,
    /// How long a JWT lives, in milliseconds (a rotated-out signing key stays in the JWKS this
    /// long).
    #[arg(long, env = "SENTC_JWT_LIFETIME_MS", default_value_t = 900_000)]
    jwt_lifetime_ms: i64,
    /// How long a process trusts a cached JWT verify key, in milliseconds: a key revoked with
    /// `jwt-key rotate --revoke` on one node stops verifying on the others within this time.
    #[arg(long, env = "SENTC_JWT_KEY_CACHE_MS", default_value_t = 60_000)]
    jwt_key_cache_ms: i64,
    /// How long requests in flight may take to finish after SIGTERM, in milliseconds.
    #[arg(long, env = "SENTC_SHUTDOWN_TIMEOUT_MS", default_value_t = 30_000)]
    shutdown_timeout_ms: u64,
    /// A bearer token `/metrics` requires; without one the endpoint is open.
    #[arg(long, env = "SENTC_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// Key holders wrapped per committed batch of a group key rotation job.
    #[arg(long, env = "SENTC_ROTATION_BATCH", default_value_t = 200)]
    rotation_batch: i64,
    /// Pause between rotation batches in milliseconds (caps the load of large rotations).
    #[arg(long, env = "SENTC_ROTATION_PAUSE_MS", default_value_t = 0)]
    rotation_pause_ms: u64,
    /// How long a server process owns a rotation job before another may resume it.
    #[arg(long, env = "SENTC_ROTATION_LEASE_MS", default_value_t = 30_000)]
    rotation_lease_ms: i64,
    /// How often an idle worker looks for rotation and purge jobs whose lease expired, in
    /// milliseconds (a rotation started on this process wakes it at once).
    #[arg(long, env = "SENTC_ROTATION_POLL_MS", default_value_t = 1000)]
    rotation_poll_ms: u64,
    /// Failed logins allowed per identifier in 15 minutes (counted across every process).
    #[arg(long, env = "SENTC_MAX_LOGIN_FAILURES", default_value_t = 10)]
    max_login_failures: i64,
    /// Proxies (addresses or CIDR networks, comma-separated) whose `X-Forwarded-For` names the
    /// client for per-client limits. Without any, the header is ignored.
    #[arg(long, env = "SENTC_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxy: Vec<IpRange>,
    /// Failed logins one client address may make in 15 minutes (any identifier). Behind a
    /// reverse proxy, set `--trusted-proxy`, or every client counts as the proxy.
    #[arg(
        long,
        env = "SENTC_MAX_LOGIN_FAILURES_PER_ADDRESS",
        default_value_t = 100
    )]
    max_login_failures_per_address: i64,
    /// Key rotations a group or a user may start per hour.
    #[arg(long, env = "SENTC_MAX_KEY_ROTATIONS_PER_HOUR", default_value_t = 30)]
    max_key_rotations_per_hour: i64,
    /// How long a client may take to send a request's headers (and how long an idle
    /// keep-alive connection stays open), in milliseconds.
    #[arg(long, env = "SENTC_HEADER_READ_TIMEOUT_MS", default_value_t = 10_000)]
    header_read_timeout_ms: u64,
    /// How long one request may take, body included, in milliseconds.
    #[arg(long, env = "SENTC_REQUEST_TIMEOUT_MS", default_value_t = 30_000)]
    request_timeout_ms: u64,
    /// How long a file's upload session stays open after its last part, in milliseconds; an
    /// upload left longer is purged with its parts.
    #[arg(
        long,
        env = "SENTC_FILE_SESSION_LIFETIME_MS",
        default_value_t = 3_600_000
    )]
    file_session_lifetime_ms: i64,
    /// The directory file parts are stored in (unless `--s3-bucket` is set).
    #[arg(long, env = "SENTC_FILE_DIR", default_value = "sentc-files")]
    file_dir: PathBuf,
    /// An S3-compatible bucket for file parts (it must exist); needs `--s3-endpoint`.
    #[arg(long, env = "SENTC_S3_BUCKET")]
    s3_bucket: Option<String>,
    /// The S3 endpoint, e.g. `https://s3.eu-central-1.amazonaws.com`.
    #[arg(long, env = "SENTC_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    /// The S3 region.
    #[arg(long, env = "SENTC_S3_REGION", default_value = "us-east-1")]
    s3_region: String,
    /// The S3 access key id.
    #[arg(long, env = "SENTC_S3_ACCESS_KEY_ID", default_value = "")]
    s3_access_key_id: String,
    /// The S3 secret access key.
    #[arg(
        long,
        env = "SENTC_S3_SECRET_ACCESS_KEY",
        default_value = "",
        hide_env_values = true,
        hide_default_value = true
    )]
    s3_secret_access_key: String,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Where file parts go: the S3 bucket if one is set, else the directory.
fn file_storage(cli: &Cli) -> Result<StorageConfig, Failure> {
    match (&cli.s3_bucket, &cli.s3_endpoint) {
        (None, _) => Ok(StorageConfig::Local(cli.file_dir.clone())),
        (Some(bucket), Some(endpoint)) => Ok(StorageConfig::S3(S3Config {
            endpoint: endpoint.clone(),
            bucket: bucket.clone(),
            region: cli.s3_region.clone(),
            access_key_id: cli.s3_access_key_id.clone(),
            secret_access_key: cli.s3_secret_access_key.clone(),
        })),
        (Some(_), None) => Err("--s3-bucket needs --s3-endpoint".into()),
    }
}

#[derive(Subcommand)]
enum Command {
    /// Manage apps.
    App {
        #[command(subcommand)]
        command: AppCommand,
    },
    /// Print a new random root key.
    RootKey,
    /// Print the OpenAPI 3.1 document of the API (also served at `/api/v1/openapi.json`).
    Openapi,
    /// Run the database migrations and exit (every start runs them too; several processes
    /// starting at once are safe).
    Migrate,
    /// Manage an app's JWT signing keys.
    JwtKey {
        #[command(subcommand)]
        command: JwtKeyCommand,
    },
}

#[derive(Subcommand)]
enum JwtKeyCommand {
    /// Start signing the app's JWTs with a new key. The old keys keep verifying the tokens they
    /// signed until those expire (`--jwt-lifetime-ms`), and stay in the JWKS until then.
    Rotate {
        /// The app's id.
        app_id: String,
        /// Stop trusting the old keys now (a leaked key): their tokens fail at once on this
        /// node and within `--jwt-key-cache-ms` on the others; clients refresh.
        #[arg(long)]
        revoke: bool,
    },
    /// List the app's JWT keys: id, created, retired.
    List {
        /// The app's id.
        app_id: String,
    },
}

#[derive(Subcommand)]
enum AppCommand {
    /// Create an app and print its id and tokens (shown once; only hashes are stored).
    Create {
        /// The app's name.
        name: String,
        /// Allow registration with the public token (by default only the secret token may
        /// register users, from the app's backend).
        #[arg(long)]
        public_register: bool,
    },
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let logs = match logging::init(cli.log_format, &cli.log_level) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("sentc-server: {error}");
            std::process::exit(2);
        }
    };
    let result = run(cli).await;
    // Flushes the buffered log lines before the process ends.
    drop(logs);
    if let Err(error) = result {
        eprintln!("sentc-server: {error}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    if let Some(Command::RootKey) = cli.command {
        let (_, text) = RootKey::generate()?;
        println!("{}", text.as_str());
        return Ok(());
    }
    if let Some(Command::Openapi) = cli.command {
        println!("{}", sentc_server::openapi::document().to_pretty_json()?);
        return Ok(());
    }
    let root_key = root_key(&cli)?;
    let state = build(Config {
        database_url: cli.database_url.clone(),
        root_key: root_key.clone(),
        clock: Arc::new(SystemClock),
        settings: Settings {
            rotation_batch: cli.rotation_batch.max(1),
            rotation_pause_ms: cli.rotation_pause_ms,
            rotation_lease_ms: cli.rotation_lease_ms.max(100),
            rotation_poll_ms: cli.rotation_poll_ms.max(10),
            max_login_failures: cli.max_login_failures.max(1),
            trusted_proxies: cli.trusted_proxy.clone(),
            max_login_failures_per_address: cli.max_login_failures_per_address.max(1),
            max_key_rotations: cli.max_key_rotations_per_hour.max(1),
            header_read_timeout_ms: cli.header_read_timeout_ms.max(100),
            request_timeout_ms: cli.request_timeout_ms.max(100),
            file_session_lifetime_ms: cli.file_session_lifetime_ms.max(100),
            jwt_lifetime_ms: cli.jwt_lifetime_ms.max(1000),
            jwt_key_cache_ms: cli.jwt_key_cache_ms.max(0),
            shutdown_timeout_ms: cli.shutdown_timeout_ms,
            metrics_token_hash: cli.metrics_token.as_deref().map(hash_token),
            ..Settings::default()
        },
        file_storage: file_storage(&cli)?,
    })
    .await?;
    let now = SystemClock.now_ms();
    match &cli.command {
        Some(Command::App {
            command:
                AppCommand::Create {
                    name,
                    public_register,
                },
        }) => return create_app(&state, &root_key, name, *public_register, now).await,
        Some(Command::Migrate) => {
            println!(
                "migrations applied (version {})",
                state.db.applied_migration().await?
            );
            return Ok(());
        }
        Some(Command::JwtKey { command }) => return jwt_key_command(&state, command, now).await,
        Some(Command::RootKey | Command::Openapi) | None => {}
    }
    if cli.dev {
        let mut connection = state.db.pool.acquire().await?;
        let app = apps::ensure_dev_app(&mut connection, &root_key, now)
            .await
            .map_err(|error| error.0)?;
        print_app("dev (registration with the public token allowed)", &app);
    }
    let listener = TcpListener::bind(&cli.listen).await?;
    println!(
        "sentc-server listening on http://{}",
        listener.local_addr()?
    );
    serve_until(state, listener, shutdown::signal()).await?;
    Ok(())
}

async fn create_app(
    state: &AppState,
    root_key: &RootKey,
    name: &str,
    public_register: bool,
    now: i64,
) -> Result<(), Failure> {
    let mut options = BTreeMap::new();
    if public_register {
        options.insert(Endpoint::Register, Access::Public);
    }
    let mut connection = state.db.pool.acquire().await?;
    let app = apps::create(&mut connection, root_key, name, &options, now)
        .await
        .map_err(|error| error.0)?;
    print_app(name, &app);
    Ok(())
}

async fn jwt_key_command(
    state: &AppState,
    command: &JwtKeyCommand,
    now: i64,
) -> Result<(), Failure> {
    match command {
        JwtKeyCommand::Rotate { app_id, revoke } => {
            let retire_at = if *revoke {
                now
            } else {
                now.saturating_add(state.settings.jwt_lifetime_ms)
            };
            let mut tx = state.db.begin().await?;
            let kid = jwt::rotate(&mut tx, &state.root, app_id, retire_at, now)
                .await
                .map_err(|error| error.0)?;
            tx.commit().await?;
            println!(
                "new signing key {kid}; the old keys retire at {retire_at} (ms since the epoch)"
            );
        }
        JwtKeyCommand::List { app_id } => {
            let mut connection = state.db.pool.acquire().await?;
            for key in jwt::list(&mut connection, app_id)
                .await
                .map_err(|error| error.0)?
            {
                let retired = key
                    .retire_at
                    .map_or_else(|| "live".to_owned(), |at| format!("retires at {at}"));
                println!("{}  created at {}  {retired}", key.id, key.created_at);
            }
        }
    }
    Ok(())
}

fn root_key(cli: &Cli) -> Result<RootKey, Failure> {
    if let Some(text) = &cli.root_key {
        return Ok(RootKey::from_base64(text)?);
    }
    if !cli.dev {
        return Err("no root key: pass --root-key or SENTC_ROOT_KEY (create one with `sentc-server root-key`), or use --dev".into());
    }
    let path = PathBuf::from("sentc-dev.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Ok(RootKey::from_base64(&text)?);
    }
    let (key, text) = RootKey::generate()?;
    sentc_server::secrets::write_secret_file(&path, text.as_bytes())?;
    eprintln!("dev: wrote a new root key to {}", path.display());
    Ok(key)
}

fn print_app(name: &str, app: &CreatedApp) {
    println!("app {name}");
    println!("  app id:        {}", app.id);
    println!("  public token:  {}", app.public_token.as_str());
    println!("  secret token:  {}", app.secret_token.as_str());
}
