//! When to try a call again, and how long to wait first.

use std::time::Duration;

use rand::Rng;

use super::error::CloudError;

/// Exponential backoff with full jitter: before attempt `n + 1` wait a random time in
/// `[0, min(cap, base * 2^(n-1))]`, unless the cloud said how long (`x-acs-retry-after`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    pub base: Duration,
    /// The longest wait. A `x-acs-retry-after` longer than this ends the call instead: the
    /// caller is usually a person waiting on the panel.
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base: Duration::from_millis(200),
            cap: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries: one attempt per call.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_attempts: 1,
        base: Duration::ZERO,
        cap: Duration::ZERO,
    };

    /// How long to wait before another attempt after attempt `attempt` (1-based) failed with
    /// `error`, or `None` to give up. `may_repeat` says whether sending the request again is
    /// safe (see `CloudClient::call`).
    pub fn next_delay(
        &self,
        attempt: u32,
        error: &CloudError,
        may_repeat: bool,
        rng: &mut impl Rng,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !may_repeat || !error.is_retryable() {
            return None;
        }
        if let Some(wait) = error.retry_after() {
            return (wait <= self.cap).then_some(wait);
        }
        Some(self.jittered(attempt, rng))
    }

    fn jittered(&self, attempt: u32, rng: &mut impl Rng) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self.base.saturating_mul(1 << exponent).min(self.cap);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rng.random_range(0..=ceiling_ms))
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::cloud::error::ApiError;

    fn throttled(retry_after: Option<Duration>) -> CloudError {
        api_error("Throttling.User", retry_after)
    }

    fn api_error(code: &str, retry_after: Option<Duration>) -> CloudError {
        CloudError::from(ApiError {
            http_status: 400,
            code: code.into(),
            message: String::new(),
            request_id: None,
            recommend: None,
            host_id: None,
            retry_after,
        })
    }

    const POLICY: RetryPolicy = RetryPolicy {
        max_attempts: 6,
        base: Duration::from_millis(100),
        cap: Duration::from_millis(1000),
    };

    #[test]
    fn full_jitter_stays_under_the_doubling_ceiling_and_the_cap() {
        let mut rng = StdRng::seed_from_u64(7);
        let error = throttled(None);
        for (attempt, ceiling_ms) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000)] {
            let delays: Vec<u64> = (0..500)
                .map(|_| {
                    POLICY
                        .next_delay(attempt, &error, true, &mut rng)
                        .unwrap()
                        .as_millis() as u64
                })
                .collect();
            let max = *delays.iter().max().unwrap();
            assert!(max <= ceiling_ms, "attempt {attempt}: {max} > {ceiling_ms}");
            // Full jitter spreads over the whole range, not just near the ceiling.
            assert!(
                delays.iter().any(|&d| d < ceiling_ms / 4),
                "attempt {attempt}"
            );
            assert!(max > ceiling_ms / 2, "attempt {attempt}");
        }
    }

    #[test]
    fn gives_up_after_max_attempts_when_unsafe_or_when_not_transient() {
        let mut rng = StdRng::seed_from_u64(1);
        let error = throttled(None);
        assert!(POLICY.next_delay(5, &error, true, &mut rng).is_some());
        assert_eq!(POLICY.next_delay(6, &error, true, &mut rng), None);
        assert_eq!(POLICY.next_delay(1, &error, false, &mut rng), None);
        let invalid = api_error("InvalidParameter", None);
        assert_eq!(POLICY.next_delay(1, &invalid, true, &mut rng), None);
        assert_eq!(
            RetryPolicy::NONE.next_delay(1, &error, true, &mut rng),
            None
        );
    }

    #[test]
    fn the_clouds_retry_after_wins_up_to_the_cap() {
        let mut rng = StdRng::seed_from_u64(1);
        let wait = Duration::from_millis(1000);
        assert_eq!(
            POLICY.next_delay(1, &throttled(Some(wait)), true, &mut rng),
            Some(wait)
        );
        let too_long = throttled(Some(Duration::from_millis(1001)));
        assert_eq!(POLICY.next_delay(1, &too_long, true, &mut rng), None);
    }
}
