//! The emulator's clock: real time by default; tests pin it or run simulated durations faster.
//! (Owned by the world engineer; the gateway uses `now()` for the timestamp window.)

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::OffsetDateTime;

/// Wall-clock time, optionally offset (tests move it forward or pin it to a vector's Timestamp).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + time::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Move the clock so that `now()` returns `at` at this instant.
    pub fn set(&self, at: OffsetDateTime) {
        let delta = at - OffsetDateTime::now_utc();
        self.offset_ms.store(delta.whole_milliseconds() as i64, Ordering::Relaxed);
    }

    /// Move the clock forward.
    pub fn advance(&self, by: std::time::Duration) {
        self.offset_ms.fetch_add(by.as_millis() as i64, Ordering::Relaxed);
    }
}
