//! Backing off when the cloud throttles: one gate shared by every request the refresher
//! makes, closed for a while after a throttling answer.
//!
//! The cloud client already retries a throttled call a few times; when a call still ends
//! throttled, the account (or the API) is over its quota and more requests only dig deeper.
//! So the gate closes for everyone: the pause doubles with each throttled call that meets an
//! open gate (calls already in flight when it closed do not escalate it again), never
//! shorter than the cloud's `x-acs-retry-after`, capped, and back to the base after a success.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::cloud::CloudError;

/// How long the gate stays closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffPolicy {
    /// The first pause.
    pub base: Duration,
    /// The longest pause.
    pub cap: Duration,
    /// Throttled answers one request may meet before its call fails.
    pub max_throttled: u32,
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(60),
            max_throttled: 8,
        }
    }
}

#[derive(Debug)]
pub struct ThrottleGate {
    policy: BackoffPolicy,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Closed until then.
    closed_until: Option<Instant>,
    /// The next pause.
    next_pause: Duration,
    /// Throttled answers seen, for the cycle's report.
    throttled: u64,
}

impl ThrottleGate {
    pub fn new(policy: BackoffPolicy) -> Self {
        let state = State {
            closed_until: None,
            next_pause: policy.base,
            throttled: 0,
        };
        Self {
            policy,
            state: Mutex::new(state),
        }
    }

    pub fn policy(&self) -> BackoffPolicy {
        self.policy
    }

    /// Waits while the gate is closed.
    pub async fn wait_open(&self) {
        // Re-checked after each sleep: another throttled call may have closed it further.
        while let Some(until) = self.closed_until(Instant::now()) {
            tokio::time::sleep_until(until).await;
        }
    }

    fn closed_until(&self, now: Instant) -> Option<Instant> {
        self.state().closed_until.filter(|&until| until > now)
    }

    /// A call ended throttled: close the gate. Returns the pause.
    pub fn throttled(&self, error: &CloudError) -> Duration {
        self.throttled_at(error, Instant::now())
    }

    fn throttled_at(&self, error: &CloudError, now: Instant) -> Duration {
        let retry_after = error.api().and_then(|e| e.retry_after);
        let mut state = self.state();
        state.throttled += 1;
        if let Some(until) = state.closed_until.filter(|&until| until > now) {
            // Already closed: this call was in flight before; do not escalate again.
            let at_least = now + retry_after.unwrap_or_default();
            let until = until.max(at_least);
            state.closed_until = Some(until);
            return until - now;
        }
        let pause = state
            .next_pause
            .max(retry_after.unwrap_or_default())
            .min(self.policy.cap);
        state.closed_until = Some(now + pause);
        state.next_pause = (state.next_pause * 2).min(self.policy.cap);
        pause
    }

    /// A call went through: the next throttling starts from the base pause again.
    pub fn succeeded(&self) {
        self.state().next_pause = self.policy.base;
    }

    /// Throttled answers seen so far.
    pub fn throttled_count(&self) -> u64 {
        self.state().throttled
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // Three plain fields, always consistent: a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::ApiError;

    fn throttling(retry_after: Option<Duration>) -> CloudError {
        CloudError::from(ApiError {
            http_status: 400,
            code: "Throttling.User".into(),
            message: String::new(),
            request_id: None,
            recommend: None,
            host_id: None,
            retry_after,
        })
    }

    const POLICY: BackoffPolicy = BackoffPolicy {
        base: Duration::from_millis(100),
        cap: Duration::from_millis(1000),
        max_throttled: 5,
    };

    #[test]
    fn pauses_double_up_to_the_cap_and_reset_after_a_success() {
        let gate = ThrottleGate::new(POLICY);
        let mut now = Instant::now();
        let mut pauses = Vec::new();
        for _ in 0..6 {
            let pause = gate.throttled_at(&throttling(None), now);
            pauses.push(pause.as_millis());
            now += pause; // the gate reopens before the next throttled call
        }
        assert_eq!(pauses, [100, 200, 400, 800, 1000, 1000]);
        gate.succeeded();
        assert_eq!(gate.throttled_at(&throttling(None), now).as_millis(), 100);
        assert_eq!(gate.throttled_count(), 7);
    }

    #[test]
    fn calls_in_flight_when_the_gate_closed_do_not_escalate_it() {
        let gate = ThrottleGate::new(POLICY);
        let now = Instant::now();
        assert_eq!(gate.throttled_at(&throttling(None), now).as_millis(), 100);
        for _ in 0..10 {
            let left = gate.throttled_at(&throttling(None), now + Duration::from_millis(10));
            assert_eq!(left.as_millis(), 90);
        }
        // The next pause is still only the second step.
        let later = now + Duration::from_millis(100);
        assert_eq!(gate.throttled_at(&throttling(None), later).as_millis(), 200);
    }

    #[test]
    fn the_clouds_retry_after_is_a_floor() {
        let gate = ThrottleGate::new(POLICY);
        let now = Instant::now();
        let pause = gate.throttled_at(&throttling(Some(Duration::from_millis(700))), now);
        assert_eq!(pause.as_millis(), 700);
        assert_eq!(
            gate.closed_until(now),
            Some(now + Duration::from_millis(700))
        );
        assert_eq!(gate.closed_until(now + Duration::from_millis(700)), None);
    }
}
