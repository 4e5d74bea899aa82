//! What state a cluster or data center must be in for an action to go ahead.

use shared::enums::{ClusterStatus, LockMode};

use super::errors;
use super::model::{Cluster, DataCenter, Phase};
use crate::ApiError;

impl Cluster {
    /// Serving: created and not being deleted. Changes that do not restart anything
    /// (whitelists, passwords, tags' siblings, contact points, ...) need only this.
    pub fn ensure_serving(&self) -> Result<(), ApiError> {
        match self.phase {
            Phase::Active => Ok(()),
            _ => Err(errors::cluster_status(&self.status(), "Running")),
        }
    }

    /// Running with nothing in flight and not locked: needed to start an operation that takes
    /// time (resize, reboot, upgrade, adding or deleting a data center, deleting the cluster).
    pub fn ensure_idle(&self) -> Result<(), ApiError> {
        self.ensure_serving()?;
        if let Some(operation) = &self.operation {
            return Err(errors::operation_in_progress(operation.kind.action()));
        }
        if self.lock_mode() != LockMode::None {
            return Err(errors::cluster_locked());
        }
        Ok(())
    }

    /// A data center of this cluster, whatever its status.
    pub fn find_data_center(&self, id: &str) -> Result<&DataCenter, ApiError> {
        self.data_center(id)
            .ok_or_else(|| errors::data_center_not_found(&self.id, id))
    }

    pub fn find_data_center_mut(&mut self, id: &str) -> Result<&mut DataCenter, ApiError> {
        let cluster_id = self.id.clone();
        self.data_center_mut(id)
            .ok_or_else(|| errors::data_center_not_found(&cluster_id, id))
    }

    /// A data center that is neither being created nor being deleted.
    pub fn ensure_data_center_serving(&self, id: &str) -> Result<(), ApiError> {
        self.ensure_serving()?;
        self.find_data_center(id)?;
        match self.data_center_status(id) {
            status @ (ClusterStatus::Creating | ClusterStatus::Deleting) => {
                Err(errors::data_center_status(id, &status))
            }
            _ => Ok(()),
        }
    }
}
