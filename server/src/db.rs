//! The database: SQLite (a file or in-memory) or PostgreSQL, chosen by the URL, through sqlx's
//! `Any` driver. Queries use `$1`-style parameters, which both backends accept, and a schema
//! of TEXT and BIGINT columns that both understand, so one set of queries serves both.

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

/// The migrations, in order; each runs once, in a transaction.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_users.sql")),
    (2, include_str!("../migrations/0002_groups.sql")),
    (3, include_str!("../migrations/0003_limits.sql")),
    (4, include_str!("../migrations/0004_user_chain.sql")),
    (5, include_str!("../migrations/0005_onboarding.sql")),
    (6, include_str!("../migrations/0006_group_chain.sql")),
    (7, include_str!("../migrations/0007_files.sql")),
    (8, include_str!("../migrations/0008_jwt_key_rotation.sql")),
];

/// The newest migration this build knows.
pub const LATEST_MIGRATION: i64 = 8;

const _: () = assert!(MIGRATIONS[MIGRATIONS.len() - 1].0 == LATEST_MIGRATION);

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The connection pool and its backend.
#[derive(Debug, Clone)]
pub struct Db {
    /// The pool.
    pub pool: AnyPool,
    /// The backend.
    pub backend: Backend,
}

impl Db {
    /// Connects and runs the migrations.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        options = match backend {
            // One in-memory database lives in one connection.
            Backend::Sqlite if in_memory => options.max_connections(1),
            Backend::Sqlite => options.max_connections(8),
            Backend::Postgres => options.max_connections(16),
        };
        if backend == Backend::Sqlite {
            options = options.after_connect(|connection, _| {
                Box::pin(async move {
                    connection
                        .execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;")
                        .await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(url).await?;
        if backend == Backend::Sqlite && !in_memory {
            pool.execute("PRAGMA journal_mode = WAL;").await?;
        }
        let db = Self { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes cannot upgrade its lock
    /// while another connection writes, and fails with SQLITE_BUSY instead of waiting.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// The newest migration applied to the database (0 before any).
    pub async fn applied_migration(&self) -> Result<i64, sqlx::Error> {
        let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM sentc_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok(applied.unwrap_or(0))
    }

    /// Runs the migrations not applied yet, each in its own transaction. Several processes may
    /// start at once: on PostgreSQL an advisory lock lets one migrate while the others wait; on
    /// SQLite each migration's write transaction checks the version again.
    async fn migrate(&self) -> Result<(), sqlx::Error> {
        let mut connection = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            connection
                .execute("SELECT pg_advisory_lock(7243911)")
                .await?;
        }
        let result = async {
            connection
                .execute(
                    "CREATE TABLE IF NOT EXISTS sentc_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                )
                .await?;
            for (version, sql) in MIGRATIONS {
                // Checked again inside the migration's write transaction: of two processes
                // starting at once on SQLite (no advisory lock there), the second waits for the
                // first's commit and then sees the version applied.
                let mut tx = match self.backend {
                    Backend::Sqlite => {
                        sqlx::Connection::begin_with(&mut *connection, "BEGIN IMMEDIATE").await?
                    }
                    Backend::Postgres => sqlx::Connection::begin(&mut *connection).await?,
                };
                let applied: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM sentc_migrations WHERE version = $1")
                        .bind(version)
                        .fetch_optional(&mut *tx)
                        .await?;
                if applied.is_some() {
                    continue;
                }
                tx.execute(sqlx::raw_sql(*sql)).await?;
                sqlx::query("INSERT INTO sentc_migrations (version, applied_at) VALUES ($1, $2)")
                    .bind(version)
                    .bind(crate::clock::Clock::now_ms(&crate::clock::SystemClock))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await;
        if self.backend == Backend::Postgres {
            connection
                .execute("SELECT pg_advisory_unlock(7243911)")
                .await?;
        }
        result
    }
}
