//! Instance management: creating, describing, renaming, deleting and purging clusters, and
//! adding data centers. The changes that take time on a running cluster are in
//! [`super::operations`].

use shared::actions::{
    CreateClusterRequest, CreateClusterResponse, CreateDataCenterRequest, CreateDataCenterResponse,
    DeleteClusterRequest, DeleteClusterResponse, DescribeClusterRequest, DescribeClusterResponse,
    DescribeClusterStatusRequest, DescribeClusterStatusResponse, DescribeClustersRequest,
    DescribeClustersResponse, DescribeDataCenterRequest, DescribeDataCenterResponse,
    DescribeDeletedClustersRequest, DescribeDeletedClustersResponse, DescribeInstanceTypeRequest,
    DescribeInstanceTypeResponse, InstanceTypeSpec, ModifyClusterRequest, ModifyClusterResponse,
    ModifyInstanceMaintainTimeRequest, ModifyInstanceMaintainTimeResponse, PurgeClusterRequest,
    PurgeClusterResponse, TagParam,
};
use shared::enums::{ClusterStatus, DiskType};
use shared::rules::{
    Billing, BillingInput, ClusterName, DataCenterName, DiskSize, MaintenanceWindow, NodeCount,
    Password,
};

use super::{disk_type, instance_type, region, zone};
use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::model::{Cluster, Operation, OperationKind, Phase};
use crate::world::offerings::{self, INSTANCE_TYPES, Region};
use crate::world::paging::Page;
use crate::world::provision::{self, ClusterSpec, DataCenterSpec};
use crate::world::render;
use crate::world::validation::{self, field, fields, optional, required};

/// The data center parameters of a CreateCluster or CreateDataCenter request (both carry them
/// under the same names), borrowed so both can be parsed by [`data_center_spec`].
struct DataCenterParams<'a> {
    name: Option<&'a str>,
    zone_id: &'a str,
    vpc_id: &'a str,
    vswitch_id: &'a str,
    instance_type: &'a str,
    disk_type: &'a DiskType,
    disk_size: i32,
    node_count: i32,
    billing: BillingInput<'a>,
}

macro_rules! data_center_params {
    ($req:expr) => {
        DataCenterParams {
            name: $req.data_center_name.as_deref(),
            zone_id: &$req.zone_id,
            vpc_id: &$req.vpc_id,
            vswitch_id: &$req.vswitch_id,
            instance_type: &$req.instance_type,
            disk_type: &$req.disk_type,
            disk_size: $req.disk_size,
            node_count: $req.node_count,
            billing: BillingInput {
                pay_type: &$req.pay_type,
                period: $req.period,
                period_unit: $req.period_unit.as_ref(),
                auto_renew: $req.auto_renew,
                auto_renew_period: $req.auto_renew_period,
            },
        }
    };
}

fn data_center_spec(region: &Region, p: DataCenterParams<'_>) -> Result<DataCenterSpec, ApiError> {
    Ok(DataCenterSpec {
        name: optional("DataCenterName", p.name, DataCenterName::parse)?
            .map(DataCenterName::into_inner),
        region_id: region.id.to_owned(),
        zone_id: zone(region, p.zone_id)?.to_owned(),
        vpc_id: required("VpcId", p.vpc_id)?.to_owned(),
        vswitch_id: required("VswitchId", p.vswitch_id)?.to_owned(),
        instance_type: instance_type(p.instance_type)?.name.to_owned(),
        disk_type: disk_type(p.disk_type)?,
        disk_size: field("DiskSize", DiskSize::parse(p.disk_size))?.gb(),
        node_count: field("NodeCount", NodeCount::parse(p.node_count))?.get(),
        billing: fields(Billing::parse(p.billing))?,
    })
}

pub fn create_cluster(
    call: &mut Call<'_>,
    req: CreateClusterRequest,
) -> Result<CreateClusterResponse, ApiError> {
    let region = region(&req.region_id)?;
    let major = required("MajorVersion", &req.major_version)?;
    let version = offerings::major_version(major).ok_or_else(|| {
        errors::major_version_not_supported(major, &offerings::supported_major_versions())
    })?;
    let data_center = data_center_spec(region, data_center_params!(req))?;
    let spec = ClusterSpec {
        name: optional(
            "ClusterName",
            req.cluster_name.as_deref(),
            ClusterName::parse,
        )?
        .map(ClusterName::into_inner),
        region,
        resource_group_id: req
            .resource_group_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map(|id| validation::resource_group_id("ResourceGroupId", id))
            .transpose()?,
        major_version: version.major.to_owned(),
        minor_version: version.default_minor.to_owned(),
        password: optional(
            "Password",
            req.password.as_ref().map(|p| p.expose()),
            Password::parse,
        )?
        .map(Password::into_secret),
        first_data_center: data_center,
    };
    let until = call.after(call.config.durations.create_cluster);
    let cluster = loop {
        let cluster = provision::cluster(
            &mut call.state.ids,
            spec.clone(),
            call.now,
            Phase::Creating { until },
        );
        if !call.state.clusters.contains_key(&cluster.id) {
            break cluster;
        }
    };
    let cluster_id = cluster.id.clone();
    call.state.clusters.insert(cluster_id.clone(), cluster);
    Ok(CreateClusterResponse {
        cluster_id: Some(cluster_id),
        ..Default::default()
    })
}

pub fn create_data_center(
    call: &mut Call<'_>,
    req: CreateDataCenterRequest,
) -> Result<CreateDataCenterResponse, ApiError> {
    let region = region(&req.region_id)?;
    let spec = data_center_spec(region, data_center_params!(req))?;
    let until = call.after(call.config.durations.create_data_center);
    let now = call.now;
    let (cluster, ids) = call.state.cluster_and_ids(&req.cluster_id)?;
    cluster.ensure_idle()?;
    if cluster.data_center(&spec.zone_id).is_some() {
        return Err(errors::zone_in_use(&cluster.id, &spec.zone_id));
    }
    let number = cluster.next_data_center_number;
    cluster.next_data_center_number += 1;
    let data_center = provision::data_center(ids, &cluster.id, number, spec, now);
    let data_center_id = data_center.id.clone();
    cluster.data_centers.push(data_center);
    cluster.operation = Some(Operation {
        kind: OperationKind::CreateDataCenter {
            data_center_id: data_center_id.clone(),
        },
        until,
    });
    Ok(CreateDataCenterResponse {
        data_center_id: Some(data_center_id),
        ..Default::default()
    })
}

pub fn delete_cluster(
    call: &mut Call<'_>,
    req: DeleteClusterRequest,
) -> Result<DeleteClusterResponse, ApiError> {
    let until = call.after(call.config.durations.delete_cluster);
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    // An expired (locked) cluster may still be deleted; a busy one may not.
    cluster.ensure_serving()?;
    if let Some(operation) = &cluster.operation {
        return Err(errors::operation_in_progress(operation.kind.action()));
    }
    cluster.phase = Phase::Deleting { until };
    Ok(DeleteClusterResponse::default())
}

pub fn purge_cluster(
    call: &mut Call<'_>,
    req: PurgeClusterRequest,
) -> Result<PurgeClusterResponse, ApiError> {
    let cluster_id = required("ClusterId", &req.cluster_id)?;
    let cluster = call
        .state
        .clusters
        .get(cluster_id)
        .ok_or_else(|| errors::cluster_not_found(cluster_id))?;
    if !cluster.is_deleted() {
        return Err(errors::cluster_status(&cluster.status(), "Deleted"));
    }
    call.state.clusters.remove(cluster_id);
    Ok(PurgeClusterResponse::default())
}

pub fn describe_cluster(
    call: &mut Call<'_>,
    req: DescribeClusterRequest,
) -> Result<DescribeClusterResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let latest = offerings::major_version(&cluster.major_version)
        .map_or(cluster.minor_version.as_str(), |version| version.latest());
    Ok(DescribeClusterResponse {
        cluster: Some(render::cluster_detail(cluster, latest)),
        ..Default::default()
    })
}

pub fn describe_clusters(
    call: &mut Call<'_>,
    req: DescribeClustersRequest,
) -> Result<DescribeClustersResponse, ApiError> {
    let page = Page::new(req.page_number, req.page_size);
    let region_id = req.region_id.as_deref().filter(|id| !id.is_empty());
    if let Some(region_id) = region_id {
        region(region_id)?;
    }
    let matching: Vec<_> = call
        .state
        .live_clusters()
        .into_iter()
        .filter(|cluster| region_id.is_none_or(|id| cluster.region_id == id))
        .filter(|cluster| {
            req.cluster_name
                .as_deref()
                .is_none_or(|name| cluster.name.contains(name))
        })
        .filter(|cluster| {
            req.resource_group_id
                .as_deref()
                .filter(|id| !id.is_empty())
                .is_none_or(|id| cluster.resource_group_id == id)
        })
        .filter(|cluster| has_tags(cluster, &req.tag))
        .collect();
    // Render only the page asked for.
    let (clusters, total) = page.slice(matching);
    Ok(DescribeClustersResponse {
        clusters: clusters.into_iter().map(render::cluster_summary).collect(),
        page_number: Some(page.number),
        page_size: Some(page.size),
        total_count: Some(total),
        ..Default::default()
    })
}

/// Every requested tag is on the cluster (with the requested value, when one is given).
fn has_tags(cluster: &Cluster, wanted: &[TagParam]) -> bool {
    wanted
        .iter()
        .all(|tag| match (cluster.tags.get(&tag.key), &tag.value) {
            (Some(value), Some(wanted)) => value == wanted,
            (Some(_), None) => true,
            (None, _) => false,
        })
}

pub fn describe_cluster_status(
    call: &mut Call<'_>,
    req: DescribeClusterStatusRequest,
) -> Result<DescribeClusterStatusResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    Ok(DescribeClusterStatusResponse {
        created_time: Some(render::iso(cluster.created_at)),
        status: Some(cluster.status()),
        ..Default::default()
    })
}

pub fn describe_deleted_clusters(
    call: &mut Call<'_>,
    req: DescribeDeletedClustersRequest,
) -> Result<DescribeDeletedClustersResponse, ApiError> {
    let page = Page::new(req.page_number, req.page_size);
    let region_id = req.region_id.as_deref().filter(|id| !id.is_empty());
    if let Some(region_id) = region_id {
        region(region_id)?;
    }
    let mut deleted: Vec<&Cluster> = call
        .state
        .clusters
        .values()
        .filter(|cluster| cluster.status() == ClusterStatus::Deleted)
        .filter(|cluster| region_id.is_none_or(|id| cluster.region_id == id))
        .collect();
    // Most recently deleted first.
    deleted.sort_by_key(|cluster| match cluster.phase {
        Phase::Deleted { at } => std::cmp::Reverse(at),
        _ => std::cmp::Reverse(cluster.created_at),
    });
    let (clusters, total) = page.slice(deleted);
    Ok(DescribeDeletedClustersResponse {
        clusters: clusters.into_iter().map(render::deleted_cluster).collect(),
        page_number: Some(page.number),
        page_size: Some(page.size),
        total_count: Some(total),
        ..Default::default()
    })
}

pub fn describe_data_center(
    call: &mut Call<'_>,
    req: DescribeDataCenterRequest,
) -> Result<DescribeDataCenterResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let dc = cluster.find_data_center(&req.data_center_id)?;
    Ok(DescribeDataCenterResponse {
        data_center: render::data_center(cluster, dc),
        ..Default::default()
    })
}

/// An empty InstanceType lists every type (the seed's description); a name filters; an
/// unknown name gives an empty list.
pub fn describe_instance_type(
    _call: &mut Call<'_>,
    req: DescribeInstanceTypeRequest,
) -> Result<DescribeInstanceTypeResponse, ApiError> {
    let wanted = req.instance_type.trim();
    let specs = INSTANCE_TYPES
        .iter()
        .filter(|spec| wanted.is_empty() || spec.name == wanted)
        .map(|spec| InstanceTypeSpec {
            cpu_size: Some(spec.cores),
            instance_type: Some(spec.name.to_owned()),
            mem_size: Some(spec.memory_gb),
        })
        .collect();
    Ok(DescribeInstanceTypeResponse {
        instance_type_spec_list: specs,
        ..Default::default()
    })
}

/// Renames the cluster; without ClusterName (optional in the seed) nothing changes.
pub fn modify_cluster(
    call: &mut Call<'_>,
    req: ModifyClusterRequest,
) -> Result<ModifyClusterResponse, ApiError> {
    let name = optional(
        "ClusterName",
        req.cluster_name.as_deref(),
        ClusterName::parse,
    )?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    if let Some(name) = name {
        cluster.name = name.into_inner();
    }
    Ok(ModifyClusterResponse::default())
}

pub fn modify_instance_maintain_time(
    call: &mut Call<'_>,
    req: ModifyInstanceMaintainTimeRequest,
) -> Result<ModifyInstanceMaintainTimeResponse, ApiError> {
    let window = fields(MaintenanceWindow::parse(
        &req.maintain_start_time,
        &req.maintain_end_time,
    ))?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.maintenance = Some(window);
    Ok(ModifyInstanceMaintainTimeResponse::default())
}
