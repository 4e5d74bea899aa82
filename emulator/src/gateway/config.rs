//! How an emulator is set up: where it listens, which AccessKeys it accepts, its windows,
//! speed, faults and seed.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::num::NonZeroUsize;
use std::str::FromStr;
use std::time::Duration;

use rpc_signature::Secret;
use shared::SecretString;
use time::OffsetDateTime;

use crate::clock::Clock;
use crate::faults::FaultConfig;

/// The AccessKey ID an emulator accepts when none is configured.
pub const DEMO_ACCESS_KEY_ID: &str = "cassadmin-demo";
/// The secret of [`DEMO_ACCESS_KEY_ID`]. Public on purpose: the emulator holds no real data.
pub const DEMO_ACCESS_KEY_SECRET: &str = "cassadmin-demo-secret";

/// One AccessKey the emulator accepts. `Debug` never shows the secret or the token.
#[derive(Clone)]
pub struct AccessKey {
    id: String,
    secret: Secret,
    sts: Option<StsToken>,
    active: bool,
}

/// The SecurityToken an STS key must present, and until when it is valid.
#[derive(Clone)]
pub(crate) struct StsToken {
    pub(crate) token: SecretString,
    pub(crate) expires_at: Option<OffsetDateTime>,
}

impl AccessKey {
    pub fn new(id: impl Into<String>, secret: &str) -> Self {
        Self {
            id: id.into(),
            secret: Secret::new(secret),
            sts: None,
            active: true,
        }
    }

    /// `cassadmin-demo` / `cassadmin-demo-secret`.
    pub fn demo() -> Self {
        Self::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    }

    /// Make this an STS key: every request must carry exactly this `SecurityToken`.
    pub fn with_security_token(mut self, token: impl Into<SecretString>) -> Self {
        self.sts = Some(StsToken {
            token: token.into(),
            expires_at: None,
        });
        self
    }

    /// The STS token stops being accepted at `at` (emulator clock). No effect on other keys.
    pub fn token_expiring_at(mut self, at: OffsetDateTime) -> Self {
        if let Some(sts) = &mut self.sts {
            sts.expires_at = Some(at);
        }
        self
    }

    /// A disabled key: requests get `InvalidAccessKeyId.Inactive`.
    pub fn inactive(mut self) -> Self {
        self.active = false;
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn is_active(&self) -> bool {
        self.active
    }

    pub(crate) fn secret(&self) -> &Secret {
        &self.secret
    }

    pub(crate) fn sts(&self) -> Option<&StsToken> {
        self.sts.as_ref()
    }

    pub(crate) fn set_active(&mut self, active: bool) {
        self.active = active;
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("sts", &self.sts.is_some())
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// `ID:SECRET` that does not split into a non-empty ID and a non-empty secret. It never
/// repeats the input, which holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected an AccessKey as ID:SECRET, with a non-empty ID and secret")]
pub struct InvalidAccessKey;

impl FromStr for AccessKey {
    type Err = InvalidAccessKey;

    /// `ID:SECRET`, split at the first colon (IDs have none; secrets may).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once(':') {
            Some((id, secret)) if !id.is_empty() && !secret.is_empty() => Ok(Self::new(id, secret)),
            _ => Err(InvalidAccessKey),
        }
    }
}

/// Everything [`super::spawn`] needs. `EmulatorConfig::default()` is a ready local emulator:
/// `127.0.0.1`, a free port, the demo key, ±15 min timestamps, 31 min nonce memory, real
/// time, no faults, a random seed, an empty world.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Where to listen; port 0 picks a free port (see `RunningEmulator::addr`).
    pub listen: SocketAddr,
    /// Accepted keys. Empty means the demo key ([`DEMO_ACCESS_KEY_ID`]).
    pub access_keys: Vec<AccessKey>,
    /// Accepted distance between a request's `Timestamp` and the emulator clock, either way.
    pub timestamp_window: Duration,
    /// How long an (AccessKeyId, SignatureNonce) pair is remembered.
    pub nonce_ttl: Duration,
    /// Simulated durations (cluster creation, ...) are divided by this factor; `None` keeps
    /// the clock's own speed (1 for a new clock).
    pub speed: Option<f64>,
    pub faults: FaultConfig,
    /// Seeds the world and the faults; `None` picks one at random (see `RunningEmulator::seed`).
    pub seed: Option<u64>,
    /// The clock to use, e.g. `Clock::frozen_at(..)` in tests; `None` is real time.
    pub clock: Option<Clock>,
    /// HTTP worker threads; `None` is one per physical core.
    pub workers: Option<NonZeroUsize>,
    /// Start with the world's demo clusters (the panel's sandbox) instead of an empty cloud.
    pub demo_data: bool,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            access_keys: Vec::new(),
            timestamp_window: Duration::from_secs(15 * 60),
            nonce_ttl: Duration::from_secs(31 * 60),
            speed: None,
            faults: FaultConfig::default(),
            seed: None,
            clock: None,
            workers: None,
            demo_data: false,
        }
    }
}

impl EmulatorConfig {
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Accept this key (repeatable).
    pub fn access_key(mut self, key: AccessKey) -> Self {
        self.access_keys.push(key);
        self
    }

    pub fn timestamp_window(mut self, window: Duration) -> Self {
        self.timestamp_window = window;
        self
    }

    pub fn nonce_ttl(mut self, ttl: Duration) -> Self {
        self.nonce_ttl = ttl;
        self
    }

    pub fn speed(mut self, factor: f64) -> Self {
        self.speed = Some(factor);
        self
    }

    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    pub fn workers(mut self, workers: NonZeroUsize) -> Self {
        self.workers = Some(workers);
        self
    }

    pub fn demo_data(mut self, demo_data: bool) -> Self {
        self.demo_data = demo_data;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_keys_parse_at_the_first_colon_and_never_show_the_secret() {
        let key: AccessKey = "testid:s3cr3t:with/+=&~colon".parse().unwrap();
        assert_eq!(key.id(), "testid");
        let shown = format!("{key:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        for bad in ["", "testid", "testid:", ":secret"] {
            assert_eq!(
                bad.parse::<AccessKey>().err(),
                Some(InvalidAccessKey),
                "{bad}"
            );
        }
        let err = "only-a-secret-value"
            .parse::<AccessKey>()
            .unwrap_err()
            .to_string();
        assert!(!err.contains("only-a-secret-value"));
    }

    #[test]
    fn sts_keys_hide_their_token() {
        let key = AccessKey::new("sts", "secret").with_security_token("CAIS+token");
        assert!(key.sts().is_some());
        assert!(!format!("{key:?}").contains("CAIS"));
        assert!(
            AccessKey::new("plain", "x")
                .token_expiring_at(OffsetDateTime::UNIX_EPOCH)
                .sts()
                .is_none()
        );
    }
}
