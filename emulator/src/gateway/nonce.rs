//! Remembered `(AccessKeyId, SignatureNonce)` pairs, so a signed request cannot be replayed
//! (protocol section 8). Only requests whose signature verified are recorded, so unsigned junk
//! cannot fill the memory or burn someone else's nonce.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use time::OffsetDateTime;

/// At most this many pairs (about 100 MB) are remembered; beyond it the oldest are forgotten
/// before their time. Only a sustained load test (over 500 requests/s for 31 minutes) gets
/// there, never a real client.
const CAPACITY: usize = 1 << 20;

/// Shared by the map and the queue, so each pair is stored once.
type Pair = Arc<(Box<str>, Box<str>)>;

/// Nonces seen within the last `ttl` of emulator time.
#[derive(Debug)]
pub(crate) struct NonceCache {
    ttl: time::Duration,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    expiry: HashMap<Pair, OffsetDateTime>,
    /// Pairs in the order they were recorded, for eviction.
    order: VecDeque<(OffsetDateTime, Pair)>,
}

/// The nonce was used already within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NonceUsed;

impl NonceCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            ttl: time::Duration::try_from(ttl).unwrap_or(time::Duration::MAX),
            inner: Mutex::default(),
        }
    }

    /// Record the pair, or refuse it if it was recorded within the window before `now`.
    pub(crate) fn check_and_record(
        &self,
        access_key_id: &str,
        nonce: &str,
        now: OffsetDateTime,
    ) -> Result<(), NonceUsed> {
        // Entries are only added and removed whole: a poisoned lock is still consistent.
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.evict(now);
        let pair: Pair = Arc::new((access_key_id.into(), nonce.into()));
        if inner.expiry.get(&pair).is_some_and(|&until| until > now) {
            return Err(NonceUsed);
        }
        let until = now.saturating_add(self.ttl);
        inner.expiry.insert(Arc::clone(&pair), until);
        inner.order.push_back((until, pair));
        Ok(())
    }
}

impl Inner {
    /// Forget expired pairs from the front, and the oldest beyond [`CAPACITY`]. The clock can
    /// be moved back by tests, so the queue is only roughly sorted; a stale entry left behind
    /// is harmless because lookups compare its expiry.
    fn evict(&mut self, now: OffsetDateTime) {
        while let Some((until, _)) = self.order.front() {
            if *until > now && self.order.len() < CAPACITY {
                break;
            }
            if let Some((until, pair)) = self.order.pop_front()
                && self.expiry.get(&pair) == Some(&until)
            {
                self.expiry.remove(&pair);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_pair_is_refused_within_the_ttl_and_accepted_after_it() {
        let cache = NonceCache::new(Duration::from_secs(31 * 60));
        let t0 = datetime!(2024-01-15 08:30:00 UTC);
        assert_eq!(cache.check_and_record("a", "n1", t0), Ok(()));
        assert_eq!(cache.check_and_record("a", "n1", t0), Err(NonceUsed));
        assert_eq!(
            cache.check_and_record("b", "n1", t0),
            Ok(()),
            "per AccessKeyId"
        );
        assert_eq!(cache.check_and_record("a", "n2", t0), Ok(()));
        let almost = t0 + time::Duration::minutes(31) - time::Duration::milliseconds(1);
        assert_eq!(cache.check_and_record("a", "n1", almost), Err(NonceUsed));
        let after = t0 + time::Duration::minutes(31);
        assert_eq!(cache.check_and_record("a", "n1", after), Ok(()));
        assert_eq!(cache.check_and_record("a", "n1", after), Err(NonceUsed));
    }

    #[test]
    fn expired_pairs_are_forgotten_and_a_clock_moved_back_does_not_lose_newer_pairs() {
        let cache = NonceCache::new(Duration::from_secs(60));
        let t0 = datetime!(2024-01-15 08:30:00 UTC);
        for i in 0..100 {
            cache.check_and_record("a", &i.to_string(), t0).unwrap();
        }
        let later = t0 + time::Duration::minutes(5);
        cache.check_and_record("a", "new", later).unwrap();
        assert_eq!(cache.inner.lock().unwrap().expiry.len(), 1);
        // Back in time: the newer pair is still remembered.
        cache.check_and_record("a", "old", t0).unwrap();
        assert_eq!(cache.check_and_record("a", "new", later), Err(NonceUsed));
    }
}
