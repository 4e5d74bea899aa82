//! Building and running the HTTP server.
//!
//! ```ignore
//! let app = Application::build(settings).await?;   // database, migrations, first admin
//! println!("listening on port {}", app.port());    // port 0 in tests: the real one here
//! app.run_until_stopped().await?;                  // until SIGINT/SIGTERM, then cleanup
//! ```

use std::fs::File;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use secrecy::{ExposeSecret, SecretSlice};
use shared::SecretString;
use sqlx::PgPool;
use tokio::task::JoinHandle;

use crate::accounts;
use crate::audit::AuditLog;
use crate::auth::keys::Keys;
use crate::auth::password;
use crate::auth::session::SessionConfig;
use crate::auth::throttle::ThrottlePolicy;
use crate::backend::Backend;
use crate::config::Settings;
use crate::cors::{self, AllowedOrigins};
use crate::db::{self, Database, MIGRATOR, embedded::IfRunning};
use crate::extract::{self, TrustForwardedFor};
use crate::operations::Operations;
use crate::routes;
use crate::snapshots::{RefreshSettings, Snapshots};
use crate::state_dir::StateDir;
use crate::telemetry;

/// What every handler can reach (`web::Data<AppState>`).
#[derive(Debug)]
pub struct AppState {
    pub db: PgPool,
    pub audit: AuditLog,
    pub keys: Keys,
    pub sessions: SessionConfig,
    pub throttle: ThrottlePolicy,
}

/// The secrets the server needs, from the settings or the state dir.
pub struct Secrets {
    pub jwt: SecretSlice<u8>,
    pub audit_hmac: SecretSlice<u8>,
}

impl Secrets {
    pub fn load(settings: &Settings, state_dir: &StateDir) -> anyhow::Result<Self> {
        let jwt = match &settings.jwt_secret {
            Some(secret) => secret.expose_secret().as_bytes().to_vec().into(),
            None => state_dir.secret("jwt-secret")?,
        };
        Ok(Self {
            jwt,
            audit_hmac: state_dir.secret("audit-hmac-key")?,
        })
    }
}

/// A built server, bound to its port, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    database: Database,
    housekeeping: JoinHandle<()>,
    /// Keeps the cluster snapshots fresh (`snapshots::refresher`).
    refresher: JoinHandle<()>,
    initial_admin_password: Option<SecretString>,
    /// Held while serving, so two servers cannot share one state dir.
    _state_lock: Option<File>,
}

impl Application {
    /// Opens the state dir and the database (embedded unless `DATABASE_URL`), migrates,
    /// creates the first admin if needed, and binds `settings.listen`.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let state_dir = StateDir::open(&settings.state_dir)?;
        let lock = lock_state_dir(&state_dir)?;
        let database = Database::open(&settings, &state_dir, IfRunning::Adopt).await?;
        let mut app = Self::build_with(settings, &state_dir, database).await?;
        app._state_lock = Some(lock);
        Ok(app)
    }

    /// The same on a pool someone else provides (tests: one database per test).
    pub async fn build_with_pool(settings: Settings, pool: PgPool) -> anyhow::Result<Self> {
        let state_dir = StateDir::open(&settings.state_dir)?;
        MIGRATOR
            .run(&pool)
            .await
            .context("cannot apply the database migrations")?;
        Self::build_with(settings, &state_dir, Database::from_pool(pool)).await
    }

    async fn build_with(
        settings: Settings,
        state_dir: &StateDir,
        database: Database,
    ) -> anyhow::Result<Self> {
        let secrets = Secrets::load(&settings, state_dir)?;
        let pool = database.pool.clone();
        let audit = AuditLog::new(pool.clone(), &secrets.audit_hmac)?;
        let admin_password = settings
            .admin_password
            .as_ref()
            .map(|p| SecretString::new(p.expose_secret()));
        let initial_admin_password = accounts::bootstrap_admin(&audit, admin_password.as_ref())
            .await
            .map_err(|e| anyhow::anyhow!("cannot create the first admin: {e:?}"))?;
        password::warm_up().await;
        let backend = Arc::new(Backend::start(&settings.backend).await?);
        let refresh = RefreshSettings {
            regions: backend.configured_regions().map(<[String]>::to_vec),
            ..settings.refresh.clone()
        };
        let snapshots = Snapshots::new(pool.clone(), backend.client().clone(), refresh);
        let operations = web::Data::new(Operations::new(
            backend.clone(),
            audit.clone(),
            &state_dir.secret("idempotency-key")?,
            // Clusters a change touched are re-read until their status settles.
            Arc::new(snapshots.clone()),
        ));
        let backend = web::Data::from(backend);

        let state = web::Data::new(AppState {
            db: pool.clone(),
            audit,
            keys: Keys::new(secrets.jwt.expose_secret())?,
            sessions: SessionConfig {
                access_ttl: settings.access_ttl,
                session_ttl: settings.session_ttl,
                cookie_secure: settings.cookie_secure,
            },
            throttle: settings.login_throttle,
        });

        let listener = TcpListener::bind(settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let trust = TrustForwardedFor(settings.trust_forwarded_for);
        let origins = AllowedOrigins(Arc::new(settings.cors_origins.clone()));
        let app_state = state.clone();
        let snapshot_data = web::Data::new(snapshots.clone());
        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(cors::cors))
                .wrap(from_fn(telemetry::request_span))
                .app_data(app_state.clone())
                .app_data(backend.clone())
                .app_data(operations.clone())
                .app_data(snapshot_data.clone())
                .app_data(trust)
                .app_data(origins.clone())
                .app_data(extract::query_config())
                .app_data(extract::path_config())
                .configure(routes::configure)
        })
        .listen(listener)?
        .shutdown_timeout(10)
        .run();

        let housekeeping = tokio::spawn(housekeeping(state));
        let refresher = snapshots.spawn_refresher();
        Ok(Self {
            port,
            server,
            database,
            housekeeping,
            refresher,
            initial_admin_password,
            _state_lock: None,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The first admin's generated password, to show once (none if it was given or the
    /// admin existed already).
    pub fn take_initial_admin_password(&mut self) -> Option<SecretString> {
        self.initial_admin_password.take()
    }

    /// Serves until SIGINT or SIGTERM (in-flight requests get 10 s), then closes the pool
    /// and stops the embedded PostgreSQL.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let served = self.server.await;
        self.housekeeping.abort();
        self.refresher.abort();
        self.database.close().await;
        served.context("the HTTP server failed")
    }
}

fn lock_state_dir(state_dir: &StateDir) -> anyhow::Result<File> {
    let path = state_dir.path().join("serve.lock");
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    file.try_lock().map_err(|_| {
        anyhow::anyhow!(
            "another cassadmin server is using the state dir {}",
            state_dir.path().display()
        )
    })?;
    Ok(file)
}

/// Forgets ended sessions, stale login counters and expired idempotency keys now and then.
async fn housekeeping(state: web::Data<AppState>) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = db::sessions::purge_ended(&state.db).await {
            tracing::warn!(error = ?e, "cannot purge ended sessions");
        }
        if let Err(e) = state.throttle.purge(&state.db).await {
            tracing::warn!(error = ?e, "cannot purge login counters");
        }
        let keys = crate::operations::idempotency::IdempotencyStore::new(state.db.clone());
        if let Err(e) = keys.purge_expired().await {
            tracing::warn!(error = ?e, "cannot purge expired idempotency keys");
        }
    }
}
