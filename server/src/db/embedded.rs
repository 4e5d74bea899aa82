//! The private PostgreSQL started when no `DATABASE_URL` is given.
//!
//! Uses the PostgreSQL installed on the machine (`initdb`/`pg_ctl` on `PATH`, else the newest
//! `/usr/lib/postgresql/*/bin`), keeps its data in `<state dir>/postgres`, listens on a free
//! loopback port only (no Unix socket), authenticates with a generated password
//! (`<state dir>/postgres-password`), and runs as the `postgres` user when we are root
//! (PostgreSQL refuses to run as root). It is stopped by [`EmbeddedPostgres::stop`], or on
//! drop if that was skipped.
//!
//! A server already running on the data directory (a `cassadmin serve` that was killed, or
//! one still serving while `cassadmin user ...` runs) is adopted instead of started twice.

use std::fs;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use anyhow::{Context, bail};
use secrecy::{ExposeSecret, SecretString};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::process::Command;

use crate::state_dir::StateDir;

/// The database cassadmin keeps its tables in.
const DATABASE: &str = "cassadmin";
const SUPERUSER: &str = "postgres";
/// The unprivileged account PostgreSQL runs as when we are root.
const RUN_AS: &str = "postgres";

#[derive(Debug, thiserror::Error)]
#[error(
    "no PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or in \
     /usr/lib/postgresql/*/bin: install PostgreSQL (e.g. `apt-get install postgresql`) or set \
     DATABASE_URL to an existing database"
)]
pub struct NotInstalled;

/// A running private PostgreSQL.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    bin_dir: PathBuf,
    data_dir: PathBuf,
    port: u16,
    password: SecretString,
    run_as: Option<&'static str>,
    /// We started it (or adopted it for `serve`): stop it when done.
    owned: bool,
}

/// Whether to take over a server found already running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfRunning {
    /// `serve`: adopt it and stop it at the end (it was left by a killed server).
    Adopt,
    /// Command-line tools: use it and leave it running (a server may be using it).
    Share,
}

impl EmbeddedPostgres {
    /// Starts (initialising on first use) the private PostgreSQL of `state`.
    pub async fn start(state: &StateDir) -> anyhow::Result<Self> {
        Self::start_with(state, IfRunning::Adopt).await
    }

    pub async fn start_with(state: &StateDir, if_running: IfRunning) -> anyhow::Result<Self> {
        let bin_dir = find_binaries().ok_or(NotInstalled)?;
        let run_as = running_as_root()?.then_some(RUN_AS);
        let data_dir = state.path().join("postgres");
        let password = state.secret_string("postgres-password")?;
        let mut pg = Self {
            bin_dir,
            data_dir,
            port: 0,
            password,
            run_as,
            owned: false,
        };

        if !pg.data_dir.join("PG_VERSION").exists() {
            pg.init(state).await?;
        }
        if let Some(port) = pg.running_port().await {
            tracing::info!(port, "using the embedded PostgreSQL already running");
            pg.port = port;
            pg.owned = if_running == IfRunning::Adopt;
        } else {
            pg.launch().await?;
            pg.owned = true;
        }
        pg.ensure_database().await?;
        Ok(pg)
    }

    /// How to connect to cassadmin's database.
    pub fn connect_options(&self) -> PgConnectOptions {
        self.options(DATABASE)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    fn options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .host("127.0.0.1")
            .port(self.port)
            .username(SUPERUSER)
            .password(self.password.expose_secret())
            .database(database)
    }

    async fn init(&self, state: &StateDir) -> anyhow::Result<()> {
        tracing::info!(data_dir = %self.data_dir.display(), "initialising the embedded PostgreSQL");
        fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("cannot create {}", self.data_dir.display()))?;
        // initdb reads the superuser password from a file; it lives only for this call.
        let pwfile = state.path().join("postgres-password.initdb");
        fs::write(&pwfile, format!("{}\n", self.password.expose_secret()))
            .with_context(|| format!("cannot write {}", pwfile.display()))?;
        self.give_to_run_as(&[&self.data_dir, &pwfile]).await?;
        let result = self
            .run(
                "initdb",
                &[
                    "-D".as_ref(),
                    self.data_dir.as_os_str(),
                    "-U".as_ref(),
                    SUPERUSER.as_ref(),
                    "--pwfile".as_ref(),
                    pwfile.as_os_str(),
                    "--auth-host=scram-sha-256".as_ref(),
                    "--auth-local=scram-sha-256".as_ref(),
                    "-E".as_ref(),
                    "UTF8".as_ref(),
                    "--no-locale".as_ref(),
                ],
            )
            .await;
        let _ = fs::remove_file(&pwfile);
        let output = result?;
        if !output.status.success() {
            // Leave no half-initialised directory behind: the next start would skip initdb.
            let _ = fs::remove_dir_all(&self.data_dir);
            bail!(
                "initdb failed: {}{}",
                String::from_utf8_lossy(&output.stderr).trim(),
                self.access_hint()
            );
        }
        Ok(())
    }

    async fn launch(&mut self) -> anyhow::Result<()> {
        let log = self.data_dir.join("server.log");
        let mut last_error = String::new();
        // The port is free when we look and taken when PostgreSQL binds: retry on a race.
        for _ in 0..3 {
            let port = free_port()?;
            let options =
                format!("-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories=''");
            let output = self
                .run(
                    "pg_ctl",
                    &[
                        "-D".as_ref(),
                        self.data_dir.as_os_str(),
                        "-l".as_ref(),
                        log.as_os_str(),
                        "-w".as_ref(),
                        "-t".as_ref(),
                        "60".as_ref(),
                        "-o".as_ref(),
                        options.as_ref(),
                        "start".as_ref(),
                    ],
                )
                .await?;
            if output.status.success() {
                self.port = port;
                tracing::info!(port, data_dir = %self.data_dir.display(), "embedded PostgreSQL started");
                return Ok(());
            }
            last_error = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        }
        bail!(
            "the embedded PostgreSQL did not start ({last_error}); see {}{}",
            log.display(),
            self.access_hint()
        )
    }

    /// The port of a server running on our data directory, if any.
    async fn running_port(&self) -> Option<u16> {
        let status = self
            .run(
                "pg_ctl",
                &["-D".as_ref(), self.data_dir.as_os_str(), "status".as_ref()],
            )
            .await
            .ok()?;
        if !status.status.success() {
            return None;
        }
        // postmaster.pid: pid, data dir, start time, port, ...
        let pid_file = fs::read_to_string(self.data_dir.join("postmaster.pid")).ok()?;
        pid_file.lines().nth(3)?.trim().parse().ok()
    }

    async fn ensure_database(&self) -> anyhow::Result<()> {
        let mut conn = PgConnection::connect_with(&self.options("postgres"))
            .await
            .context("cannot connect to the embedded PostgreSQL")?;
        let exists: bool = sqlx::query_scalar!(
            r#"select exists (select 1 from pg_database where datname = $1) as "e!""#,
            DATABASE
        )
        .fetch_one(&mut conn)
        .await?;
        if !exists {
            sqlx::raw_sql("create database cassadmin")
                .execute(&mut conn)
                .await?;
        }
        conn.close().await?;
        Ok(())
    }

    /// Stops the server if we own it (fast shutdown: sessions are cut, data is safe).
    pub async fn stop(mut self) {
        if self.owned {
            self.owned = false;
            match self.run("pg_ctl", &self.stop_args()).await {
                Ok(out) if out.status.success() => tracing::info!("embedded PostgreSQL stopped"),
                Ok(out) => tracing::warn!(
                    stderr = %String::from_utf8_lossy(&out.stderr).trim(),
                    "pg_ctl stop failed"
                ),
                Err(e) => tracing::warn!(error = ?e, "pg_ctl stop failed"),
            }
        }
    }

    fn stop_args(&self) -> Vec<&std::ffi::OsStr> {
        vec![
            "-D".as_ref(),
            self.data_dir.as_os_str(),
            "-m".as_ref(),
            "fast".as_ref(),
            "-w".as_ref(),
            "stop".as_ref(),
        ]
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin_dir.join(program);
        let mut cmd = match self.run_as {
            Some(user) => {
                let mut cmd = Command::new("runuser");
                cmd.args(["-u", user, "--"]).arg(path);
                cmd
            }
            None => Command::new(path),
        };
        // PostgreSQL's tools must not inherit a client's PG* settings.
        cmd.env_remove("PGDATA")
            .env_remove("PGPORT")
            .env_remove("PGHOST");
        cmd.kill_on_drop(true);
        cmd
    }

    async fn run(&self, program: &str, args: &[&std::ffi::OsStr]) -> anyhow::Result<Output> {
        self.command(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .await
            .with_context(|| format!("cannot run {program}"))
    }

    async fn give_to_run_as(&self, paths: &[&Path]) -> anyhow::Result<()> {
        let Some(user) = self.run_as else {
            return Ok(());
        };
        for path in paths {
            let status = Command::new("chown")
                .arg("-R")
                .arg(format!("{user}:"))
                .arg(path)
                .status()
                .await
                .context("cannot run chown")?;
            if !status.success() {
                bail!("cannot give {} to the `{user}` user", path.display());
            }
        }
        Ok(())
    }

    fn access_hint(&self) -> String {
        match self.run_as {
            Some(user) => format!(
                " (running as root, PostgreSQL runs as `{user}`, which must be able to reach \
                 {}: choose a CASSADMIN_STATE_DIR outside private directories such as /root)",
                self.data_dir.display()
            ),
            None => String::new(),
        }
    }
}

impl Drop for EmbeddedPostgres {
    // Last resort when `stop` was not called (an error during start-up): a blocking stop.
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        let path = self.bin_dir.join("pg_ctl");
        let mut cmd = match self.run_as {
            Some(user) => {
                let mut cmd = std::process::Command::new("runuser");
                cmd.args(["-u", user, "--"]).arg(path);
                cmd
            }
            None => std::process::Command::new(path),
        };
        let _ = cmd
            .args(self.stop_args())
            .stdin(std::process::Stdio::null())
            .output();
    }
}

/// The directory holding `initdb` and `pg_ctl`.
pub fn find_binaries() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(path) = std::env::var_os("PATH")
        && let Some(dir) = std::env::split_paths(&path).find(|d| has_both(d))
    {
        return Some(dir);
    }
    // Debian's layout: /usr/lib/postgresql/<major>/bin, newest first.
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse().ok()?;
            Some((major, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_both(bin))
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.0));
    versions.into_iter().next().map(|(_, bin)| bin)
}

/// Whether this process runs as root (`/proc/self` belongs to our effective user).
fn running_as_root() -> anyhow::Result<bool> {
    let meta = fs::metadata("/proc/self").context("cannot read /proc/self")?;
    Ok(meta.uid() == 0)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("no free loopback port")?;
    Ok(listener.local_addr()?.port())
}
