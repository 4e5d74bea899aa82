//! A snapshot's content: assembled from the cloud's answers in a canonical order, hashed
//! over its configuration, compared section by section, and summarised for the list.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::actions::{
    BackupPlan, Cluster, ContactPoint, DashboardDataCenter, DataCenter, IpWhitelistGroup,
    Parameter, SecurityGroupId,
};
use shared::enums::{ClusterStatus, PayType};
use shared::rest_clusters::{ClusterSnapshot, ClusterTag, SnapshotSection};

/// The cloud's answers for one cluster, as read.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub cluster: Cluster,
    pub data_centers: Vec<DataCenter>,
    pub nodes: Vec<DashboardDataCenter>,
    pub contact_points: Vec<ContactPoint>,
    pub ip_whitelist_groups: Vec<IpWhitelistGroup>,
    pub security_group_ids: Vec<SecurityGroupId>,
    pub parameters: Vec<Parameter>,
    pub backup_plans: Vec<BackupPlan>,
}

/// The snapshot of `parts`, every list sorted by its key, so that the same configuration
/// always gives the same bytes (and hash) whatever order the cloud answered in.
pub fn assemble(parts: Parts) -> ClusterSnapshot {
    let Parts {
        mut cluster,
        mut data_centers,
        mut nodes,
        mut contact_points,
        mut ip_whitelist_groups,
        mut security_group_ids,
        mut parameters,
        mut backup_plans,
    } = parts;
    cluster
        .tags
        .sort_by(|a, b| (&a.key, &a.value).cmp(&(&b.key, &b.value)));
    data_centers.sort_by(|a, b| a.data_center_id.cmp(&b.data_center_id));
    nodes.sort_by(|a, b| a.data_center_id.cmp(&b.data_center_id));
    for dc in &mut nodes {
        dc.nodes.sort_by(|a, b| a.address.cmp(&b.address));
    }
    contact_points.sort_by(|a, b| a.data_center_id.cmp(&b.data_center_id));
    ip_whitelist_groups.sort_by(|a, b| a.group_name.cmp(&b.group_name));
    security_group_ids.sort();
    parameters.sort_by(|a, b| a.name.cmp(&b.name));
    backup_plans.sort_by(|a, b| a.data_center_id.cmp(&b.data_center_id));
    let mut tags: Vec<ClusterTag> = cluster
        .tags
        .iter()
        .filter_map(|t| {
            let key = t.key.clone()?;
            Some(ClusterTag {
                key,
                value: t.value.clone().unwrap_or_default(),
            })
        })
        .collect();
    tags.sort();
    tags.dedup();
    ClusterSnapshot {
        cluster,
        data_centers,
        nodes,
        contact_points,
        ip_whitelist_groups,
        security_group_ids,
        parameters,
        backup_plans,
        tags,
    }
}

/// SHA-256 of a snapshot's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn of(snapshot: &ClusterSnapshot) -> Self {
        // Serialising a struct (not a map) gives its fields in declaration order, and the
        // lists are sorted by `assemble`: the bytes depend on the content only.
        let bytes = serde_json::to_vec(&configuration(snapshot))
            .expect("snapshot types serialise to JSON without fail");
        Self(Sha256::digest(bytes).into())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// From the database column; `None` if it is not 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }
}

/// The snapshot without what moves on its own: a node's `Load` changes with every write to
/// the cluster, and a timeline entry per refresh would hide the real changes.
fn configuration(snapshot: &ClusterSnapshot) -> ClusterSnapshot {
    let mut config = snapshot.clone();
    for dc in &mut config.nodes {
        for node in dc.nodes.iter_mut() {
            node.load = None;
        }
    }
    config
}

/// The sections whose configuration differs between `old` and `new`, in
/// [`SnapshotSection::ALL`] order.
pub fn changed_sections(old: &ClusterSnapshot, new: &ClusterSnapshot) -> Vec<SnapshotSection> {
    let (old, new) = (configuration(old), configuration(new));
    SnapshotSection::ALL
        .into_iter()
        .filter(|section| match section {
            SnapshotSection::Cluster => old.cluster != new.cluster,
            SnapshotSection::DataCenters => old.data_centers != new.data_centers,
            SnapshotSection::Nodes => old.nodes != new.nodes,
            SnapshotSection::ContactPoints => old.contact_points != new.contact_points,
            SnapshotSection::IpWhitelistGroups => {
                old.ip_whitelist_groups != new.ip_whitelist_groups
            }
            SnapshotSection::SecurityGroupIds => old.security_group_ids != new.security_group_ids,
            SnapshotSection::Parameters => old.parameters != new.parameters,
            SnapshotSection::BackupPlans => old.backup_plans != new.backup_plans,
            SnapshotSection::Tags => old.tags != new.tags,
        })
        .collect()
}

/// What the cluster list shows of a snapshot, stored next to it so listing reads no
/// snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub name: Option<String>,
    pub status: Option<ClusterStatus>,
    pub major_version: Option<String>,
    pub minor_version: Option<String>,
    pub pay_type: Option<PayType>,
    pub data_center_count: u32,
    pub node_count: u32,
    pub tags: Vec<ClusterTag>,
}

impl Summary {
    pub fn of(snapshot: &ClusterSnapshot) -> Self {
        let cluster = &snapshot.cluster;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        // DescribeDataCenters is the authority on sizes; the dashboard lists the same nodes.
        let node_count = snapshot
            .data_centers
            .iter()
            .map(|dc| u32::try_from(dc.node_count.unwrap_or(0)).unwrap_or(0))
            .sum();
        Self {
            name: cluster.cluster_name.clone(),
            status: cluster.status.clone(),
            major_version: cluster.major_version.clone(),
            minor_version: cluster.minor_version.clone(),
            pay_type: cluster.pay_type.clone(),
            data_center_count: count(snapshot.data_centers.len()),
            node_count,
            tags: snapshot.tags.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::actions::{DashboardNode, Tag};
    use shared::enums::NodeStatus;

    use super::*;

    fn parts() -> Parts {
        let node = |address: &str, load: &str| DashboardNode {
            address: Some(address.into()),
            load: Some(load.into()),
            status: Some(NodeStatus::UpNormal),
        };
        let tag = |k: &str, v: &str| Tag {
            key: Some(k.into()),
            value: Some(v.into()),
        };
        let dc = |id: &str, nodes: i32| DataCenter {
            data_center_id: Some(id.into()),
            node_count: Some(nodes),
            ..Default::default()
        };
        let parameter = |name: &str| Parameter {
            name: Some(name.into()),
            ..Default::default()
        };
        Parts {
            cluster: Cluster {
                cluster_id: Some("cds-1".into()),
                cluster_name: Some("orders".into()),
                status: Some(ClusterStatus::Running),
                tags: vec![tag("team", "a"), tag("env", "prod")].into(),
                ..Default::default()
            },
            data_centers: vec![dc("cn-hangzhou-i", 2), dc("cn-hangzhou-h", 3)],
            nodes: vec![DashboardDataCenter {
                data_center_id: Some("cn-hangzhou-h".into()),
                nodes: vec![node("10.0.0.2", "1.1 GiB"), node("10.0.0.1", "2.0 GiB")].into(),
            }],
            security_group_ids: vec!["sg-2".into(), "sg-1".into()],
            parameters: vec![parameter("b"), parameter("a")],
            ..Default::default()
        }
    }

    #[test]
    fn the_order_the_cloud_answers_in_does_not_change_the_hash() {
        let one = assemble(parts());
        let mut reversed = parts();
        reversed.data_centers.reverse();
        reversed.security_group_ids.reverse();
        reversed.parameters.reverse();
        reversed.nodes[0].nodes.reverse();
        reversed.cluster.tags.reverse();
        let two = assemble(reversed);
        assert_eq!(one, two);
        assert_eq!(ContentHash::of(&one), ContentHash::of(&two));
        assert_eq!(
            one.tags.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(),
            ["env", "team"]
        );
        assert_eq!(
            one.data_centers[0].data_center_id.as_deref(),
            Some("cn-hangzhou-h")
        );
    }

    #[test]
    fn node_load_is_not_configuration_but_status_is() {
        let before = assemble(parts());
        let mut busier = before.clone();
        busier.nodes[0].nodes[0].load = Some("9.9 GiB".into());
        assert_eq!(ContentHash::of(&before), ContentHash::of(&busier));
        assert!(changed_sections(&before, &busier).is_empty());

        let mut down = before.clone();
        down.nodes[0].nodes[0].status = Some(NodeStatus::DownNormal);
        assert_ne!(ContentHash::of(&before), ContentHash::of(&down));
        assert_eq!(changed_sections(&before, &down), [SnapshotSection::Nodes]);
    }

    #[test]
    fn changes_name_their_sections() {
        let before = assemble(parts());
        let mut after = before.clone();
        after.cluster.status = Some(ClusterStatus::Resizing);
        after.data_centers[0].disk_size = Some(480);
        after.tags.push(ClusterTag {
            key: "x".into(),
            value: String::new(),
        });
        assert_eq!(
            changed_sections(&before, &after),
            [
                SnapshotSection::Cluster,
                SnapshotSection::DataCenters,
                SnapshotSection::Tags
            ]
        );
        assert_ne!(ContentHash::of(&before), ContentHash::of(&after));
    }

    #[test]
    fn the_summary_counts_data_centers_and_nodes() {
        let summary = Summary::of(&assemble(parts()));
        assert_eq!((summary.data_center_count, summary.node_count), (2, 5));
        assert_eq!(summary.name.as_deref(), Some("orders"));
        assert_eq!(summary.status, Some(ClusterStatus::Running));
    }
}
