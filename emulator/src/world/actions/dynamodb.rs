//! The DynamoDB-compatible interface of a data center, and its public endpoint.

use shared::actions::{
    AllocateDynamoDbPublicEndpointRequest, AllocateDynamoDbPublicEndpointResponse,
    DescribeDynamoDbEndpointsRequest, DescribeDynamoDbEndpointsResponse, DisableDynamoDBRequest,
    DisableDynamoDBResponse, DynamoDbEndpoint, EnableDynamoDBRequest, EnableDynamoDBResponse,
    ReleaseDynamoDbPublicEndpointRequest, ReleaseDynamoDbPublicEndpointResponse,
};

use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::model::{DataCenter, DynamoDb};
use crate::world::offerings::{DOMAIN, DYNAMODB_PORT};

/// The data center, serving, of a cluster, for a change.
fn data_center<'c>(
    call: &'c mut Call<'_>,
    cluster_id: &str,
    data_center_id: &str,
) -> Result<&'c mut DataCenter, ApiError> {
    let cluster = call.state.cluster_mut(cluster_id)?;
    cluster.ensure_data_center_serving(data_center_id)?;
    cluster.find_data_center_mut(data_center_id)
}

fn enabled(dc: &mut DataCenter) -> Result<&mut DynamoDb, ApiError> {
    let id = dc.id.clone();
    dc.dynamodb
        .as_mut()
        .ok_or_else(|| errors::dynamodb_disabled(&id))
}

pub fn enable_dynamodb(
    call: &mut Call<'_>,
    req: EnableDynamoDBRequest,
) -> Result<EnableDynamoDBResponse, ApiError> {
    let dc = data_center(call, &req.cluster_id, &req.data_center_id)?;
    if dc.dynamodb.is_some() {
        return Err(errors::dynamodb_enabled(&dc.id));
    }
    dc.dynamodb = Some(DynamoDb {
        public_endpoint: false,
    });
    Ok(EnableDynamoDBResponse::default())
}

/// Disabling also releases the public endpoint.
pub fn disable_dynamodb(
    call: &mut Call<'_>,
    req: DisableDynamoDBRequest,
) -> Result<DisableDynamoDBResponse, ApiError> {
    let dc = data_center(call, &req.cluster_id, &req.data_center_id)?;
    enabled(dc)?;
    dc.dynamodb = None;
    Ok(DisableDynamoDBResponse::default())
}

pub fn describe_dynamodb_endpoints(
    call: &mut Call<'_>,
    req: DescribeDynamoDbEndpointsRequest,
) -> Result<DescribeDynamoDbEndpointsResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let endpoints = cluster
        .data_centers
        .iter()
        .filter_map(|dc| dc.dynamodb.map(|dynamodb| (dc, dynamodb)))
        .map(|(dc, dynamodb)| {
            let private = format!("{}-{}-proxy-dynamodb.{DOMAIN}", cluster.id, dc.number);
            DynamoDbEndpoint {
                address: Some(private.clone()),
                data_center_id: Some(dc.id.clone()),
                port: Some(DYNAMODB_PORT),
                private_address: Some(private),
                public_address: dynamodb
                    .public_endpoint
                    .then(|| format!("{}-{}-proxy-dynamodb-pub.{DOMAIN}", cluster.id, dc.number)),
            }
        })
        .collect();
    Ok(DescribeDynamoDbEndpointsResponse {
        endpoints,
        ..Default::default()
    })
}

pub fn allocate_dynamodb_public_endpoint(
    call: &mut Call<'_>,
    req: AllocateDynamoDbPublicEndpointRequest,
) -> Result<AllocateDynamoDbPublicEndpointResponse, ApiError> {
    let dc = data_center(call, &req.cluster_id, &req.data_center_id)?;
    let id = dc.id.clone();
    let dynamodb = enabled(dc)?;
    if dynamodb.public_endpoint {
        return Err(errors::public_endpoint_exists(&id));
    }
    dynamodb.public_endpoint = true;
    Ok(AllocateDynamoDbPublicEndpointResponse::default())
}

pub fn release_dynamodb_public_endpoint(
    call: &mut Call<'_>,
    req: ReleaseDynamoDbPublicEndpointRequest,
) -> Result<ReleaseDynamoDbPublicEndpointResponse, ApiError> {
    let dc = data_center(call, &req.cluster_id, &req.data_center_id)?;
    let id = dc.id.clone();
    let dynamodb = enabled(dc)?;
    if !dynamodb.public_endpoint {
        return Err(errors::no_public_endpoint(&id));
    }
    dynamodb.public_endpoint = false;
    Ok(ReleaseDynamoDbPublicEndpointResponse::default())
}
