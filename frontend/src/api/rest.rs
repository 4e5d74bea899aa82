//! REST types the app needs that `shared::rest` does not have yet (the cluster-operations
//! endpoints are being written). Each moves to `shared::rest` once the server defines it.

use serde::{Deserialize, Serialize};
use shared::actions::{Cluster, ClusterSummary, DataCenter};
use shared::rest::Timestamp;

/// `GET /api/v1/info`: what the panel talks to.
// TODO(rest): move to shared::rest
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Info {
    pub version: String,
    /// Running against the built-in emulator (no AccessKey configured).
    pub sandbox: bool,
}

/// `GET /api/v1/clusters`: every cluster from the latest snapshots.
// TODO(rest): move to shared::rest
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterList {
    pub clusters: Vec<ClusterListItem>,
}

/// One cluster of the list, as DescribeClusters reported it, with where and when.
// TODO(rest): move to shared::rest
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterListItem {
    pub region_id: String,
    /// DescribeClusters' entry (wire names).
    pub cluster: ClusterSummary,
    /// Nodes over all data centers, when the snapshot has them.
    #[serde(default)]
    pub node_count: Option<i32>,
    /// When this snapshot was taken.
    pub refreshed_at: Timestamp,
}

/// `GET /api/v1/clusters/{id}`: one cluster with everything the snapshot holds.
// TODO(rest): move to shared::rest (and grow: dashboard nodes, contact points, whitelist and
// security groups, parameters, backup plans).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterDetail {
    pub region_id: String,
    /// DescribeCluster's `Cluster` (wire names).
    pub cluster: Cluster,
    #[serde(default)]
    pub data_centers: Vec<DataCenter>,
    pub refreshed_at: Timestamp,
}
