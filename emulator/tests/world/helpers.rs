//! A world on a frozen clock, called the way the gateway calls it, with typed requests in and
//! typed responses out.

use std::collections::BTreeMap;
use std::time::Duration;

use emulator::ApiError;
use emulator::clock::Clock;
use emulator::world::{CallContext, World, WorldConfig};
use shared::Action;
use shared::actions::*;
use shared::enums::{DiskType, PayType};
use time::OffsetDateTime;
use time::macros::datetime;

pub const START: OffsetDateTime = datetime!(2024-03-04 08:00 UTC);
pub const KEY: &str = "LTAI5tTestKey";

pub struct TestWorld {
    pub world: World,
    pub clock: Clock,
    pub key: String,
}

impl TestWorld {
    pub fn new() -> Self {
        Self::with_config(WorldConfig {
            seed: 7,
            ..WorldConfig::default()
        })
    }

    pub fn with_config(config: WorldConfig) -> Self {
        let clock = Clock::frozen_at(START);
        Self {
            world: World::new(clock.clone(), config),
            clock,
            key: KEY.to_owned(),
        }
    }

    pub fn demo() -> Self {
        let clock = Clock::frozen_at(START);
        let config = WorldConfig {
            seed: 7,
            ..WorldConfig::default()
        };
        Self {
            world: World::with_demo_data(clock.clone(), config),
            clock,
            key: KEY.to_owned(),
        }
    }

    /// The same world seen by another AccessKey.
    pub fn as_key(&self, key: &str) -> Caller<'_> {
        Caller {
            world: &self.world,
            key: key.to_owned(),
        }
    }

    pub fn call<A: Action>(&self, request: &A) -> Result<A::Response, ApiError> {
        self.as_key(&self.key).call(request)
    }

    /// Call with raw wire parameters (for values the typed requests cannot hold).
    pub fn raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<serde_json::Value, ApiError> {
        let params: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.world.handle(action, &params, &context(&self.key))
    }

    pub fn advance(&self, seconds: u64) {
        self.clock.advance(Duration::from_secs(seconds));
    }

    /// A new cluster's id (still Creating).
    pub fn create(&self, request: CreateClusterRequest) -> String {
        let response = self.call(&request).expect("CreateCluster");
        response
            .cluster_id
            .expect("CreateCluster answers a ClusterId")
    }

    /// A cluster created and given time to become Running.
    pub fn running_cluster(&self, token: &str) -> String {
        let id = self.create(create_cluster(token));
        self.advance(3600);
        assert_eq!(self.status(&id), "Running");
        id
    }

    pub fn status(&self, cluster_id: &str) -> String {
        let response = self
            .call(&cluster_status(cluster_id))
            .expect("DescribeClusterStatus");
        response.status.expect("a status").to_string()
    }

    pub fn cluster(&self, cluster_id: &str) -> Cluster {
        let request = DescribeClusterRequest {
            cluster_id: cluster_id.into(),
        };
        self.call(&request)
            .expect("DescribeCluster")
            .cluster
            .expect("a Cluster")
    }

    pub fn data_centers(&self, cluster_id: &str) -> Vec<DataCenter> {
        let request = DescribeDataCentersRequest {
            cluster_id: cluster_id.into(),
        };
        self.call(&request)
            .expect("DescribeDataCenters")
            .data_centers
            .0
    }

    /// The first data center's id.
    pub fn first_dc(&self, cluster_id: &str) -> String {
        self.data_centers(cluster_id)[0]
            .data_center_id
            .clone()
            .expect("a DataCenterId")
    }
}

pub struct Caller<'w> {
    world: &'w World,
    key: String,
}

impl Caller<'_> {
    /// Send `request` as its wire parameters and read the answer as the response type.
    pub fn call<A: Action>(&self, request: &A) -> Result<A::Response, ApiError> {
        let params: BTreeMap<String, String> = request.to_params().into_iter().collect();
        let value = self
            .world
            .handle(A::META.name, &params, &context(&self.key))?;
        assert!(
            value.get("RequestId").is_none(),
            "the gateway adds RequestId, not the world"
        );
        Ok(serde_json::from_value(value).expect("the answer parses as the response type"))
    }
}

fn context(key: &str) -> CallContext {
    CallContext {
        access_key_id: key.to_owned(),
        request_id: "4C467B38-3910-447D-87BC-AC049166F216".into(),
    }
}

/// A valid pay-as-you-go CreateCluster in cn-hangzhou-h.
pub fn create_cluster(token: &str) -> CreateClusterRequest {
    CreateClusterRequest {
        client_token: token.into(),
        disk_size: 160,
        disk_type: DiskType::CloudSsd,
        instance_type: "cassandra.c.xlarge".into(),
        major_version: "3.11".into(),
        node_count: 3,
        pay_type: PayType::PayAsYouGo,
        region_id: "cn-hangzhou".into(),
        vpc_id: "vpc-bp1oxxxxxxxxxxgzv26cd".into(),
        vswitch_id: "vsw-oqscxxxxxxxxxxxxx5e8c".into(),
        zone_id: "cn-hangzhou-h".into(),
        period_unit: None,
        period: None,
        auto_renew: None,
        auto_renew_period: None,
        cluster_name: Some("apitest".into()),
        data_center_name: None,
        password: Some("Alibaba123!@#".into()),
        resource_group_id: None,
    }
}

/// A valid CreateDataCenter for `cluster_id` in `zone_id` (cn-hangzhou).
pub fn create_data_center(cluster_id: &str, zone_id: &str, token: &str) -> CreateDataCenterRequest {
    CreateDataCenterRequest {
        client_token: token.into(),
        cluster_id: cluster_id.into(),
        disk_size: 160,
        disk_type: DiskType::CloudEssd,
        instance_type: "cassandra.c.large".into(),
        node_count: 2,
        pay_type: PayType::PayAsYouGo,
        region_id: "cn-hangzhou".into(),
        vpc_id: "vpc-bp1oxxxxxxxxxxgzv26cd".into(),
        vswitch_id: "vsw-oqscxxxxxxxxxxxxx5e8c".into(),
        zone_id: zone_id.into(),
        period_unit: None,
        period: None,
        auto_renew: None,
        auto_renew_period: None,
        data_center_name: Some("second".into()),
    }
}

pub fn cluster_status(cluster_id: &str) -> DescribeClusterStatusRequest {
    DescribeClusterStatusRequest {
        cluster_id: cluster_id.into(),
    }
}

/// Assert an error's code, and that its message names `field` (when given).
pub fn assert_error<T: std::fmt::Debug>(
    result: Result<T, ApiError>,
    code: &str,
    field: Option<&str>,
) -> ApiError {
    let error = result.expect_err("the call should fail");
    assert_eq!(error.code, code, "{error:?}");
    if let Some(field) = field {
        assert!(
            error.message.contains(&format!("\"{field}\"")),
            "message should name {field}: {error:?}"
        );
    }
    assert!((400..500).contains(&error.status), "{error:?}");
    error
}

/// The rule code an InvalidParameter message ends with, e.g. `password.classes`.
pub fn rule_of(error: &ApiError) -> &str {
    error
        .message
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or("")
}

/// DescribeClusters with no filter, in `region` (all regions when `None`).
pub fn list_clusters(region: Option<&str>) -> DescribeClustersRequest {
    DescribeClustersRequest {
        region_id: region.map(Into::into),
        page_number: None,
        page_size: None,
        tag: vec![],
        cluster_name: None,
        resource_group_id: None,
    }
}
