//! The emulator's clock: real time by default; tests pin it, move it, or run simulated
//! durations faster. (Owned by the world engineer; the gateway uses `now()` for the timestamp
//! window.)
//!
//! Everything that takes time in the emulated cloud (creating a cluster, a resize, a nodetool
//! job) is scheduled as `now() + clock.scaled(duration)`, and the world settles transitions
//! lazily from `now()` on every call. So `advance()` moves them instantly, and a speed factor
//! of 60 makes a one-minute creation take one real second.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use time::{Duration, OffsetDateTime};

/// A shareable clock: clones see the same time and speed.
#[derive(Debug, Clone)]
pub struct Clock {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    mode: Mutex<Mode>,
    /// The speed factor's bits (an `f64`), so reading it takes no lock.
    speed_bits: AtomicU64,
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Wall-clock time plus an offset in milliseconds.
    Running { offset_ms: i64 },
    /// Time stands still at this instant until `set`/`advance` move it.
    Frozen { at: OffsetDateTime },
}

impl Default for Clock {
    fn default() -> Self {
        Self::new(Mode::Running { offset_ms: 0 })
    }
}

impl Clock {
    fn new(mode: Mode) -> Self {
        Self {
            inner: Arc::new(Inner {
                mode: Mutex::new(mode),
                speed_bits: AtomicU64::new(1.0f64.to_bits()),
            }),
        }
    }

    /// A clock that follows real time.
    pub fn real() -> Self {
        Self::default()
    }

    /// A clock that stands still at `at` (deterministic tests): only `set` and `advance` move it.
    pub fn frozen_at(at: OffsetDateTime) -> Self {
        Self::new(Mode::Frozen { at })
    }

    /// The same clock with simulated durations divided by `factor` (e.g. 60: a 60 s creation
    /// takes 1 s). Factors that are not finite and positive are ignored.
    pub fn with_speed(self, factor: f64) -> Self {
        self.set_speed(factor);
        self
    }

    pub fn now(&self) -> OffsetDateTime {
        match *self.mode() {
            Mode::Running { offset_ms } => {
                OffsetDateTime::now_utc() + Duration::milliseconds(offset_ms)
            }
            Mode::Frozen { at } => at,
        }
    }

    /// Move the clock so that `now()` returns `at` at this instant.
    pub fn set(&self, at: OffsetDateTime) {
        let mut mode = self.mode();
        *mode = match *mode {
            Mode::Running { .. } => {
                let delta = at - OffsetDateTime::now_utc();
                Mode::Running {
                    offset_ms: clamp_ms(delta.whole_milliseconds()),
                }
            }
            Mode::Frozen { .. } => Mode::Frozen { at },
        };
    }

    /// Move the clock forward.
    pub fn advance(&self, by: std::time::Duration) {
        let by_ms = clamp_ms(i128::try_from(by.as_millis()).unwrap_or(i128::MAX));
        let mut mode = self.mode();
        *mode = match *mode {
            Mode::Running { offset_ms } => Mode::Running {
                offset_ms: offset_ms.saturating_add(by_ms),
            },
            Mode::Frozen { at } => Mode::Frozen {
                at: at + Duration::milliseconds(by_ms),
            },
        };
    }

    /// The speed factor: simulated durations are divided by it (1 = real durations).
    pub fn speed(&self) -> f64 {
        f64::from_bits(self.inner.speed_bits.load(Ordering::Relaxed))
    }

    /// Change the speed factor; see [`Clock::with_speed`].
    pub fn set_speed(&self, factor: f64) {
        if factor.is_finite() && factor > 0.0 {
            self.inner
                .speed_bits
                .store(factor.to_bits(), Ordering::Relaxed);
        }
    }

    /// How long a simulated duration takes on this clock (at least one millisecond, so a
    /// transition is never over before it starts).
    pub fn scaled(&self, simulated: std::time::Duration) -> Duration {
        let ms = simulated.as_secs_f64() * 1000.0 / self.speed();
        // The cast saturates; durations beyond i64 milliseconds do not occur in practice.
        Duration::milliseconds((ms.ceil() as i64).max(1))
    }

    fn mode(&self) -> std::sync::MutexGuard<'_, Mode> {
        // The guarded value is two words that are always consistent: a poisoned lock is safe.
        self.inner
            .mode
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn clamp_ms(ms: i128) -> i64 {
    i64::try_from(ms).unwrap_or(if ms < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn frozen_clock_moves_only_when_told() {
        let clock = Clock::frozen_at(datetime!(2024-01-01 0:00 UTC));
        assert_eq!(clock.now(), datetime!(2024-01-01 0:00 UTC));
        clock.advance(std::time::Duration::from_secs(90));
        assert_eq!(clock.now(), datetime!(2024-01-01 0:01:30 UTC));
        clock.set(datetime!(2025-06-01 12:00 UTC));
        assert_eq!(clock.clone().now(), datetime!(2025-06-01 12:00 UTC));
    }

    #[test]
    fn running_clock_follows_set_and_advance() {
        let clock = Clock::real();
        clock.set(datetime!(2020-02-26 01:56 UTC));
        let skew = clock.now() - datetime!(2020-02-26 01:56 UTC);
        assert!(
            skew >= Duration::ZERO && skew < Duration::minutes(1),
            "{skew}"
        );
        clock.advance(std::time::Duration::from_secs(3600));
        assert!(clock.now() >= datetime!(2020-02-26 02:56 UTC));
    }

    #[test]
    fn speed_divides_simulated_durations() {
        let clock = Clock::real().with_speed(60.0);
        assert_eq!(
            clock.scaled(std::time::Duration::from_secs(60)),
            Duration::seconds(1)
        );
        clock.set_speed(0.0);
        assert_eq!(clock.speed(), 60.0, "a non-positive factor is ignored");
        clock.set_speed(1.0);
        assert_eq!(
            clock.scaled(std::time::Duration::from_secs(60)),
            Duration::minutes(1)
        );
        assert_eq!(
            clock.scaled(std::time::Duration::ZERO),
            Duration::milliseconds(1)
        );
    }
}
