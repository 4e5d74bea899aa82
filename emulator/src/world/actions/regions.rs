//! Regions and zones, and a cluster's data centers (listing, renaming, deleting).

use shared::actions::{
    DeleteDataCenterRequest, DeleteDataCenterResponse, DescribeDataCentersRequest,
    DescribeDataCentersResponse, DescribeRegionsRequest, DescribeRegionsResponse,
    ModifyDataCenterRequest, ModifyDataCenterResponse, Region, Zone,
};
use shared::enums::AcceptLanguage;
use shared::rules::DataCenterName;

use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::model::{Operation, OperationKind};
use crate::world::offerings::{REGION_ENDPOINT, REGIONS};
use crate::world::render;
use crate::world::validation::optional;

pub fn describe_regions(
    _call: &mut Call<'_>,
    req: DescribeRegionsRequest,
) -> Result<DescribeRegionsResponse, ApiError> {
    let language = req.accept_language.unwrap_or(AcceptLanguage::ZhCn);
    let regions = REGIONS
        .iter()
        .map(|region| Region {
            local_name: Some(region.local_name(&language).to_owned()),
            region_endpoint: Some(REGION_ENDPOINT.to_owned()),
            region_id: Some(region.id.to_owned()),
            zones: region
                .zones
                .iter()
                .map(|zone| Zone {
                    id: Some((*zone).to_owned()),
                })
                .collect(),
        })
        .collect();
    Ok(DescribeRegionsResponse {
        regions,
        ..Default::default()
    })
}

pub fn describe_data_centers(
    call: &mut Call<'_>,
    req: DescribeDataCentersRequest,
) -> Result<DescribeDataCentersResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let data_centers = cluster
        .data_centers
        .iter()
        .map(|dc| render::data_center(cluster, dc))
        .collect();
    Ok(DescribeDataCentersResponse {
        data_centers,
        ..Default::default()
    })
}

/// Renames a data center; without DataCenterName (optional in the seed) nothing changes.
pub fn modify_data_center(
    call: &mut Call<'_>,
    req: ModifyDataCenterRequest,
) -> Result<ModifyDataCenterResponse, ApiError> {
    let name = optional(
        "DataCenterName",
        req.data_center_name.as_deref(),
        DataCenterName::parse,
    )?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    let dc = cluster.find_data_center_mut(&req.data_center_id)?;
    if let Some(name) = name {
        dc.name = name.into_inner();
    }
    Ok(ModifyDataCenterResponse::default())
}

/// The data center shows `Deleting` until it is gone; the last one cannot be deleted.
pub fn delete_data_center(
    call: &mut Call<'_>,
    req: DeleteDataCenterRequest,
) -> Result<DeleteDataCenterResponse, ApiError> {
    let until = call.after(call.config.durations.delete_data_center);
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    let dc_id = cluster.find_data_center(&req.data_center_id)?.id.clone();
    cluster.ensure_idle()?;
    if cluster.data_centers.len() == 1 {
        return Err(errors::last_data_center());
    }
    cluster.operation = Some(Operation {
        kind: OperationKind::DeleteDataCenter {
            data_center_id: dc_id,
        },
        until,
    });
    Ok(DeleteDataCenterResponse::default())
}
