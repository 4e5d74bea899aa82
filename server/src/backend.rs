//! Which cloud the panel talks to: the built-in emulator (the sandbox) or the real one.
//!
//! | variable | default |
//! | --- | --- |
//! | `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (+ `ALIBABA_CLOUD_SECURITY_TOKEN`) | none: the built-in emulator |
//! | `CASSADMIN_CLOUD_ENDPOINT` | `https://cassandra.aliyuncs.com` |
//! | `CASSADMIN_REGIONS` (comma-separated region ids) | every region DescribeRegions returns |
//! | `CASSADMIN_CLOUD_TIMEOUT_SECS` | 10 (one attempt, connect to last byte) |
//!
//! Without an AccessKey the panel starts an emulator in-process on a free loopback port,
//! seeded with the demo world, with an AccessKey generated at start (so nothing else on the
//! machine can use it), and says so at `GET /api/v1/info` (`"sandbox": true`).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::Serialize;
use shared::actions::regions::DescribeRegionsRequest;
use tokio::sync::OnceCell;

use crate::cloud::{
    ClientOptions, CloudClient, CloudError, Credentials, CredentialsError, Endpoint, EndpointError,
};

/// Comma-separated region ids to watch; unset: all regions of DescribeRegions.
pub const REGIONS_ENV: &str = "CASSADMIN_REGIONS";
/// Seconds one cloud attempt may take.
pub const TIMEOUT_ENV: &str = "CASSADMIN_CLOUD_TIMEOUT_SECS";

/// Where the panel's cloud is, from the environment.
#[derive(Debug, Clone, Default)]
pub struct BackendSettings {
    /// `None`: the built-in emulator.
    pub credentials: Option<Credentials>,
    /// The real cloud's endpoint (ignored for the built-in emulator).
    pub endpoint: Endpoint,
    /// Regions to watch; `None`: every region the cloud lists.
    pub regions: Option<Vec<String>>,
    /// Timeout and retries of cloud calls.
    pub client: ClientOptions,
}

/// A backend setting that does not parse. Never echoes a secret.
#[derive(Debug, thiserror::Error)]
pub enum BackendSettingsError {
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
}

impl BackendSettings {
    pub fn from_env() -> Result<Self, BackendSettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup` (tests pass a map).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, BackendSettingsError> {
        let credentials = Credentials::from_lookup(&lookup)?;
        let endpoint = match lookup(crate::cloud::ENDPOINT_ENV) {
            Some(value) if !value.trim().is_empty() => Endpoint::parse(&value)?,
            _ => Endpoint::default(),
        };
        let regions = lookup(REGIONS_ENV).map(|v| parse_regions(&v)).transpose()?;
        let mut client = ClientOptions::default();
        if let Some(value) = lookup(TIMEOUT_ENV).filter(|v| !v.trim().is_empty()) {
            let secs: u64 = value
                .trim()
                .parse()
                .ok()
                .filter(|s| *s > 0)
                .ok_or_else(|| BackendSettingsError::Invalid {
                    name: TIMEOUT_ENV,
                    message: format!("`{value}` is not a positive number of seconds"),
                })?;
            client.timeout = Duration::from_secs(secs);
        }
        Ok(Self {
            credentials,
            endpoint,
            regions,
            client,
        })
    }

    /// The real cloud (or any endpoint speaking its protocol, such as an emulator under test).
    pub fn cloud(endpoint: Endpoint, credentials: Credentials) -> Self {
        Self {
            credentials: Some(credentials),
            endpoint,
            ..Self::default()
        }
    }
}

/// `cn-hangzhou, cn-shanghai` -> two ids; empty entries are refused rather than ignored.
fn parse_regions(value: &str) -> Result<Vec<String>, BackendSettingsError> {
    let regions: Vec<String> = value.split(',').map(|r| r.trim().to_owned()).collect();
    let valid = |r: &String| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if regions.iter().all(valid) {
        Ok(regions)
    } else {
        Err(BackendSettingsError::Invalid {
            name: REGIONS_ENV,
            message: "expected region ids separated by commas, e.g. cn-hangzhou,cn-shanghai".into(),
        })
    }
}

/// Which kind of cloud answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackendKind {
    /// The emulator started in-process, seeded with demo data: nothing is real.
    Emulator,
    /// The endpoint configured with an AccessKey.
    Cloud,
}

/// The panel's cloud: a signed client and, in sandbox mode, the emulator behind it.
///
/// Cheap to share (`Arc`); dropping the last reference stops a built-in emulator.
#[derive(Debug)]
pub struct Backend {
    kind: BackendKind,
    client: CloudClient,
    regions: Option<Vec<String>>,
    /// DescribeRegions' answer, once known (regions hardly ever change while we run).
    listed_regions: OnceCell<Vec<String>>,
    emulator: Option<emulator::RunningEmulator>,
}

impl Backend {
    /// The configured cloud, or a fresh sandbox emulator when no AccessKey is set.
    pub async fn start(settings: &BackendSettings) -> anyhow::Result<Self> {
        match &settings.credentials {
            Some(credentials) => Ok(Self {
                kind: BackendKind::Cloud,
                client: CloudClient::new(
                    settings.endpoint.clone(),
                    credentials.clone(),
                    settings.client.clone(),
                )?,
                regions: settings.regions.clone(),
                listed_regions: OnceCell::new(),
                emulator: None,
            }),
            None => Self::sandbox(settings).await,
        }
    }

    async fn sandbox(settings: &BackendSettings) -> anyhow::Result<Self> {
        let id = format!("sandbox-{}", random_text(9));
        let secret = random_text(30);
        let config = emulator::EmulatorConfig::default()
            .access_key(emulator::AccessKey::new(id.clone(), &secret))
            .workers(std::num::NonZeroUsize::MIN)
            .demo_data(true);
        let running = emulator::spawn(config)
            .await
            .context("cannot start the built-in emulator")?;
        let endpoint = Endpoint::http(running.addr());
        tracing::info!(%endpoint, "no AccessKey configured: using the built-in emulator (sandbox)");
        let client = CloudClient::new(
            endpoint,
            Credentials::new(id, &secret),
            settings.client.clone(),
        )?;
        Ok(Self {
            kind: BackendKind::Emulator,
            client,
            regions: settings.regions.clone(),
            listed_regions: OnceCell::new(),
            emulator: Some(running),
        })
    }

    pub fn kind(&self) -> BackendKind {
        self.kind
    }

    /// True when nothing the panel does touches a real cloud.
    pub fn is_sandbox(&self) -> bool {
        self.kind == BackendKind::Emulator
    }

    pub fn client(&self) -> &CloudClient {
        &self.client
    }

    /// The built-in emulator, in sandbox mode.
    pub fn emulator(&self) -> Option<&emulator::RunningEmulator> {
        self.emulator.as_ref()
    }

    /// The configured regions, if the operator named some.
    pub fn configured_regions(&self) -> Option<&[String]> {
        self.regions.as_deref()
    }

    /// The regions to watch: the configured ones, or every region the cloud lists (asked
    /// once; a failure is not cached, so the next call asks again).
    pub async fn regions(&self) -> Result<Vec<String>, CloudError> {
        if let Some(configured) = &self.regions {
            return Ok(configured.clone());
        }
        let listed = self
            .listed_regions
            .get_or_try_init(|| async {
                let answer = self.client.call(&DescribeRegionsRequest::default()).await?;
                Ok::<_, CloudError>(
                    answer
                        .regions
                        .iter()
                        .filter_map(|r| r.region_id.clone())
                        .collect(),
                )
            })
            .await?;
        Ok(listed.clone())
    }

    /// The regions to watch if already known, without asking the cloud.
    pub fn known_regions(&self) -> Option<Vec<String>> {
        self.regions
            .clone()
            .or_else(|| self.listed_regions.get().cloned())
    }

    /// Stops a built-in emulator (finishing the calls in flight).
    pub async fn stop(self) {
        if let Some(running) = self.emulator {
            running.stop().await;
        }
    }
}

/// Shared handle, as the application state holds it.
pub type SharedBackend = Arc<Backend>;

fn random_text(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<BackendSettings, BackendSettingsError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        BackendSettings::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn no_access_key_means_the_sandbox() {
        let settings = from(&[]).unwrap();
        assert!(settings.credentials.is_none());
        assert!(settings.regions.is_none());
        assert_eq!(settings.endpoint, Endpoint::default());
    }

    #[test]
    fn reads_the_access_key_endpoint_regions_and_timeout() {
        let settings = from(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tKey"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "canary-secret-value"),
            ("CASSADMIN_CLOUD_ENDPOINT", "http://127.0.0.1:9000"),
            ("CASSADMIN_REGIONS", " cn-hangzhou, cn-shanghai "),
            ("CASSADMIN_CLOUD_TIMEOUT_SECS", "3"),
        ])
        .unwrap();
        assert_eq!(
            settings.credentials.as_ref().unwrap().access_key_id(),
            "LTAI5tKey"
        );
        assert_eq!(settings.endpoint.to_string(), "http://127.0.0.1:9000/");
        assert_eq!(
            settings.regions.as_deref().unwrap(),
            ["cn-hangzhou", "cn-shanghai"]
        );
        assert_eq!(settings.client.timeout, Duration::from_secs(3));
        assert!(!format!("{settings:?}").contains("canary-secret-value"));
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = from(&[("CASSADMIN_REGIONS", "cn-hangzhou,,x")]).unwrap_err();
        assert!(err.to_string().starts_with(REGIONS_ENV), "{err}");
        let err = from(&[("CASSADMIN_CLOUD_TIMEOUT_SECS", "0")]).unwrap_err();
        assert!(err.to_string().starts_with(TIMEOUT_ENV), "{err}");
        assert!(from(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "only-the-id")]).is_err());
    }

    #[actix_web::test]
    async fn the_sandbox_answers_with_its_demo_world() {
        let backend = Backend::start(&BackendSettings::default()).await.unwrap();
        assert!(backend.is_sandbox());
        let regions = backend.regions().await.unwrap();
        assert!(regions.iter().any(|r| r == "cn-hangzhou"), "{regions:?}");
        assert_eq!(backend.known_regions(), Some(regions));
        let clusters = backend
            .client()
            .call(&shared::actions::instances::DescribeClustersRequest::default())
            .await
            .unwrap();
        assert!(!clusters.clusters.is_empty());
        backend.stop().await;
    }
}
