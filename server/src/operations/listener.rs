//! Who hears about changes: after a mutating call succeeds, every cluster it touched (and a
//! cluster it created) is reported, so the snapshot refresher re-polls it until its status
//! settles instead of waiting for its next round.

use std::sync::Arc;

/// Told about each cluster a successful change touched. Must return quickly (queue the work).
pub trait ChangeListener: Send + Sync + 'static {
    fn cluster_changed(&self, cluster_id: &str);
}

/// Hears nothing (tools and tests that run no refresher).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoListener;

impl ChangeListener for NoListener {
    fn cluster_changed(&self, _cluster_id: &str) {}
}

/// Any closure, e.g. `|id| refresher.nudge(id)`.
impl<F: Fn(&str) + Send + Sync + 'static> ChangeListener for F {
    fn cluster_changed(&self, cluster_id: &str) {
        self(cluster_id)
    }
}

pub type SharedListener = Arc<dyn ChangeListener>;
