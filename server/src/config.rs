//! Settings: one struct, from an optional JSON config file overlaid by environment variables.
//!
//! | variable | file key | default |
//! | --- | --- | --- |
//! | `CASSADMIN_CONFIG` | (the file's path) | none |
//! | `CASSADMIN_LISTEN` | `listen` | `127.0.0.1:8080` |
//! | `CASSADMIN_STATE_DIR` | `state_dir` | `./.state` |
//! | `DATABASE_URL` | `database_url` | embedded PostgreSQL |
//! | `CASSADMIN_ADMIN_PASSWORD` | `admin_password` | random, printed once |
//! | `CASSADMIN_JWT_SECRET` | `jwt_secret` | generated into the state dir |
//! | `CASSADMIN_ACCESS_TTL_SECS` | `access_ttl_secs` | 900 |
//! | `CASSADMIN_SESSION_TTL_SECS` | `session_ttl_secs` | 43200 |
//! | `CASSADMIN_COOKIE_SECURE` | `cookie_secure` | false |
//! | `CASSADMIN_TRUST_FORWARDED_FOR` | `trust_forwarded_for` | false |
//! | `CASSADMIN_CORS_ORIGINS` | `cors_origins` | none (CORS off) |
//! | `CASSADMIN_LOG_FORMAT` | `log_format` | `pretty` |
//! | `CASSADMIN_DB_MAX_CONNECTIONS` | `db_max_connections` | 10 |
//! | `CASSADMIN_REFRESH_INTERVAL_SECS` | `refresh_interval_secs` | 60 (cluster snapshots) |
//! | `CASSADMIN_REFRESH_CONCURRENCY` | `refresh_concurrency` | 16 cloud requests in flight |
//! | `CASSADMIN_NUDGE_INTERVAL_SECS` | `nudge_interval_secs` | 3 (re-reads after a change) |
//!
//! JSON rather than TOML because serde_json is already a dependency; the file's keys are
//! checked (`deny_unknown_fields`), so a typo fails at start instead of being ignored.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use crate::auth::throttle::ThrottlePolicy;
use crate::backend::{BackendSettings, BackendSettingsError};
use crate::snapshots::RefreshSettings;
use crate::telemetry::LogFormat;

/// Everything the server is configured with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// Holds the embedded database and the generated secrets.
    pub state_dir: PathBuf,
    /// `None`: start the embedded PostgreSQL.
    pub database_url: Option<SecretString>,
    /// The first admin's password; `None`: random, printed once.
    pub admin_password: Option<SecretString>,
    /// `None`: generated once and kept in the state dir.
    pub jwt_secret: Option<SecretString>,
    /// Lifetime of the access JWT cookie.
    pub access_ttl: Duration,
    /// Lifetime of a login (the refresh cookie); absolute, not extended by refreshes.
    pub session_ttl: Duration,
    /// Mark cookies `Secure` (set it when serving over HTTPS).
    pub cookie_secure: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Origins allowed to call the API cross-origin with credentials; empty: CORS off.
    pub cors_origins: Vec<String>,
    pub log_format: LogFormat,
    pub db_max_connections: u32,
    /// Failed-login limits (not read from the environment: tuned in code and by tests).
    pub login_throttle: ThrottlePolicy,
    /// How cluster snapshots are kept fresh (the regions come from the backend's settings).
    pub refresh: RefreshSettings,
    /// The cloud: an AccessKey and endpoint, or the built-in emulator (see [`crate::backend`]).
    pub backend: BackendSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            state_dir: PathBuf::from("./.state"),
            database_url: None,
            admin_password: None,
            jwt_secret: None,
            access_ttl: Duration::from_secs(15 * 60),
            session_ttl: Duration::from_secs(12 * 3600),
            cookie_secure: false,
            trust_forwarded_for: false,
            cors_origins: Vec::new(),
            log_format: LogFormat::Pretty,
            db_max_connections: 10,
            login_throttle: ThrottlePolicy::default(),
            refresh: RefreshSettings::default(),
            backend: BackendSettings::default(),
        }
    }
}

/// A setting that could not be read; names the variable or key, never echoes a secret.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    ParseFile { path: PathBuf, message: String },
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
    #[error(transparent)]
    Backend(#[from] BackendSettingsError),
}

/// The config file: the same settings, all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<String>,
    state_dir: Option<PathBuf>,
    database_url: Option<SecretString>,
    admin_password: Option<SecretString>,
    jwt_secret: Option<SecretString>,
    access_ttl_secs: Option<u64>,
    session_ttl_secs: Option<u64>,
    cookie_secure: Option<bool>,
    trust_forwarded_for: Option<bool>,
    cors_origins: Option<Vec<String>>,
    log_format: Option<String>,
    db_max_connections: Option<u32>,
    refresh_interval_secs: Option<u64>,
    refresh_concurrency: Option<u64>,
    nudge_interval_secs: Option<u64>,
}

impl Settings {
    /// Reads the process environment and the file it names (`CASSADMIN_CONFIG`) or `file`.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| env("CASSADMIN_CONFIG").map(PathBuf::from));
        let file_settings = match &file {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        Self::from_sources(file_settings, env)
    }

    /// Overlays `env` on `file` on the defaults.
    fn from_sources(
        file: FileSettings,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let d = Settings::default();
        // An environment variable wins over the file; both are parsed the same way.
        let text = |name: &'static str, from_file: Option<String>| env(name).or(from_file);
        let number = |name: &'static str, from_file: Option<u64>| -> Result<Option<u64>, _> {
            match env(name) {
                Some(v) => parse(name, &v).map(Some),
                None => Ok(from_file),
            }
        };
        let flag = |name: &'static str, from_file: Option<bool>| -> Result<Option<bool>, _> {
            match env(name) {
                Some(v) => parse_bool(name, &v).map(Some),
                None => Ok(from_file),
            }
        };

        let listen = match text("CASSADMIN_LISTEN", file.listen) {
            Some(v) => parse("CASSADMIN_LISTEN", &v)?,
            None => d.listen,
        };
        let access_ttl = number("CASSADMIN_ACCESS_TTL_SECS", file.access_ttl_secs)?
            .map_or(d.access_ttl, Duration::from_secs);
        let session_ttl = number("CASSADMIN_SESSION_TTL_SECS", file.session_ttl_secs)?
            .map_or(d.session_ttl, Duration::from_secs);
        if access_ttl.is_zero() || session_ttl < access_ttl {
            return Err(ConfigError::Invalid {
                name: "CASSADMIN_SESSION_TTL_SECS",
                message: "lifetimes must be positive and the session at least as long as the \
                          access token"
                    .into(),
            });
        }
        let cors_origins = match env("CASSADMIN_CORS_ORIGINS") {
            Some(v) => v
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(String::from)
                .collect(),
            None => file.cors_origins.unwrap_or_default(),
        };
        let log_format = match text("CASSADMIN_LOG_FORMAT", file.log_format) {
            Some(v) => parse("CASSADMIN_LOG_FORMAT", &v)?,
            None => d.log_format,
        };
        let db_max_connections = match env("CASSADMIN_DB_MAX_CONNECTIONS") {
            Some(v) => parse("CASSADMIN_DB_MAX_CONNECTIONS", &v)?,
            None => file.db_max_connections.unwrap_or(d.db_max_connections),
        };
        if db_max_connections == 0 {
            return Err(ConfigError::Invalid {
                name: "CASSADMIN_DB_MAX_CONNECTIONS",
                message: "must be at least 1".into(),
            });
        }
        let positive = |name: &'static str, from_file: Option<u64>| match number(name, from_file)? {
            Some(0) => Err(ConfigError::Invalid {
                name,
                message: "must be at least 1".into(),
            }),
            other => Ok(other),
        };
        let refresh = RefreshSettings {
            interval: positive(
                "CASSADMIN_REFRESH_INTERVAL_SECS",
                file.refresh_interval_secs,
            )?
            .map_or(d.refresh.interval, Duration::from_secs),
            concurrency: positive("CASSADMIN_REFRESH_CONCURRENCY", file.refresh_concurrency)?
                .map_or(d.refresh.concurrency, |n| {
                    usize::try_from(n).unwrap_or(usize::MAX)
                }),
            nudge_interval: positive("CASSADMIN_NUDGE_INTERVAL_SECS", file.nudge_interval_secs)?
                .map_or(d.refresh.nudge_interval, Duration::from_secs),
            ..d.refresh.clone()
        };
        let secret = |name: &str, from_file: Option<SecretString>| {
            env(name).map(SecretString::from).or(from_file)
        };

        Ok(Settings {
            listen,
            state_dir: env("CASSADMIN_STATE_DIR")
                .map(PathBuf::from)
                .or(file.state_dir)
                .unwrap_or(d.state_dir),
            database_url: secret("DATABASE_URL", file.database_url),
            admin_password: secret("CASSADMIN_ADMIN_PASSWORD", file.admin_password),
            jwt_secret: secret("CASSADMIN_JWT_SECRET", file.jwt_secret),
            access_ttl,
            session_ttl,
            cookie_secure: flag("CASSADMIN_COOKIE_SECURE", file.cookie_secure)?
                .unwrap_or(d.cookie_secure),
            trust_forwarded_for: flag("CASSADMIN_TRUST_FORWARDED_FOR", file.trust_forwarded_for)?
                .unwrap_or(d.trust_forwarded_for),
            cors_origins,
            log_format,
            db_max_connections,
            login_throttle: d.login_throttle,
            refresh,
            backend: BackendSettings::from_lookup(&env)?,
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
        path: path.to_owned(),
        source,
    })?;
    // serde_json's messages name the key and position, not the value, so they are safe
    // to show even for the secret keys.
    serde_json::from_str(&text).map_err(|e| ConfigError::ParseFile {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

fn parse<T: FromStr>(name: &'static str, value: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value.trim().parse().map_err(|e| ConfigError::Invalid {
        name,
        message: format!("`{value}`: {e}"),
    })
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(ConfigError::Invalid {
            name,
            message: format!("`{other}` is not a boolean"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use secrecy::ExposeSecret;

    use super::*;

    fn load(file: &str, env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let file: FileSettings = serde_json::from_str(file).unwrap();
        Settings::from_sources(file, |name| env.get(name).cloned())
    }

    #[test]
    fn defaults_without_file_or_environment() {
        let s = load("{}", &[]).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.state_dir, PathBuf::from("./.state"));
        assert!(s.database_url.is_none());
        assert!(s.cors_origins.is_empty());
        assert_eq!(s.access_ttl, Duration::from_secs(900));
    }

    #[test]
    fn environment_wins_over_file() {
        let s = load(
            r#"{"listen": "0.0.0.0:9000", "access_ttl_secs": 60, "cors_origins": ["https://a"]}"#,
            &[
                ("CASSADMIN_LISTEN", "127.0.0.1:7000"),
                ("DATABASE_URL", "postgres://x"),
            ],
        )
        .unwrap();
        assert_eq!(s.listen.port(), 7000);
        assert_eq!(s.access_ttl, Duration::from_secs(60));
        assert_eq!(s.cors_origins, ["https://a"]);
        assert_eq!(s.database_url.unwrap().expose_secret(), "postgres://x");
    }

    #[test]
    fn refresh_settings_come_from_the_file_or_the_environment() {
        let s = load(
            r#"{"refresh_interval_secs": 30}"#,
            &[("CASSADMIN_REFRESH_CONCURRENCY", "4")],
        )
        .unwrap();
        assert_eq!(
            (s.refresh.interval, s.refresh.concurrency),
            (Duration::from_secs(30), 4)
        );
        assert_eq!(s.refresh.nudge_interval, Duration::from_secs(3));
        let e = load("{}", &[("CASSADMIN_REFRESH_CONCURRENCY", "0")]).unwrap_err();
        assert!(
            e.to_string().starts_with("CASSADMIN_REFRESH_CONCURRENCY:"),
            "{e}"
        );
    }

    #[test]
    fn bad_values_name_the_variable_and_secrets_stay_hidden() {
        let e = load("{}", &[("CASSADMIN_LISTEN", "nowhere")]).unwrap_err();
        assert!(e.to_string().starts_with("CASSADMIN_LISTEN:"), "{e}");
        let e = load("{}", &[("CASSADMIN_COOKIE_SECURE", "maybe")]).unwrap_err();
        assert!(e.to_string().contains("CASSADMIN_COOKIE_SECURE"));
        let s = load("{}", &[("CASSADMIN_ADMIN_PASSWORD", "canary-pw-123")]).unwrap();
        assert!(!format!("{s:?}").contains("canary-pw-123"));
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        assert!(serde_json::from_str::<FileSettings>(r#"{"listne": "x"}"#).is_err());
    }
}
