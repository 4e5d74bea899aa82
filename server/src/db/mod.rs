//! PostgreSQL: the pool, migrations, and one module of queries per table.
//!
//! Queries are `sqlx::query!` macros checked against the schema at build time; `.sqlx/` at
//! the workspace root holds their offline data so the build needs no database
//! (`SQLX_OFFLINE=true`). After changing a query or a migration, run
//! `scripts/sqlx-prepare.sh`.

pub mod audit;
pub mod embedded;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use secrecy::ExposeSecret;
use shared::Role;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgTypeInfo, PgValueRef};
use sqlx::{Decode, PgPool, Postgres, Type};

use crate::config::Settings;
use crate::state_dir::StateDir;
use embedded::{EmbeddedPostgres, IfRunning};

/// The schema, applied at every start (and by `cassadmin migrate`).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// The database the server uses, and the embedded server behind it if we started one.
#[derive(Debug)]
pub struct Database {
    pub pool: PgPool,
    embedded: Option<EmbeddedPostgres>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or starts the embedded PostgreSQL, then migrates.
    pub async fn open(
        settings: &Settings,
        state_dir: &StateDir,
        if_running: IfRunning,
    ) -> anyhow::Result<Self> {
        let (options, embedded) = match &settings.database_url {
            Some(url) => {
                let options = PgConnectOptions::from_str(url.expose_secret())
                    .context("DATABASE_URL is not a valid PostgreSQL URL")?;
                (options, None)
            }
            None => {
                let pg = EmbeddedPostgres::start_with(state_dir, if_running).await?;
                (pg.connect_options(), Some(pg))
            }
        };
        let pool = pool_options(settings.db_max_connections)
            .connect_with(options)
            .await
            .context("cannot connect to PostgreSQL")?;
        MIGRATOR
            .run(&pool)
            .await
            .context("cannot apply the database migrations")?;
        Ok(Self { pool, embedded })
    }

    /// Wraps a pool someone else manages (tests).
    pub fn from_pool(pool: PgPool) -> Self {
        Self {
            pool,
            embedded: None,
        }
    }

    /// Closes the pool and stops the embedded PostgreSQL if we run one.
    pub async fn close(self) {
        self.pool.close().await;
        if let Some(pg) = self.embedded {
            pg.stop().await;
        }
    }
}

pub fn pool_options(max_connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        // Fail a request quickly when the database is gone, rather than hang it.
        .acquire_timeout(Duration::from_secs(5))
}

/// `users.role` / `api_tokens.role` (text with a check constraint) as a [`Role`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbRole(pub Role);

impl Type<Postgres> for DbRole {
    fn type_info() -> PgTypeInfo {
        <&str as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <&str as Type<Postgres>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Postgres> for DbRole {
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <&str as Decode<Postgres>>::decode(value)?;
        Ok(DbRole(text.parse::<Role>()?))
    }
}
