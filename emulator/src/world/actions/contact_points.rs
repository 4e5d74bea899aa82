//! CQL contact points: private addresses per node, public ones on demand.

use shared::actions::{
    AllocatePublicContactPointsRequest, AllocatePublicContactPointsResponse, ContactPoint,
    DescribeContactPointsRequest, DescribeContactPointsResponse, PrivateAddress, PublicAddress,
    ReleasePublicContactPointsRequest, ReleasePublicContactPointsResponse,
};

use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::model::{Cluster, DataCenter, Ring};
use crate::world::offerings::{CQL_PORT, DOMAIN};

/// One address per member node: `cds-xxx-1-core-001.cassandra.rds.aliyuncs.com` privately,
/// `cds-proxy-pub-xxx-1-core-001...` publicly (the seed's shapes).
fn addresses(cluster: &Cluster, dc: &DataCenter, public: bool) -> Vec<String> {
    dc.nodes
        .iter()
        .filter(|node| node.ring != Ring::Joining)
        .enumerate()
        .map(|(index, _)| {
            let host = format!("{}-core-{:03}", dc.number, index + 1);
            if public {
                format!("cds-proxy-pub-{}-{host}.{DOMAIN}", cluster.short_id())
            } else {
                format!("{}-{host}.{DOMAIN}", cluster.id)
            }
        })
        .collect()
}

pub fn describe_contact_points(
    call: &mut Call<'_>,
    req: DescribeContactPointsRequest,
) -> Result<DescribeContactPointsResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let contact_points = cluster
        .data_centers
        .iter()
        .map(|dc| ContactPoint {
            data_center_id: Some(dc.id.clone()),
            port: Some(CQL_PORT),
            private_addresses: addresses(cluster, dc, false)
                .into_iter()
                .map(PrivateAddress)
                .collect(),
            public_addresses: if dc.public_contact_points {
                addresses(cluster, dc, true)
                    .into_iter()
                    .map(PublicAddress)
                    .collect()
            } else {
                Default::default()
            },
        })
        .collect();
    Ok(DescribeContactPointsResponse {
        contact_points,
        ..Default::default()
    })
}

pub fn allocate_public_contact_points(
    call: &mut Call<'_>,
    req: AllocatePublicContactPointsRequest,
) -> Result<AllocatePublicContactPointsResponse, ApiError> {
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_data_center_serving(&req.data_center_id)?;
    let dc = cluster.find_data_center_mut(&req.data_center_id)?;
    if dc.public_contact_points {
        return Err(errors::public_endpoint_exists(&dc.id));
    }
    dc.public_contact_points = true;
    Ok(AllocatePublicContactPointsResponse::default())
}

pub fn release_public_contact_points(
    call: &mut Call<'_>,
    req: ReleasePublicContactPointsRequest,
) -> Result<ReleasePublicContactPointsResponse, ApiError> {
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.ensure_data_center_serving(&req.data_center_id)?;
    let dc = cluster.find_data_center_mut(&req.data_center_id)?;
    if !dc.public_contact_points {
        return Err(errors::no_public_endpoint(&dc.id));
    }
    dc.public_contact_points = false;
    Ok(ReleasePublicContactPointsResponse::default())
}
