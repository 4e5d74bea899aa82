//! Building new clusters, data centers and nodes from already-validated specifications
//! (shared by the create handlers and the demo seed).

use std::collections::BTreeMap;

use shared::SecretString;
use shared::enums::{DiskType, LockMode};
use shared::rules;
use time::OffsetDateTime;

use super::ids::Ids;
use super::lifecycle::add_months;
use super::model::{Billing, Cluster, DataCenter, Node, Phase, Ring, WhitelistGroup};
use super::offerings::{self, ADMIN_ACCOUNT, Region};
use shared::rules::IpVersion;

/// The resource group clusters land in when CreateCluster names none.
pub const DEFAULT_RESOURCE_GROUP: &str = "rg-default";

/// The whitelist group every cluster starts with, and the one ModifyIpWhitelist sets.
pub const DEFAULT_WHITELIST_GROUP: &str = "default";

/// A data center to build.
#[derive(Debug, Clone)]
pub struct DataCenterSpec {
    pub name: Option<String>,
    pub region_id: String,
    pub zone_id: String,
    pub vpc_id: String,
    pub vswitch_id: String,
    pub instance_type: String,
    pub disk_type: DiskType,
    pub disk_size: i32,
    pub node_count: i32,
    pub billing: rules::Billing,
}

/// A cluster to build, with its first data center.
#[derive(Debug, Clone)]
pub struct ClusterSpec {
    pub name: Option<String>,
    pub region: &'static Region,
    pub resource_group_id: Option<String>,
    pub major_version: String,
    pub minor_version: String,
    pub password: Option<SecretString>,
    pub first_data_center: DataCenterSpec,
}

/// A new cluster in `phase`, with a fresh id.
pub fn cluster(ids: &mut Ids, spec: ClusterSpec, now: OffsetDateTime, phase: Phase) -> Cluster {
    let id = ids.cluster_id(spec.region);
    let data_center = data_center(ids, &id, 1, spec.first_data_center, now);
    let parameters = offerings::PARAMETERS
        .iter()
        .map(|parameter| (parameter.name.to_owned(), parameter.default.to_owned()))
        .collect();
    let accounts = BTreeMap::from([(
        ADMIN_ACCOUNT.to_owned(),
        // Without a password the account exists but nobody can log in until one is set.
        spec.password.unwrap_or_default(),
    )]);
    let whitelist = BTreeMap::from([(
        DEFAULT_WHITELIST_GROUP.to_owned(),
        WhitelistGroup {
            ip_version: IpVersion::V4,
            ips: vec!["127.0.0.1".to_owned()],
        },
    )]);
    Cluster {
        name: spec.name.unwrap_or_else(|| id.clone()),
        id,
        region_id: spec.region.id.to_owned(),
        resource_group_id: spec
            .resource_group_id
            .unwrap_or_else(|| DEFAULT_RESOURCE_GROUP.to_owned()),
        major_version: spec.major_version,
        minor_version: spec.minor_version,
        created_at: now,
        maintenance: None,
        phase,
        operation: None,
        data_centers: vec![data_center],
        next_data_center_number: 2,
        tags: BTreeMap::new(),
        whitelist,
        security_groups: Vec::new(),
        accounts,
        parameters,
        parameter_history: Vec::new(),
        jobs: Vec::new(),
    }
}

/// A new data center numbered `number` in cluster `cluster_id`. Its id is its zone's.
pub fn data_center(
    ids: &mut Ids,
    cluster_id: &str,
    number: u32,
    spec: DataCenterSpec,
    now: OffsetDateTime,
) -> DataCenter {
    let subnet = ids.subnet();
    let nodes = (0..usize::try_from(spec.node_count).unwrap_or(0))
        .map(|index| node(ids, subnet, index, Ring::Normal))
        .collect();
    DataCenter {
        id: spec.zone_id.clone(),
        number,
        name: spec
            .name
            .unwrap_or_else(|| format!("{cluster_id}-{number}")),
        region_id: spec.region_id,
        zone_id: spec.zone_id,
        vpc_id: spec.vpc_id,
        vswitch_id: spec.vswitch_id,
        instance_type: spec.instance_type,
        disk_type: spec.disk_type,
        disk_size: spec.disk_size,
        subnet,
        nodes,
        billing: billing(spec.billing, now),
        lock_mode: LockMode::None,
        created_at: now,
        public_contact_points: false,
        dynamodb: None,
        backup_plan: None,
        backups: Vec::new(),
    }
}

/// Node `index` (0-based) of a data center on `subnet`: `core-1` at `192.168.subnet.10`...
pub fn node(ids: &mut Ids, subnet: u8, index: usize, ring: Ring) -> Node {
    Node {
        name: format!("core-{}", index + 1),
        address: Ids::node_address(subnet, index),
        ring,
        load_mib: ids.load_mib(),
    }
}

/// The stored billing of a validated choice bought at `now`.
pub fn billing(choice: rules::Billing, now: OffsetDateTime) -> Billing {
    match choice {
        rules::Billing::PayAsYouGo => Billing::PayAsYouGo,
        rules::Billing::Subscription { term, auto_renew } => Billing::Subscription {
            unit: term.unit(),
            period_months: term.period(),
            auto_renew_months: auto_renew.map(|period| period.months()),
            expires_at: add_months(now, term.period()),
        },
    }
}
