//! The world's mutable state: clusters by id, the id generator and the idempotency records.

use std::collections::{BTreeMap, HashMap};

use time::OffsetDateTime;

use super::CallContext;
use super::errors;
use super::ids::Ids;
use super::model::Cluster;
use super::validation;
use crate::ApiError;

#[derive(Debug)]
pub struct State {
    pub ids: Ids,
    /// Every cluster until it is purged, deleted ones included.
    pub clusters: BTreeMap<String, Cluster>,
    replays: HashMap<ReplayKey, Recorded>,
}

/// Idempotency scope: the same ClientToken means the same request only for the same caller
/// and action.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReplayKey {
    access_key_id: String,
    action: &'static str,
    client_token: String,
}

impl ReplayKey {
    pub fn new(ctx: &CallContext, action: &'static str, client_token: &str) -> Self {
        Self {
            access_key_id: ctx.access_key_id.clone(),
            action,
            client_token: client_token.to_owned(),
        }
    }
}

#[derive(Debug)]
struct Recorded {
    params: BTreeMap<String, String>,
    answer: serde_json::Value,
}

impl State {
    pub fn new(seed: u64) -> Self {
        Self {
            ids: Ids::new(seed),
            clusters: BTreeMap::new(),
            replays: HashMap::new(),
        }
    }

    pub fn settle(&mut self, now: OffsetDateTime) {
        for cluster in self.clusters.values_mut() {
            cluster.settle(now);
        }
    }

    /// The first answer to this ClientToken, if any; an error when it came with other
    /// parameters.
    pub fn replay(
        &self,
        key: &ReplayKey,
        params: &BTreeMap<String, String>,
    ) -> Result<Option<serde_json::Value>, ApiError> {
        match self.replays.get(key) {
            None => Ok(None),
            Some(recorded) if recorded.params == *params => Ok(Some(recorded.answer.clone())),
            Some(_) => Err(errors::idempotent_mismatch()),
        }
    }

    pub fn remember(
        &mut self,
        key: ReplayKey,
        params: &BTreeMap<String, String>,
        answer: serde_json::Value,
    ) {
        self.replays.insert(
            key,
            Recorded {
                params: params.clone(),
                answer,
            },
        );
    }

    /// A cluster that exists and is not deleted.
    pub fn cluster(&self, id: &str) -> Result<&Cluster, ApiError> {
        let id = validation::required("ClusterId", id)?;
        self.clusters
            .get(id)
            .filter(|cluster| !cluster.is_deleted())
            .ok_or_else(|| errors::cluster_not_found(id))
    }

    pub fn cluster_mut(&mut self, id: &str) -> Result<&mut Cluster, ApiError> {
        let id = validation::required("ClusterId", id)?;
        self.clusters
            .get_mut(id)
            .filter(|cluster| !cluster.is_deleted())
            .ok_or_else(|| errors::cluster_not_found(id))
    }

    /// A live cluster and the id generator, borrowed together (to add nodes or data centers).
    pub fn cluster_and_ids(&mut self, id: &str) -> Result<(&mut Cluster, &mut Ids), ApiError> {
        let id = validation::required("ClusterId", id)?;
        let cluster = self
            .clusters
            .get_mut(id)
            .filter(|cluster| !cluster.is_deleted())
            .ok_or_else(|| errors::cluster_not_found(id))?;
        Ok((cluster, &mut self.ids))
    }

    /// Clusters not deleted, newest first (the console's order), ties by id.
    pub fn live_clusters(&self) -> Vec<&Cluster> {
        let mut clusters: Vec<&Cluster> = self
            .clusters
            .values()
            .filter(|cluster| !cluster.is_deleted())
            .collect();
        clusters.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        clusters
    }
}
