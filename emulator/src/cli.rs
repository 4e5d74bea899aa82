//! `cassadmin emulator`: the emulator as a command (internal tools rely on these flags; keep
//! them stable).
//!
//! ```text
//! cassadmin emulator --listen 127.0.0.1:PORT --access-key ID:SECRET [--access-key ...]
//!     [--speed FACTOR] [--latency-ms N] [--throttle-rate P] [--error-rate P]
//!     [--rate-limit N] [--api-rate-limit N] [--seed N] [--timestamp-window-secs N]
//!     [--nonce-ttl-secs N] [--demo-data]
//! ```
//!
//! Without `--access-key` it accepts the demo key `cassadmin-demo` / `cassadmin-demo-secret`
//! ([`crate::DEMO_ACCESS_KEY_ID`], [`crate::DEMO_ACCESS_KEY_SECRET`]).

use std::ffi::OsStr;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;

use crate::error::EmulatorError;
use crate::faults::{FaultConfig, Probability, RateLimit};
use crate::gateway::{self, AccessKey, DEMO_ACCESS_KEY_ID, EmulatorConfig, RunningEmulator};

/// Run an emulator of the ApsaraDB for Cassandra OpenAPI until Ctrl-C.
#[derive(Debug, Clone, clap::Args)]
pub struct EmulatorArgs {
    /// Address to listen on (port 0 picks a free one; the endpoint is printed).
    #[arg(long, value_name = "ADDR", default_value_t = SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))]
    pub listen: SocketAddr,

    /// An AccessKey to accept, as ID:SECRET (repeatable). Default: the demo key
    /// cassadmin-demo:cassadmin-demo-secret.
    #[arg(long = "access-key", value_name = "ID:SECRET", value_parser = AccessKeyParser)]
    pub access_keys: Vec<AccessKey>,

    /// Divide simulated durations (cluster creation, resizes, ...) by this factor.
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0, value_parser = positive_factor)]
    pub speed: f64,

    /// Add this delay to every verified request.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,

    /// Share of verified requests refused with Throttling.User (0.0 to 1.0).
    #[arg(long, value_name = "P", default_value_t = Probability::NEVER)]
    pub throttle_rate: Probability,

    /// Share of verified requests failed with ServiceUnavailable / InternalError (0.0 to 1.0).
    #[arg(long, value_name = "P", default_value_t = Probability::NEVER)]
    pub error_rate: Probability,

    /// Requests per second per AccessKey; beyond it, Throttling.User.
    #[arg(long, value_name = "N")]
    pub rate_limit: Option<RateLimit>,

    /// Requests per second per AccessKey and action; beyond it, Throttling.Api.
    #[arg(long, value_name = "N")]
    pub api_rate_limit: Option<RateLimit>,

    /// Seed for generated ids and random faults (default: random, printed).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Accepted distance between a request's Timestamp and the emulator's clock.
    #[arg(long, value_name = "N", default_value_t = 15 * 60)]
    pub timestamp_window_secs: u64,

    /// How long a SignatureNonce is remembered per AccessKey.
    #[arg(long, value_name = "N", default_value_t = 31 * 60)]
    pub nonce_ttl_secs: u64,

    /// Start with demo clusters instead of an empty cloud.
    #[arg(long)]
    pub demo_data: bool,
}

impl EmulatorArgs {
    /// The emulator these flags describe.
    pub fn into_config(self) -> EmulatorConfig {
        EmulatorConfig {
            listen: self.listen,
            access_keys: self.access_keys,
            timestamp_window: Duration::from_secs(self.timestamp_window_secs),
            nonce_ttl: Duration::from_secs(self.nonce_ttl_secs),
            speed: Some(self.speed),
            faults: FaultConfig {
                latency: Duration::from_millis(self.latency_ms),
                throttle_rate: self.throttle_rate,
                error_rate: self.error_rate,
                rate_limit: self.rate_limit,
                api_rate_limit: self.api_rate_limit,
                ..FaultConfig::default()
            },
            seed: self.seed,
            demo_data: self.demo_data,
            ..EmulatorConfig::default()
        }
    }
}

/// Start the emulator, print one line with its endpoint (never a secret), and serve until
/// Ctrl-C.
pub async fn run(args: EmulatorArgs) -> Result<(), EmulatorError> {
    let running = start(args).await?;
    tokio::signal::ctrl_c()
        .await
        .map_err(EmulatorError::Server)?;
    running.stop().await;
    Ok(())
}

async fn start(args: EmulatorArgs) -> Result<RunningEmulator, EmulatorError> {
    let running = gateway::spawn(args.into_config()).await?;
    println!("{}", banner(&running));
    Ok(running)
}

fn banner(running: &RunningEmulator) -> String {
    let ids = running.keys().ids();
    let keys = if ids == [DEMO_ACCESS_KEY_ID] {
        format!("demo AccessKey {DEMO_ACCESS_KEY_ID} (secret: see the emulator's documentation)")
    } else {
        format!("AccessKey {}", ids.join(", "))
    };
    format!(
        "cassadmin emulator listening on {} ({keys}; seed {})",
        running.endpoint(),
        running.seed()
    )
}

fn positive_factor(value: &str) -> Result<f64, String> {
    value
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && *f > 0.0)
        .ok_or_else(|| "expected a positive number".to_owned())
}

/// Parses `ID:SECRET` without ever echoing the value: clap's usual error repeats it, and it
/// holds a secret.
#[derive(Debug, Clone, Copy)]
struct AccessKeyParser;

impl TypedValueParser for AccessKeyParser {
    type Value = AccessKey;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<AccessKey, clap::Error> {
        value
            .to_str()
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| {
                let flag = arg.map_or_else(|| "--access-key".to_owned(), ToString::to_string);
                clap::Error::raw(
                    ErrorKind::ValueValidation,
                    format!(
                        "invalid value for {flag}: {} (the value is not shown: it holds a \
                         secret)\n",
                        gateway::InvalidAccessKey
                    ),
                )
                .with_cmd(cmd)
            })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        emulator: EmulatorArgs,
    }

    fn parse(args: &[&str]) -> Result<EmulatorArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("emulator").chain(args.iter().copied()))
            .map(|cli| cli.emulator)
    }

    #[test]
    fn every_flag_reaches_the_config() {
        let args = parse(&[
            "--listen",
            "127.0.0.1:18080",
            "--access-key",
            "a:secret-a",
            "--access-key",
            "b:secret:b",
            "--speed",
            "60",
            "--latency-ms",
            "25",
            "--throttle-rate",
            "0.5",
            "--error-rate",
            "0.1",
            "--rate-limit",
            "10",
            "--api-rate-limit",
            "2",
            "--seed",
            "42",
            "--timestamp-window-secs",
            "60",
            "--nonce-ttl-secs",
            "120",
            "--demo-data",
        ])
        .unwrap();
        let config = args.into_config();
        assert_eq!(config.listen, "127.0.0.1:18080".parse().unwrap());
        let ids: Vec<_> = config.access_keys.iter().map(AccessKey::id).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(config.speed, Some(60.0));
        assert_eq!(config.faults.latency, Duration::from_millis(25));
        assert_eq!(config.faults.throttle_rate.get(), 0.5);
        assert_eq!(config.faults.error_rate.get(), 0.1);
        assert_eq!(
            config.faults.rate_limit.map(RateLimit::requests_per_second),
            Some(10)
        );
        assert_eq!(
            config
                .faults
                .api_rate_limit
                .map(RateLimit::requests_per_second),
            Some(2)
        );
        assert_eq!(config.seed, Some(42));
        assert_eq!(config.timestamp_window, Duration::from_secs(60));
        assert_eq!(config.nonce_ttl, Duration::from_secs(120));
        assert!(config.demo_data);
    }

    #[test]
    fn defaults_are_local_quiet_and_use_the_demo_key() {
        let config = parse(&[]).unwrap().into_config();
        assert_eq!(config.listen, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
        assert!(
            config.access_keys.is_empty(),
            "spawn falls back to the demo key"
        );
        assert_eq!(config.faults, FaultConfig::default());
        assert_eq!(config.timestamp_window, Duration::from_secs(900));
        assert_eq!(config.nonce_ttl, Duration::from_secs(1860));
        assert_eq!(config.seed, None);
    }

    #[test]
    fn a_malformed_key_is_refused_without_echoing_it() {
        let err = parse(&["--access-key", "no-colon-secret-value"]).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("ID:SECRET"), "{shown}");
        assert!(!shown.contains("no-colon-secret-value"), "{shown}");
        let debug = format!("{:?}", parse(&["--access-key", "id:hunter2"]).unwrap());
        assert!(!debug.contains("hunter2"), "{debug}");
    }

    #[test]
    fn out_of_range_values_are_refused() {
        for args in [
            &["--throttle-rate", "1.5"][..],
            &["--error-rate", "-0.1"],
            &["--rate-limit", "0"],
            &["--listen", "localhost"],
            &["--speed", "0"],
            &["--speed", "-2"],
            &["--speed", "inf"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }

    #[tokio::test]
    async fn the_banner_names_the_endpoint_and_key_ids_but_no_secret() {
        let args = parse(&["--access-key", "bannerid:bannersecret", "--seed", "9"]).unwrap();
        let running = start(args).await.unwrap();
        let line = banner(&running);
        assert!(line.contains(&running.endpoint()), "{line}");
        assert!(
            line.contains("bannerid") && line.contains("seed 9"),
            "{line}"
        );
        assert!(!line.contains("bannersecret"), "{line}");
        running.stop().await;

        let demo = start(parse(&[]).unwrap()).await.unwrap();
        let line = banner(&demo);
        assert!(line.contains("cassadmin-demo"), "{line}");
        assert!(!line.contains(crate::DEMO_ACCESS_KEY_SECRET), "{line}");
        demo.stop().await;
    }
}
