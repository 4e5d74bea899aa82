//! Following a cluster after a change: re-read it every `nudge_interval` until its status
//! settles, so the list shows Creating → Running (or Resizing → Running) without anyone
//! refreshing.
//!
//! The cloud may take a moment to report a change, so a cluster that still looks settled is
//! read [`QUIET_POLLS`] times before the watch ends; once it was seen moving, the watch ends
//! at the first settled status. A watch gives up after `nudge_timeout`. Nudging a cluster
//! already watched restarts that watch's count rather than starting a second one.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use tokio::time::Instant;

use super::Snapshots;
use super::refresher::Refreshed;

/// Reads of a cluster that never looked transitional before its watch ends.
pub const QUIET_POLLS: u32 = 3;

/// Watched clusters; the flag says "nudged again while watched".
#[derive(Debug, Default)]
pub struct Watches(Mutex<HashMap<String, bool>>);

impl Watches {
    /// True when a new watch should start; false when one runs (it is told to start over).
    fn begin(&self, cluster_id: &str) -> bool {
        let mut watched = self.lock();
        match watched.get_mut(cluster_id) {
            Some(again) => {
                *again = true;
                false
            }
            None => {
                watched.insert(cluster_id.to_owned(), false);
                true
            }
        }
    }

    /// Called when a watch would end: true (and the watch is over) unless it was nudged again
    /// meanwhile, in which case it goes on.
    fn finish(&self, cluster_id: &str) -> bool {
        let mut watched = self.lock();
        match watched.get_mut(cluster_id) {
            Some(again) if *again => {
                *again = false;
                false
            }
            _ => {
                watched.remove(cluster_id);
                true
            }
        }
    }

    /// Clusters watched now.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, bool>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Starts (or restarts) the watch of `cluster_id`.
pub fn nudge(snapshots: &Snapshots, cluster_id: &str) {
    if snapshots.watches().begin(cluster_id) {
        tokio::spawn(watch(snapshots.clone(), cluster_id.to_owned()));
    }
}

async fn watch(snapshots: Snapshots, cluster_id: String) {
    let settings = snapshots.settings().clone();
    let mut deadline = Instant::now() + settings.nudge_timeout;
    let mut seen_moving = false;
    let mut quiet_polls = 0;
    loop {
        let settled = match snapshots.refresh_cluster(&cluster_id).await {
            Ok(Refreshed::Gone) => true,
            Ok(refreshed) if refreshed.is_transitional() => {
                seen_moving = true;
                false
            }
            Ok(Refreshed::Saved { .. }) => {
                quiet_polls += 1;
                seen_moving || quiet_polls >= QUIET_POLLS
            }
            Err(error) => {
                tracing::warn!(cluster_id, error = ?error, "cannot re-read a changed cluster");
                false
            }
        };
        let timed_out = Instant::now() >= deadline;
        if timed_out {
            tracing::warn!(
                cluster_id,
                "a changed cluster did not settle in time; left to the refresher"
            );
        }
        if settled || timed_out {
            if snapshots.watches().finish(&cluster_id) {
                return;
            }
            // Nudged again meanwhile: follow the new change from the start.
            deadline = Instant::now() + settings.nudge_timeout;
            seen_moving = false;
            quiet_polls = 0;
        }
        tokio::time::sleep(settings.nudge_interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_nudge_restarts_the_running_watch_instead_of_starting_one() {
        let watches = Watches::default();
        assert!(watches.begin("cds-1"));
        assert!(!watches.begin("cds-1"));
        assert!(watches.begin("cds-2"));
        assert_eq!(watches.count(), 2);
        // The first finish sees the second nudge and goes on; the next one ends the watch.
        assert!(!watches.finish("cds-1"));
        assert!(watches.finish("cds-1"));
        assert!(watches.begin("cds-1"), "a finished watch can start again");
    }
}
