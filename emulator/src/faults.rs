//! Fault injection: added latency, random throttling and server errors, and token-bucket rate
//! limits per AccessKey (`Throttling.User`) and per (AccessKey, Action) (`Throttling.Api`).
//!
//! The gateway asks [`Faults`] for a verdict only after a request's signature, nonce, version and
//! action were accepted, and before the world sees it: a refused request never changes state.
//! Random faults come from one seeded [`StdRng`], so a seed replays the same sequence of
//! outcomes for the same sequence of requests. Every verdict draws exactly two numbers (one for
//! throttling, one for errors) whatever is switched on, so turning one fault on or off does not
//! shift the other's sequence.

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::error::ApiError;

/// A probability in `0.0..=1.0`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Probability(f64);

impl Probability {
    pub const NEVER: Self = Self(0.0);
    pub const ALWAYS: Self = Self(1.0);

    pub fn new(p: f64) -> Result<Self, InvalidProbability> {
        if (0.0..=1.0).contains(&p) {
            Ok(Self(p))
        } else {
            Err(InvalidProbability)
        }
    }

    pub fn get(self) -> f64 {
        self.0
    }

    /// Whether a uniform draw in `[0, 1)` falls under this probability (1.0 always does).
    fn admits(self, draw: f64) -> bool {
        draw < self.0
    }
}

impl fmt::Display for Probability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A probability outside `0.0..=1.0` (or not a number).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a probability between 0.0 and 1.0")]
pub struct InvalidProbability;

impl FromStr for Probability {
    type Err = InvalidProbability;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse::<f64>()
            .map_err(|_| InvalidProbability)
            .and_then(Self::new)
    }
}

/// A rate limit: this many requests per second, with a burst of one second's worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit(NonZeroU32);

impl RateLimit {
    pub fn per_second(requests: NonZeroU32) -> Self {
        Self(requests)
    }

    pub fn requests_per_second(self) -> u32 {
        self.0.get()
    }
}

/// A rate limit that is not a positive whole number of requests per second.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a positive whole number of requests per second")]
pub struct InvalidRateLimit;

impl FromStr for RateLimit {
    type Err = InvalidRateLimit;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse::<NonZeroU32>()
            .map(Self)
            .map_err(|_| InvalidRateLimit)
    }
}

/// Which faults to inject. The default injects none.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Added to every request that passes verification, refused or not.
    pub latency: Duration,
    /// Share of requests refused with `Throttling.User` (400).
    pub throttle_rate: Probability,
    /// Share of requests failed with a server error, alternately `ServiceUnavailable` (503) and
    /// `InternalError` (500).
    pub error_rate: Probability,
    /// Token bucket per AccessKey; refusals are `Throttling.User`.
    pub rate_limit: Option<RateLimit>,
    /// Token bucket per (AccessKey, Action); refusals are `Throttling.Api`.
    pub api_rate_limit: Option<RateLimit>,
    /// The `x-acs-retry-after` of a random throttling refusal. Rate-limit refusals carry the
    /// time until the bucket holds a token again.
    pub throttle_retry_after: Duration,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            throttle_rate: Probability::NEVER,
            error_rate: Probability::NEVER,
            rate_limit: None,
            api_rate_limit: None,
            throttle_retry_after: Duration::from_secs(1),
        }
    }
}

/// An injected refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// `Throttling.User` (400) with `x-acs-retry-after`.
    UserThrottled { retry_after: Duration },
    /// `Throttling.Api` (400) with `x-acs-retry-after`.
    ApiThrottled { retry_after: Duration },
    /// `ServiceUnavailable` (503).
    ServiceUnavailable,
    /// `InternalError` (500).
    InternalError,
}

impl Fault {
    pub(crate) fn to_api_error(self) -> ApiError {
        match self {
            Fault::UserThrottled { .. } => ApiError::throttling_user(),
            Fault::ApiThrottled { .. } => ApiError::throttling_api(),
            Fault::ServiceUnavailable => ApiError::service_unavailable(),
            Fault::InternalError => ApiError::internal_error(),
        }
    }

    /// What to send as `x-acs-retry-after`, for throttling refusals.
    pub(crate) fn retry_after(self) -> Option<Duration> {
        match self {
            Fault::UserThrottled { retry_after } | Fault::ApiThrottled { retry_after } => {
                Some(retry_after)
            }
            Fault::ServiceUnavailable | Fault::InternalError => None,
        }
    }
}

/// What happens to one verified request: wait `delay`, then refuse with `fault` or go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) delay: Duration,
    pub(crate) fault: Option<Fault>,
}

/// The fault settings of a running emulator, switchable at run time.
pub struct Faults {
    state: Mutex<State>,
}

struct State {
    config: FaultConfig,
    rng: StdRng,
    /// The next random server error is a 503 (then a 500, and so on).
    next_error_unavailable: bool,
    user_buckets: HashMap<String, TokenBucket>,
    api_buckets: HashMap<String, HashMap<&'static str, TokenBucket>>,
}

impl Faults {
    pub fn new(config: FaultConfig, seed: u64) -> Self {
        Self {
            state: Mutex::new(State {
                config,
                rng: StdRng::seed_from_u64(seed),
                next_error_unavailable: true,
                user_buckets: HashMap::new(),
                api_buckets: HashMap::new(),
            }),
        }
    }

    /// The current settings.
    pub fn config(&self) -> FaultConfig {
        self.state().config.clone()
    }

    /// Replace the settings. Buckets start full again when their limit changes.
    pub fn set(&self, config: FaultConfig) {
        let mut state = self.state();
        if state.config.rate_limit != config.rate_limit {
            state.user_buckets.clear();
        }
        if state.config.api_rate_limit != config.api_rate_limit {
            state.api_buckets.clear();
        }
        state.config = config;
    }

    /// Change some settings: `faults.update(|f| f.throttle_rate = Probability::ALWAYS)`.
    pub fn update(&self, change: impl FnOnce(&mut FaultConfig)) {
        let mut config = self.config();
        change(&mut config);
        self.set(config);
    }

    /// Switch every fault off.
    pub fn clear(&self) {
        self.set(FaultConfig::default());
    }

    /// Restart the random sequence from `seed` (and the 503/500 alternation from 503).
    pub fn reseed(&self, seed: u64) {
        let mut state = self.state();
        state.rng = StdRng::seed_from_u64(seed);
        state.next_error_unavailable = true;
    }

    /// The verdict for a verified request by `access_key_id` for `action`, now.
    pub(crate) fn decide(&self, access_key_id: &str, action: &'static str) -> Verdict {
        self.decide_at(access_key_id, action, Instant::now())
    }

    fn decide_at(&self, access_key_id: &str, action: &'static str, now: Instant) -> Verdict {
        let mut guard = self.state();
        let state = &mut *guard;
        let throttle_draw: f64 = state.rng.random();
        let error_draw: f64 = state.rng.random();
        let fault = match state.limit(access_key_id, action, now) {
            Some(fault) => Some(fault),
            None if state.config.throttle_rate.admits(throttle_draw) => {
                Some(Fault::UserThrottled {
                    retry_after: state.config.throttle_retry_after,
                })
            }
            None if state.config.error_rate.admits(error_draw) => Some(state.next_server_error()),
            None => None,
        };
        Verdict {
            delay: state.config.latency,
            fault,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every update leaves the state consistent, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Faults")
            .field("config", &self.state().config)
            .finish_non_exhaustive()
    }
}

impl State {
    /// Random server errors alternate: 503, 500, 503, ...
    fn next_server_error(&mut self) -> Fault {
        let unavailable = self.next_error_unavailable;
        self.next_error_unavailable = !unavailable;
        if unavailable {
            Fault::ServiceUnavailable
        } else {
            Fault::InternalError
        }
    }

    /// The rate-limit refusal, if any. A token is taken only when both buckets have one, so a
    /// refused request costs nothing.
    fn limit(&mut self, access_key_id: &str, action: &'static str, now: Instant) -> Option<Fault> {
        let user = self.config.rate_limit.map(|limit| {
            let bucket = self
                .user_buckets
                .entry(access_key_id.to_owned())
                .or_insert_with(|| TokenBucket::full(limit, now));
            bucket.refill(now);
            bucket
        });
        if let Some(bucket) = &user
            && let Some(retry_after) = bucket.wait()
        {
            return Some(Fault::UserThrottled { retry_after });
        }
        let api = self.config.api_rate_limit.map(|limit| {
            let bucket = self
                .api_buckets
                .entry(access_key_id.to_owned())
                .or_default()
                .entry(action)
                .or_insert_with(|| TokenBucket::full(limit, now));
            bucket.refill(now);
            bucket
        });
        if let Some(bucket) = &api
            && let Some(retry_after) = bucket.wait()
        {
            return Some(Fault::ApiThrottled { retry_after });
        }
        user.into_iter().chain(api).for_each(TokenBucket::take);
        None
    }
}

/// A token bucket holding at most one second's worth of requests, refilled continuously.
#[derive(Debug, Clone)]
struct TokenBucket {
    per_second: f64,
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    fn full(limit: RateLimit, now: Instant) -> Self {
        let per_second = f64::from(limit.requests_per_second());
        Self {
            per_second,
            tokens: per_second,
            updated: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.per_second);
        self.updated = self.updated.max(now);
    }

    /// `None` when a token is available; otherwise how long until one is (at least 1 ms).
    fn wait(&self) -> Option<Duration> {
        (self.tokens < 1.0).then(|| {
            let seconds = (1.0 - self.tokens) / self.per_second;
            Duration::from_secs_f64(seconds).max(Duration::from_millis(1))
        })
    }

    fn take(&mut self) {
        self.tokens -= 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(n: u32) -> Option<RateLimit> {
        NonZeroU32::new(n).map(RateLimit::per_second)
    }

    #[test]
    fn probabilities_and_limits_parse_strictly() {
        assert_eq!("0.25".parse(), Ok(Probability(0.25)));
        assert_eq!("1".parse(), Ok(Probability::ALWAYS));
        for bad in ["-0.1", "1.01", "NaN", "inf", "", "half"] {
            assert_eq!(bad.parse::<Probability>(), Err(InvalidProbability), "{bad}");
        }
        assert_eq!(
            "5".parse::<RateLimit>().map(RateLimit::requests_per_second),
            Ok(5)
        );
        for bad in ["0", "-1", "1.5", ""] {
            assert_eq!(bad.parse::<RateLimit>(), Err(InvalidRateLimit), "{bad}");
        }
    }

    #[test]
    fn no_faults_by_default() {
        let faults = Faults::new(FaultConfig::default(), 7);
        for _ in 0..1000 {
            let verdict = faults.decide("key", "DescribeClusters");
            assert_eq!(
                verdict,
                Verdict {
                    delay: Duration::ZERO,
                    fault: None
                }
            );
        }
    }

    #[test]
    fn the_user_bucket_refuses_the_request_after_the_burst_and_refills_with_time() {
        let faults = Faults::new(
            FaultConfig {
                rate_limit: limit(3),
                ..FaultConfig::default()
            },
            1,
        );
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(faults.decide_at("a", "DescribeClusters", t0).fault, None);
        }
        let refused = faults.decide_at("a", "DescribeClusters", t0).fault;
        let Some(Fault::UserThrottled { retry_after }) = refused else {
            panic!("expected Throttling.User, got {refused:?}");
        };
        assert!(
            retry_after > Duration::from_millis(300) && retry_after <= Duration::from_millis(334)
        );
        assert_eq!(
            faults.decide_at("b", "DescribeClusters", t0).fault,
            None,
            "per key"
        );
        let later = t0 + Duration::from_millis(334);
        assert_eq!(faults.decide_at("a", "DescribeClusters", later).fault, None);
        assert!(
            faults
                .decide_at("a", "DescribeClusters", later)
                .fault
                .is_some()
        );
    }

    #[test]
    fn the_api_bucket_is_per_key_and_action_and_a_refusal_takes_no_user_token() {
        let faults = Faults::new(
            FaultConfig {
                rate_limit: limit(3),
                api_rate_limit: limit(1),
                ..FaultConfig::default()
            },
            1,
        );
        let t0 = Instant::now();
        assert_eq!(faults.decide_at("a", "DescribeClusters", t0).fault, None);
        assert!(matches!(
            faults.decide_at("a", "DescribeClusters", t0).fault,
            Some(Fault::ApiThrottled { .. })
        ));
        // The refused call above took no user token: two more actions still fit in the burst.
        assert_eq!(faults.decide_at("a", "DescribeRegions", t0).fault, None);
        assert_eq!(faults.decide_at("a", "CreateCluster", t0).fault, None);
        assert!(matches!(
            faults.decide_at("a", "DeleteCluster", t0).fault,
            Some(Fault::UserThrottled { .. })
        ));
    }

    #[test]
    fn server_errors_alternate_and_the_sequence_depends_only_on_the_seed() {
        let always = FaultConfig {
            error_rate: Probability::ALWAYS,
            ..FaultConfig::default()
        };
        let faults = Faults::new(always, 3);
        let kinds: Vec<_> = (0..4).map(|_| faults.decide("a", "X").fault).collect();
        assert_eq!(
            kinds,
            [
                Some(Fault::ServiceUnavailable),
                Some(Fault::InternalError),
                Some(Fault::ServiceUnavailable),
                Some(Fault::InternalError)
            ]
        );

        let half = FaultConfig {
            throttle_rate: Probability(0.5),
            error_rate: Probability(0.3),
            ..FaultConfig::default()
        };
        let run = |seed| {
            let faults = Faults::new(half.clone(), seed);
            (0..200)
                .map(|_| faults.decide("a", "X").fault)
                .collect::<Vec<_>>()
        };
        let first = run(42);
        assert_eq!(first, run(42));
        assert_ne!(first, run(43));
        assert!(first.contains(&None) && first.iter().any(Option::is_some));
    }

    #[test]
    fn changing_the_limit_refills_the_buckets_and_clear_switches_everything_off() {
        let faults = Faults::new(
            FaultConfig {
                rate_limit: limit(1),
                ..FaultConfig::default()
            },
            1,
        );
        let t0 = Instant::now();
        assert_eq!(faults.decide_at("a", "X", t0).fault, None);
        assert!(faults.decide_at("a", "X", t0).fault.is_some());
        faults.update(|f| f.rate_limit = limit(2));
        assert_eq!(faults.decide_at("a", "X", t0).fault, None);
        faults.clear();
        assert_eq!(faults.config(), FaultConfig::default());
        assert_eq!(faults.decide_at("a", "X", t0).fault, None);
    }
}
