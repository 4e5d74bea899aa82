//! The emulated cloud's state: clusters, their data centers and nodes, and everything attached
//! to them. Plain data; what changes it over time is in [`super::lifecycle`], what renders it
//! is in [`super::render`].

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use shared::SecretString;
use shared::enums::{BackupType, ClusterStatus, DiskType, LockMode, PayType, PeriodUnit, Weekday};
use shared::rules::{BackupPeriod, BackupTime, IpVersion, MaintenanceWindow, RetentionPeriod};
use time::OffsetDateTime;

/// A cluster, from creation until it is purged.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub region_id: String,
    pub resource_group_id: String,
    pub major_version: String,
    pub minor_version: String,
    pub created_at: OffsetDateTime,
    /// Daily maintenance window (UTC); `None` until set: the cloud's default, 2:00-4:00Z.
    pub maintenance: Option<MaintenanceWindow>,
    pub phase: Phase,
    /// The change in flight, if any; at most one at a time.
    pub operation: Option<Operation>,
    /// Ordered by creation; the first one carries the cluster's billing.
    pub data_centers: Vec<DataCenter>,
    /// Data center numbers are never reused: addresses embed them (`cds-...-2-core-001`).
    pub next_data_center_number: u32,
    pub tags: BTreeMap<String, String>,
    pub whitelist: BTreeMap<String, WhitelistGroup>,
    pub security_groups: Vec<String>,
    /// Database accounts and their passwords (never rendered).
    pub accounts: BTreeMap<String, SecretString>,
    /// Current parameter values by name (every documented parameter is present).
    pub parameters: BTreeMap<String, String>,
    /// Oldest first.
    pub parameter_history: Vec<ParameterChange>,
    /// Oldest first.
    pub jobs: Vec<NodetoolJob>,
}

/// Where a cluster is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Creating {
        until: OffsetDateTime,
    },
    Active,
    Deleting {
        until: OffsetDateTime,
    },
    /// Listed by DescribeDeletedClusters until PurgeCluster.
    Deleted {
        at: OffsetDateTime,
    },
}

/// A change that takes time, applied when `until` has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub kind: OperationKind,
    pub until: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationKind {
    CreateDataCenter {
        data_center_id: String,
    },
    DeleteDataCenter {
        data_center_id: String,
    },
    ResizeDisk {
        data_center_id: String,
        disk_size: i32,
    },
    /// The nodes being added or removed carry [`Ring::Joining`] / [`Ring::Leaving`].
    ResizeNodes {
        data_center_id: String,
    },
    ChangeInstanceType {
        data_center_id: String,
        instance_type: String,
    },
    /// `None` restarts every data center.
    Reboot {
        data_center_id: Option<String>,
    },
    Upgrade {
        to_minor_version: String,
    },
}

impl OperationKind {
    /// The action that started it, for error messages.
    pub fn action(&self) -> &'static str {
        match self {
            OperationKind::CreateDataCenter { .. } => "CreateDataCenter",
            OperationKind::DeleteDataCenter { .. } => "DeleteDataCenter",
            OperationKind::ResizeDisk { .. } => "ResizeDiskSize",
            OperationKind::ResizeNodes { .. } => "ResizeNodeCount",
            OperationKind::ChangeInstanceType { .. } => "ModifyInstanceType",
            OperationKind::Reboot { .. } => "RebootCluster",
            OperationKind::Upgrade { .. } => "UpgradeClusterVersion",
        }
    }

    /// The cluster's status while this runs: never `Running`, so a client that waits for
    /// `Running` knows the next change will be accepted. Adding or removing a data center
    /// changes the cluster's topology: `Resizing` (the data center itself shows `Creating` or
    /// `Deleting`).
    pub fn cluster_status(&self) -> ClusterStatus {
        match self {
            OperationKind::CreateDataCenter { .. }
            | OperationKind::DeleteDataCenter { .. }
            | OperationKind::ResizeDisk { .. }
            | OperationKind::ResizeNodes { .. }
            | OperationKind::ChangeInstanceType { .. } => ClusterStatus::Resizing,
            OperationKind::Reboot { .. } => ClusterStatus::Restarting,
            OperationKind::Upgrade { .. } => ClusterStatus::Upgrading,
        }
    }

    /// The status of data center `id` while this runs, if this operation touches it.
    pub fn data_center_status(&self, id: &str) -> Option<ClusterStatus> {
        match self {
            OperationKind::CreateDataCenter { data_center_id } if data_center_id == id => {
                Some(ClusterStatus::Creating)
            }
            OperationKind::DeleteDataCenter { data_center_id } if data_center_id == id => {
                Some(ClusterStatus::Deleting)
            }
            OperationKind::ResizeDisk { data_center_id, .. }
            | OperationKind::ResizeNodes { data_center_id }
            | OperationKind::ChangeInstanceType { data_center_id, .. }
                if data_center_id == id =>
            {
                Some(ClusterStatus::Resizing)
            }
            OperationKind::Reboot { data_center_id } => match data_center_id {
                Some(target) if target != id => None,
                _ => Some(ClusterStatus::Restarting),
            },
            OperationKind::Upgrade { .. } => Some(ClusterStatus::Upgrading),
            _ => None,
        }
    }
}

impl Cluster {
    pub fn status(&self) -> ClusterStatus {
        match self.phase {
            Phase::Creating { .. } => ClusterStatus::Creating,
            Phase::Deleting { .. } => ClusterStatus::Deleting,
            Phase::Deleted { .. } => ClusterStatus::Deleted,
            Phase::Active => match &self.operation {
                Some(operation) => operation.kind.cluster_status(),
                None => ClusterStatus::Running,
            },
        }
    }

    pub fn data_center_status(&self, data_center_id: &str) -> ClusterStatus {
        match self.phase {
            Phase::Creating { .. } => ClusterStatus::Creating,
            Phase::Deleting { .. } => ClusterStatus::Deleting,
            Phase::Deleted { .. } => ClusterStatus::Deleted,
            Phase::Active => self
                .operation
                .as_ref()
                .and_then(|operation| operation.kind.data_center_status(data_center_id))
                .unwrap_or(ClusterStatus::Running),
        }
    }

    pub fn is_deleted(&self) -> bool {
        matches!(self.phase, Phase::Deleted { .. })
    }

    pub fn data_center(&self, id: &str) -> Option<&DataCenter> {
        self.data_centers.iter().find(|dc| dc.id == id)
    }

    pub fn data_center_mut(&mut self, id: &str) -> Option<&mut DataCenter> {
        self.data_centers.iter_mut().find(|dc| dc.id == id)
    }

    /// The cluster's billing is its first data center's.
    pub fn billing(&self) -> Option<&Billing> {
        self.data_centers.first().map(|dc| &dc.billing)
    }

    /// Locked when any data center is locked.
    pub fn lock_mode(&self) -> LockMode {
        self.data_centers
            .iter()
            .map(|dc| dc.lock_mode.clone())
            .find(|mode| *mode != LockMode::None)
            .unwrap_or(LockMode::None)
    }

    /// The id without its `cds-` prefix, as public addresses embed it.
    pub fn short_id(&self) -> &str {
        self.id.strip_prefix("cds-").unwrap_or(&self.id)
    }
}

/// How a data center is paid for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Billing {
    PayAsYouGo,
    Subscription {
        unit: PeriodUnit,
        /// The term in months.
        period_months: i32,
        /// Months added at each expiry while auto-renewal is on.
        auto_renew_months: Option<i32>,
        expires_at: OffsetDateTime,
    },
}

impl Billing {
    pub fn pay_type(&self) -> PayType {
        match self {
            Billing::PayAsYouGo => PayType::PayAsYouGo,
            Billing::Subscription { .. } => PayType::Subscription,
        }
    }

    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        match self {
            Billing::PayAsYouGo => None,
            Billing::Subscription { expires_at, .. } => Some(*expires_at),
        }
    }

    pub fn auto_renew_months(&self) -> Option<i32> {
        match self {
            Billing::PayAsYouGo => None,
            Billing::Subscription {
                auto_renew_months, ..
            } => *auto_renew_months,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DataCenter {
    /// Looks like a zone id (`cn-hangzhou-h`), as in the cloud's examples; a cluster has at
    /// most one data center per zone.
    pub id: String,
    /// 1 for the first data center of the cluster, 2 for the next...
    pub number: u32,
    pub name: String,
    pub region_id: String,
    pub zone_id: String,
    pub vpc_id: String,
    pub vswitch_id: String,
    pub instance_type: String,
    pub disk_type: DiskType,
    /// Per node, in GB.
    pub disk_size: i32,
    /// Third octet of the data center's private subnet `192.168.x.0/24`.
    pub subnet: u8,
    pub nodes: Vec<Node>,
    pub billing: Billing,
    pub lock_mode: LockMode,
    pub created_at: OffsetDateTime,
    pub public_contact_points: bool,
    pub dynamodb: Option<DynamoDb>,
    pub backup_plan: Option<BackupPlan>,
    /// Oldest first.
    pub backups: Vec<Backup>,
}

impl DataCenter {
    /// Nodes that are (still) members: joining nodes count once they have joined.
    pub fn node_count(&self) -> i32 {
        let members = self
            .nodes
            .iter()
            .filter(|node| node.ring != Ring::Joining)
            .count();
        i32::try_from(members).unwrap_or(i32::MAX)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// `core-1`, `core-2`, ... (what nodetool jobs list).
    pub name: String,
    pub address: Ipv4Addr,
    pub ring: Ring,
    /// Data held, in MiB (DescribeClusterDashboard's Load).
    pub load_mib: f64,
}

/// A node's membership of the ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ring {
    Normal,
    Joining,
    Leaving,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DynamoDb {
    pub public_endpoint: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhitelistGroup {
    pub ip_version: IpVersion,
    /// Canonical entries (`10.0.0.0/8`, `2001:db8::1`).
    pub ips: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPlan {
    /// UTC time of day the backups start.
    pub backup_time: BackupTime,
    /// Days with a full backup; the other days get an incremental one. `None`: every day.
    pub backup_period: Option<BackupPeriod>,
    pub retention: RetentionPeriod,
    pub active: bool,
    pub created_at: OffsetDateTime,
    /// Backups are generated for scheduled starts after this instant.
    pub scheduled_after: OffsetDateTime,
}

impl BackupPlan {
    /// Whether the run on `day` is a full backup.
    pub fn is_full_backup_day(&self, day: &Weekday) -> bool {
        self.backup_period
            .as_ref()
            .is_none_or(|period| period.days().contains(day))
    }
}

/// A backup, listed once it has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The start, `yyyyMMddHHmmss`.
    pub id: String,
    pub backup_type: BackupType,
    pub started_at: OffsetDateTime,
    pub ended_at: OffsetDateTime,
    pub size_bytes: i64,
    pub files: i64,
    /// Node addresses that took part (the Details JSON's completeNodes).
    pub nodes: Vec<String>,
    pub expires_at: OffsetDateTime,
}

impl Backup {
    pub fn is_done(&self, now: OffsetDateTime) -> bool {
        self.ended_at <= now
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterChange {
    pub name: String,
    pub old_value: String,
    pub new_value: String,
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodetoolJob {
    pub id: String,
    pub data_center_id: String,
    pub region_id: String,
    pub command: String,
    pub arguments: String,
    /// Comma-separated node names (`core-1,core-2`).
    pub nodes: String,
    pub created_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    /// What the job prints; shown once it has ended.
    pub result: String,
    pub error_message: String,
}

impl NodetoolJob {
    pub fn is_ended(&self, now: OffsetDateTime) -> bool {
        self.ends_at <= now
    }
}
