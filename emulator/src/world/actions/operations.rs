//! Changes to a running cluster that take time: the cluster (or data center) shows a
//! transitional status (`Resizing`, `Restarting`, `Upgrading`) until the change is applied,
//! and only one such change runs at a time.

use shared::actions::{
    ModifyInstanceTypeRequest, ModifyInstanceTypeResponse, RebootClusterRequest,
    RebootClusterResponse, ResizeDiskSizeRequest, ResizeDiskSizeResponse, ResizeNodeCountRequest,
    ResizeNodeCountResponse, UpgradeClusterVersionRequest, UpgradeClusterVersionResponse,
};
use shared::rules::{DiskSize, NodeCount};

use super::instance_type;
use crate::ApiError;
use crate::world::errors;
use crate::world::model::{Cluster, Operation, OperationKind, Ring};
use crate::world::offerings;
use crate::world::provision;
use crate::world::validation::field;
use crate::world::{Call, Durations};

/// The cluster to change, idle, and the time the change will take on this clock.
fn start<'c>(
    call: &'c mut Call<'_>,
    cluster_id: &str,
    takes: fn(&Durations) -> std::time::Duration,
) -> Result<(&'c mut Cluster, time::OffsetDateTime), ApiError> {
    let until = call.after(takes(&call.config.durations));
    let cluster = call.state.cluster_mut(cluster_id)?;
    cluster.ensure_idle()?;
    Ok((cluster, until))
}

pub fn modify_instance_type(
    call: &mut Call<'_>,
    req: ModifyInstanceTypeRequest,
) -> Result<ModifyInstanceTypeResponse, ApiError> {
    let (cluster, until) = start(call, &req.cluster_id, |d| d.change_instance_type)?;
    let dc = cluster.find_data_center(&req.data_center_id)?;
    let new_type = instance_type(&req.instance_type)?;
    if dc.instance_type == new_type.name {
        return Err(errors::instance_type_unchanged(new_type.name));
    }
    cluster.operation = Some(Operation {
        kind: OperationKind::ChangeInstanceType {
            data_center_id: dc.id.clone(),
            instance_type: new_type.name.to_owned(),
        },
        until,
    });
    Ok(ModifyInstanceTypeResponse::default())
}

/// Restarts every data center, or only `DataCenterId` when given (an SDK-only parameter).
pub fn reboot_cluster(
    call: &mut Call<'_>,
    req: RebootClusterRequest,
) -> Result<RebootClusterResponse, ApiError> {
    let (cluster, until) = start(call, &req.cluster_id, |d| d.reboot)?;
    let data_center_id = match req.data_center_id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => Some(cluster.find_data_center(id)?.id.clone()),
        None => None,
    };
    cluster.operation = Some(Operation {
        kind: OperationKind::Reboot { data_center_id },
        until,
    });
    Ok(RebootClusterResponse::default())
}

pub fn resize_disk_size(
    call: &mut Call<'_>,
    req: ResizeDiskSizeRequest,
) -> Result<ResizeDiskSizeResponse, ApiError> {
    let (cluster, until) = start(call, &req.cluster_id, |d| d.resize_disk)?;
    let dc = cluster.find_data_center(&req.data_center_id)?;
    let size = field("DiskSize", DiskSize::grow_only(dc.disk_size, req.disk_size))?;
    cluster.operation = Some(Operation {
        kind: OperationKind::ResizeDisk {
            data_center_id: dc.id.clone(),
            disk_size: size.gb(),
        },
        until,
    });
    Ok(ResizeDiskSizeResponse::default())
}

/// New nodes join at once (`UpJoining` on the dashboard); surplus nodes leave (`UpLeaving`).
/// Both settle when the operation ends.
pub fn resize_node_count(
    call: &mut Call<'_>,
    req: ResizeNodeCountRequest,
) -> Result<ResizeNodeCountResponse, ApiError> {
    let until = call.after(call.config.durations.resize_nodes);
    let (cluster, ids) = call.state.cluster_and_ids(&req.cluster_id)?;
    cluster.ensure_idle()?;
    let dc = cluster.find_data_center_mut(&req.data_center_id)?;
    let current = dc.node_count();
    let target = field("NodeCount", NodeCount::change(current, req.node_count))?.get();
    let (current, target) = (
        usize::try_from(current).unwrap_or(0),
        usize::try_from(target).unwrap_or(0),
    );
    if target > current {
        for index in current..target {
            let node = provision::node(ids, dc.subnet, index, Ring::Joining);
            dc.nodes.push(node);
        }
    } else {
        for node in dc.nodes.iter_mut().skip(target) {
            node.ring = Ring::Leaving;
        }
    }
    let data_center_id = dc.id.clone();
    cluster.operation = Some(Operation {
        kind: OperationKind::ResizeNodes { data_center_id },
        until,
    });
    Ok(ResizeNodeCountResponse::default())
}

/// Moves the cluster to the latest minor version of its major version.
pub fn upgrade_cluster_version(
    call: &mut Call<'_>,
    req: UpgradeClusterVersionRequest,
) -> Result<UpgradeClusterVersionResponse, ApiError> {
    let (cluster, until) = start(call, &req.cluster_id, |d| d.upgrade)?;
    let latest = offerings::major_version(&cluster.major_version)
        .map_or(cluster.minor_version.as_str(), |version| version.latest());
    if cluster.minor_version == latest {
        return Err(errors::latest_version(latest));
    }
    cluster.operation = Some(Operation {
        kind: OperationKind::Upgrade {
            to_minor_version: latest.to_owned(),
        },
        until,
    });
    Ok(UpgradeClusterVersionResponse::default())
}
