//! The panel's cluster reads (`/api/v1/clusters`): cached snapshots of every cluster, how old
//! they are, and the timeline of their configuration.
//!
//! The snapshot's parts are the cloud's own response types ([`crate::actions`]), so a field
//! reads the same here as in the matching `POST /api/v1/actions/{Action}` answer (wire names,
//! lists wrapped as `{"Element": [...]}`). The envelope around them uses our snake_case names.

use serde::{Deserialize, Serialize};

use crate::actions::{
    BackupPlan, Cluster, ContactPoint, DashboardDataCenter, DataCenter, IpWhitelistGroup,
    Parameter, SecurityGroupId,
};
use crate::enums::{ClusterStatus, PayType};
use crate::rest::Timestamp;

/// `GET /api/v1/clusters` query parameters; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterFilter {
    /// Only clusters in this region (`cn-hangzhou`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Only clusters in this status (`Running`, `Creating`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ClusterStatus>,
    /// Only clusters whose name contains this text (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Only clusters with this tag: `key` (any value) or `key=value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Also list clusters the cloud no longer returns (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_deleted: Option<bool>,
}

/// A `tag` filter, parsed: `key` or `key=value` (split at the first `=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFilter {
    pub key: String,
    /// `None`: any value.
    pub value: Option<String>,
}

impl TagFilter {
    pub fn parse(text: &str) -> Self {
        match text.split_once('=') {
            Some((key, value)) => Self {
                key: key.to_owned(),
                value: Some(value.to_owned()),
            },
            None => Self {
                key: text.to_owned(),
                value: None,
            },
        }
    }

    pub fn matches(&self, tags: &[ClusterTag]) -> bool {
        tags.iter()
            .any(|t| t.key == self.key && self.value.as_ref().is_none_or(|v| *v == t.value))
    }
}

/// `?fresh=true` on `GET /api/v1/clusters/{id}`: ask the cloud now, store and answer that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreshQuery {
    #[serde(default)]
    pub fresh: bool,
}

/// How old a cached snapshot is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freshness {
    /// When the cloud was last read for this cluster.
    pub fetched_at: Timestamp,
    /// Seconds between `fetched_at` and this answer.
    pub age_seconds: u64,
    /// When the snapshot's content last changed (the newest timeline entry).
    pub changed_at: Timestamp,
    /// When the cloud stopped listing the cluster; `None` while it exists.
    pub deleted_at: Option<Timestamp>,
}

/// A tag on a cluster.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClusterTag {
    pub key: String,
    /// Empty when the tag has no value.
    pub value: String,
}

/// `GET /api/v1/clusters`: the clusters the caller may see, sorted by region then name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterList {
    pub clusters: Vec<ClusterListItem>,
}

/// One cluster of the list: the columns a table shows, from its snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterListItem {
    pub cluster_id: String,
    pub region_id: String,
    pub name: Option<String>,
    pub status: Option<ClusterStatus>,
    pub major_version: Option<String>,
    pub minor_version: Option<String>,
    pub pay_type: Option<PayType>,
    pub data_center_count: u32,
    /// Nodes in every data center.
    pub node_count: u32,
    pub tags: Vec<ClusterTag>,
    #[serde(flatten)]
    pub freshness: Freshness,
}

/// `GET /api/v1/clusters/{id}`: the whole snapshot and how old it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterDetail {
    pub cluster_id: String,
    pub region_id: String,
    #[serde(flatten)]
    pub freshness: Freshness,
    pub snapshot: ClusterSnapshot,
}

/// Everything the panel keeps about one cluster, as the cloud described it.
///
/// Lists are sorted by their natural key (data center id, parameter name, ...), so the same
/// configuration always serialises to the same bytes whatever order the cloud used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterSnapshot {
    /// `DescribeCluster`.
    pub cluster: Cluster,
    /// `DescribeDataCenters`.
    pub data_centers: Vec<DataCenter>,
    /// `DescribeClusterDashboard`: every node of every data center.
    pub nodes: Vec<DashboardDataCenter>,
    /// `DescribeContactPoints`.
    pub contact_points: Vec<ContactPoint>,
    /// `DescribeIpWhitelistGroups`.
    pub ip_whitelist_groups: Vec<IpWhitelistGroup>,
    /// `DescribeSecurityGroups`.
    pub security_group_ids: Vec<SecurityGroupId>,
    /// `DescribeParameters` (every page).
    pub parameters: Vec<Parameter>,
    /// `DescribeBackupPlans`.
    pub backup_plans: Vec<BackupPlan>,
    /// The cluster's tags (`DescribeCluster`'s `Tags`), sorted by key.
    pub tags: Vec<ClusterTag>,
}

/// A part of a [`ClusterSnapshot`], as the timeline names what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotSection {
    Cluster,
    DataCenters,
    Nodes,
    ContactPoints,
    IpWhitelistGroups,
    SecurityGroupIds,
    Parameters,
    BackupPlans,
    Tags,
}

impl SnapshotSection {
    pub const ALL: [SnapshotSection; 9] = [
        Self::Cluster,
        Self::DataCenters,
        Self::Nodes,
        Self::ContactPoints,
        Self::IpWhitelistGroups,
        Self::SecurityGroupIds,
        Self::Parameters,
        Self::BackupPlans,
        Self::Tags,
    ];

    /// The wire (and database) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cluster => "cluster",
            Self::DataCenters => "data_centers",
            Self::Nodes => "nodes",
            Self::ContactPoints => "contact_points",
            Self::IpWhitelistGroups => "ip_whitelist_groups",
            Self::SecurityGroupIds => "security_group_ids",
            Self::Parameters => "parameters",
            Self::BackupPlans => "backup_plans",
            Self::Tags => "tags",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// `GET /api/v1/clusters/{id}/timeline` query parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineQuery {
    /// Keyset cursor: only entries older than this one (the previous page's `next_before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// Page size, 1-100 (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// A page of a cluster's configuration timeline, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub cluster_id: String,
    pub entries: Vec<TimelineEntry>,
    /// Pass as `before` for the next (older) page; `None` on the last page.
    pub next_before: Option<i64>,
}

/// One configuration of a cluster: kept when a refresh found something different.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: i64,
    /// When the refresher first saw this configuration.
    pub observed_at: Timestamp,
    /// What differs from the previous entry (every section for the first one).
    pub changed: Vec<SnapshotSection>,
    pub snapshot: ClusterSnapshot,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str) -> ClusterTag {
        ClusterTag {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn tag_filters_match_a_key_or_a_key_and_value() {
        let tags = [tag("env", "prod"), tag("team", "")];
        assert!(TagFilter::parse("env").matches(&tags));
        assert!(TagFilter::parse("env=prod").matches(&tags));
        assert!(!TagFilter::parse("env=dev").matches(&tags));
        assert!(TagFilter::parse("team=").matches(&tags));
        assert!(!TagFilter::parse("owner").matches(&tags));
        assert_eq!(TagFilter::parse("a=b=c").value.as_deref(), Some("b=c"));
    }

    #[test]
    fn sections_spell_as_serde_does() {
        for section in SnapshotSection::ALL {
            assert_eq!(serde_json::to_value(section).unwrap(), section.as_str());
            assert_eq!(SnapshotSection::parse(section.as_str()), Some(section));
        }
        assert_eq!(SnapshotSection::parse("everything"), None);
    }

    #[test]
    fn list_items_put_their_age_next_to_the_columns() {
        let item = ClusterListItem {
            cluster_id: "cds-1".into(),
            region_id: "cn-hangzhou".into(),
            name: Some("orders".into()),
            status: Some(ClusterStatus::Running),
            major_version: Some("3.11".into()),
            minor_version: None,
            pay_type: None,
            data_center_count: 1,
            node_count: 3,
            tags: vec![tag("env", "prod")],
            freshness: Freshness {
                fetched_at: "2026-12-04T00:00:00Z".into(),
                age_seconds: 7,
                changed_at: "2026-12-03T00:00:00Z".into(),
                deleted_at: None,
            },
        };
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["age_seconds"], 7);
        assert_eq!(json["status"], "Running");
        assert_eq!(json["tags"][0]["key"], "env");
        let back: ClusterListItem = serde_json::from_value(json).unwrap();
        assert_eq!(back, item);
    }

    #[test]
    fn snapshots_round_trip_through_json() {
        let snapshot: ClusterSnapshot = serde_json::from_str(
            r#"{"cluster": {"ClusterId": "cds-1", "MajorVersion": 3.11, "Tags": {"Tag": {"Key": "a", "Value": "b"}}},
                "security_group_ids": ["sg-1"], "tags": [{"key": "a", "value": "b"}]}"#,
        )
        .unwrap();
        assert_eq!(snapshot.cluster.major_version.as_deref(), Some("3.11"));
        assert_eq!(snapshot.cluster.tags.len(), 1);
        let again: ClusterSnapshot =
            serde_json::from_str(&serde_json::to_string(&snapshot).unwrap()).unwrap();
        assert_eq!(again, snapshot);
    }
}
