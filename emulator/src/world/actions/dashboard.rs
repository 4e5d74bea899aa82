//! The dashboard: every node of every data center with its state in the ring and its load.

use shared::actions::{
    Dashboard, DashboardDataCenter, DashboardNode, DescribeClusterDashboardRequest,
    DescribeClusterDashboardResponse,
};
use shared::enums::{ClusterStatus, NodeStatus};

use crate::ApiError;
use crate::world::Call;
use crate::world::model::{Cluster, DataCenter, Node, Ring};
use crate::world::nodetool::load_text;

/// A node's state as nodetool reports it: data centers being created join, those being
/// deleted leave, restarting ones are down, and resized ones show their joining and leaving
/// nodes.
fn node_status(cluster: &Cluster, dc: &DataCenter, node: &Node) -> NodeStatus {
    match cluster.data_center_status(&dc.id) {
        ClusterStatus::Creating => NodeStatus::UpJoining,
        ClusterStatus::Deleting | ClusterStatus::Deleted => NodeStatus::UpLeaving,
        ClusterStatus::Restarting => NodeStatus::DownNormal,
        _ => match node.ring {
            Ring::Normal => NodeStatus::UpNormal,
            Ring::Joining => NodeStatus::UpJoining,
            Ring::Leaving => NodeStatus::UpLeaving,
        },
    }
}

pub fn describe_cluster_dashboard(
    call: &mut Call<'_>,
    req: DescribeClusterDashboardRequest,
) -> Result<DescribeClusterDashboardResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let data_centers = cluster
        .data_centers
        .iter()
        .map(|dc| DashboardDataCenter {
            data_center_id: Some(dc.id.clone()),
            nodes: dc
                .nodes
                .iter()
                .map(|node| DashboardNode {
                    address: Some(node.address.to_string()),
                    load: Some(load_text(node)),
                    status: Some(node_status(cluster, dc, node)),
                })
                .collect(),
        })
        .collect();
    Ok(DescribeClusterDashboardResponse {
        dashboard: Some(Dashboard {
            cluster_id: Some(cluster.id.clone()),
            data_centers,
        }),
        ..Default::default()
    })
}
